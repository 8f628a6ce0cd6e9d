// BodyBudget: one bound on the bytes of response bodies the fetch engine holds at once, across
// every transfer and host (--max-inflight-bytes). Without it each transfer may hold up to the
// body limit (64 MiB), so 80 hosts serving huge pages took 4.5 GB. The engine asks the budget
// before a body grows (GrowBody); a transfer that is refused is paused (libcurl's
// CURL_WRITEFUNC_PAUSE) and waits until a holder gives bytes back, and no new transfer starts
// while any waits. Pure bookkeeping: no libcurl, no clock, so its tests need neither.
//
// Why one holder may overdraw (the "pass"): holders that each hold part of the budget and all
// need more would wait for one another for ever, and a body larger than the whole budget could
// never complete. So a holder that is refused while every other holder of bytes waits too (and
// nobody holds the pass) takes the pass instead, and is granted whatever it asks until it
// releases. Whenever anyone waits, some holder of bytes is running — the pass holder, which is
// never refused, or one that has not been refused — and when a holder releases the engine wakes
// the waiters (TakeWaiting) to ask again: the engine cannot stall, and a huge body completes or
// fails at its own body limit. The pass is taken only when it is needed, so the budget is
// overdrawn only when every transfer holding bytes would otherwise wait. GrowBody takes a body
// of declared size (Content-Length) whole or waits for it, so bodies that are declared, decode
// to no more, and are each within the limit never need the pass: they stay within the limit.
//
// Guarantees:
//   - used() <= limit() whenever nobody holds the pass; with the pass out, used() exceeds
//     limit() by at most what the pass holder took beyond it — so in all, at most the limit
//     plus one body (the pass holder's, which the body limit bounds; GrowBody counts its old
//     and new buffer while it copies one into the other: at worst twice the body limit);
//   - a refused Reserve puts the holder on the waiting list once, in order; TakeWaiting hands
//     the list out (oldest first) and empties it;
//   - the pass holder is never refused; Release ends holdings, waiting and pass alike;
//   - high_water() is the most used() has ever been (the figure tests and benchmarks check).
// limit 0 means no limit: every Reserve is granted, and the bytes are still counted.
// Thread safety: none; the engine uses it on its io_context's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace xxgk::crawl {

class BodyBudget {
 public:
  explicit BodyBudget(size_t limit) : limit_(limit) {}

  // Asks for `bytes` more for `holder`. Granted (true) when they fit in the limit, when the
  // holder holds the pass, or when nobody does and every other holder of bytes waits (the
  // holder then takes it). Refused (false) otherwise: the holder is waiting, and must not ask
  // again before TakeWaiting returns it.
  bool Reserve(uint64_t holder, size_t bytes);
  // Like Reserve, but a refusal leaves no trace (no waiting, no pass): for growth that is
  // welcome, not needed (a larger step than the bytes at hand, a declared Content-Length).
  bool TryReserve(uint64_t holder, size_t bytes);
  // Grants `bytes` to `holder` whatever the limit: bytes that exist already and are only now
  // counted (a body the caller keeps after its transfer, Fetcher::Hold). Such a holder never
  // waits, so it counts as running: a refused transfer waits for it to give its bytes back
  // rather than take the pass — it must give them back without any transfer's help.
  void Hold(uint64_t holder, size_t bytes) { Grant(holder, bytes); }
  // Gives back `bytes` of what `holder` holds (at most all of it), e.g. a buffer replaced by a
  // larger one. Keeps its pass.
  void Give(uint64_t holder, size_t bytes);
  // Gives back all `holder` holds, and ends its waiting and its pass.
  void Release(uint64_t holder);
  // The waiting holders, oldest first; the list is emptied (each may ask again).
  std::vector<uint64_t> TakeWaiting();

  bool waiting() const { return !waiting_.empty(); }
  size_t held(uint64_t holder) const;
  size_t used() const { return used_; }
  size_t limit() const { return limit_; }
  size_t high_water() const { return high_water_; }
  std::optional<uint64_t> pass_holder() const { return pass_; }
  uint64_t refusals() const { return refusals_; }  // Reserve calls refused, in all
  uint64_t passes() const { return passes_; }      // times the pass was taken

 private:
  bool Fits(size_t bytes) const { return limit_ == 0 || (used_ <= limit_ && bytes <= limit_ - used_); }
  bool Waits(uint64_t holder) const;
  bool OthersRunning(uint64_t holder) const;  // a holder of bytes other than `holder` not waiting
  void Grant(uint64_t holder, size_t bytes);

  size_t limit_;
  size_t used_ = 0;
  size_t high_water_ = 0;
  std::unordered_map<uint64_t, size_t> held_;
  std::vector<uint64_t> waiting_;
  std::optional<uint64_t> pass_;
  uint64_t refusals_ = 0;
  uint64_t passes_ = 0;
};

// Makes room in `body` for `need` bytes in all (its capacity then is what the budget granted
// `holder` for it). Asked for in turn: the declared size (`declared`, a Content-Length; 0 if
// none) when it holds `need`, so a large body is allocated once — and a body that has not
// started yet waits for it (Reserve) rather than taking part of it, so declared bodies are held
// whole or not at all; else a step of doubling if the budget can spare it (TryReserve); else a
// modest step (Reserve). A larger
// buffer is a new string of exactly that capacity (std::string's own growth could allocate
// twice what was asked), the old one given back after the copy, so both are counted while both
// exist. False when the budget refused: the caller pauses the transfer; `body` is unchanged.
// With kIfSpare the modest step too is only taken if the budget can spare it (TryReserve): a
// refusal then leaves no trace, and the caller does with the room it has.
// REQUIRES: need <= max_body.
enum class Growth { kMayWait, kIfSpare };
bool GrowBody(BodyBudget& budget, uint64_t holder, std::string& body, size_t need, size_t declared,
              size_t max_body, Growth growth = Growth::kMayWait);

}  // namespace xxgk::crawl
