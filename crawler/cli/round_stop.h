// RoundStop: where SIGINT/SIGTERM go in `xxgk harvest`, and the daemon's wait between rounds.
// A signal that comes while a round runs stops that round (the `stop` given to Begin: the
// harvest's own Stop, which archives what was fetched); one that comes between rounds — while the
// daemon of `--every` waits for the next start, or before a round has begun — ends the wait at
// once. Either way the stop is sticky: every later WaitUntil returns false at once, and a round
// begun after it is stopped as it begins, so no round starts after a signal.
// Thread safety: Stop may be called from any thread (SignalStop's watcher); Begin, End and
// WaitUntil from the one thread that runs the rounds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace xxgk::cli {

class RoundStop {
 public:
  using Clock = std::chrono::steady_clock;

  // A round runs from Begin to End; `stop` ends it (from the thread that calls Stop). If Stop
  // came before, `stop` is called at once.
  void Begin(std::function<void()> stop);
  void End();

  // Sleeps until `deadline` (at once if it passed): true then, false if Stop came (before or
  // during the wait).
  bool WaitUntil(Clock::time_point deadline);

  // Stops the round running, if any (its `stop`, which must not wait for the round to end),
  // else the wait. Returns true if a round was running.
  bool Stop();

  // Stop came (ever).
  bool stopped() const;
  // Stop came while a round ran, or before one began (which was then stopped as it began).
  bool round_stopped() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable woken_;
  std::function<void()> round_stop_;  // set from Begin to End
  bool stopped_ = false;
  bool round_stopped_ = false;
};

}  // namespace xxgk::cli
