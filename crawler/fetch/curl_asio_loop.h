// CurlAsioLoop: libcurl's multi *socket* interface driven by one Boost.Asio io_context. curl
// tells us, through its socket and timer callbacks, which descriptors to watch and when its next
// timeout is; Asio waits for exactly that and calls curl_multi_socket_action. No polling loop, no
// thread per transfer: every transfer of the process shares one thread.
//
// How it waits (chosen by measurement, docs/benchmarks.md "Fetch engine"): curl's descriptors are
// not handed to Asio one by one. They go into an epoll set of the loop's own (level-triggered,
// so a wait stays armed until curl changes the mask), and Asio watches that one epoll descriptor.
// An Asio wait per descriptor cost three epoll_ctl calls and an ioctl per request (register,
// re-arm, deregister); here a kept-alive connection costs one epoll_ctl per request and a batch
// of ready descriptors one wake-up. The timer is re-armed only when curl moves its deadline
// *earlier*; a later deadline is checked when the armed expiry runs, and a 0 ms timeout is a
// posted handler, not a timer (each re-arm of an Asio timer is a timerfd system call).
//
// This is the layer where copies of curl's old Asio example crashed and stalled, so it follows
// ../shared/CRAWLER_NOTES.md point by point (curl_asio_loop.cc says where):
//   - each descriptor curl reports (connections, but also resolver and wake-up descriptors) is
//     watched but never owned or closed; CURL_POLL_REMOVE only parks it (curl may keep the
//     connection in its cache and hand it back), REMOVE for an unknown descriptor is tolerated,
//     and a descriptor curl closed is dropped from the epoll set by the kernel;
//   - waits stay armed until curl changes the mask (level-triggered registration);
//   - one deadline; each timer callback replaces it, -1 cancels, 0 is a real expiry; a timeout
//     action after which curl reports no deadline leaves none (curl 7.88 does not say -1 then);
//   - curl is never re-entered from inside one of its callbacks: expiries and readiness run as
//     separate Asio handlers; events are matched to descriptors by a generation number, so an
//     event of a descriptor that was replaced meanwhile is dropped;
//   - after curl_multi_remove_handle a 0 ms timeout is scheduled (curl < 8.19 does not);
//   - curl_multi_info_read is drained before any easy handle is handed back;
//   - curl_multi_cleanup runs while the descriptor map and the timer still exist.
//
// Guarantees: the completion callback of an added handle runs exactly once (after the handle
// has been removed from the multi handle, so the callback may reuse or free it), unless the
// handle is Abort()ed or the loop is destroyed first. Callbacks never run inside a curl callback.
// With no transfer running and no descriptor watched, the loop holds no pending Asio operation,
// so io_context::run() can return.
//
// Thread safety: none. Every method must be called on the thread running the io_context, and
// the loop must be destroyed before the io_context.
#pragma once

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace xxgk::crawl {

class CurlAsioLoop {
 public:
  // `easy` has been removed from the multi handle; `result` is curl's result for the transfer.
  using Completion = std::function<void(CURL* easy, CURLcode result)>;

  // What the loop asked of the kernel, for tests and benchmarks.
  struct Counters {
    uint64_t registrations = 0;    // EPOLL_CTL_ADD: a descriptor entered the epoll set
    uint64_t modifications = 0;    // EPOLL_CTL_MOD: a mask change, or a parked descriptor re-used
    uint64_t deregistrations = 0;  // EPOLL_CTL_DEL: a parked descriptor reported an event
    uint64_t timer_arms = 0;       // the Asio timer was (re)armed
    uint64_t wakeups = 0;          // the epoll set was reported ready (one batch of events)
  };

  // REQUIRES: curl_global_init has run (CurlGlobal() in fetcher.h does it once).
  explicit CurlAsioLoop(boost::asio::io_context& io);
  // Removes the transfers still running without calling their completions, then cleans up the
  // multi handle while the descriptor map and the timer are still alive.
  ~CurlAsioLoop();
  CurlAsioLoop(const CurlAsioLoop&) = delete;
  CurlAsioLoop& operator=(const CurlAsioLoop&) = delete;

  // Starts the transfer `easy` (fully configured). Returns false if curl refused it (or the
  // loop has no epoll set: descriptors exhausted); then `done` is not called.
  // REQUIRES: not called from inside a curl callback.
  bool Add(CURL* easy, Completion done);
  // Stops a running transfer without calling its completion; the caller owns `easy` again.
  // Returns false if `easy` was not running here.
  bool Abort(CURL* easy);

  size_t running() const { return completions_.size(); }
  CURLM* multi() const { return multi_; }
  // Descriptors curl currently asks us to watch (parked ones are not counted): zero when idle.
  size_t watched_descriptors() const { return watched_; }
  // Whether the Asio timer is armed for a deadline of curl's: false once curl has none.
  bool timer_armed() const { return armed_at_.has_value(); }
  const Counters& counters() const { return counters_; }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  // One descriptor curl told us about. Entries are kept after REMOVE ("parked", mask 0) so that
  // a cached connection curl hands back costs no new registration; they are never freed before
  // the loop (at most one per descriptor number).
  struct SocketState {
    uint32_t generation = 0;  // identifies this use of the number in epoll events
    bool in_set = false;      // in our epoll set, as far as we know
    uint32_t events = 0;      // the epoll events registered for it
    int mask = 0;             // CURL_POLL_IN / CURL_POLL_OUT as curl last asked; 0: parked
  };

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* loop, void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* loop);
  void WatchSocket(curl_socket_t fd, int what, const void* known);
  void ParkSocket(curl_socket_t fd);
  bool Register(curl_socket_t fd, SocketState& state, uint32_t events, bool verify);
  void ReportSocketError(curl_socket_t fd, uint32_t generation);
  void ArmEpollWait();
  void OnEpollReady(uint64_t generation);
  void Dispatch(uint64_t data, uint32_t events);
  void CancelEpollWaitIfIdle();
  void SetTimer(long timeout_ms);
  void ArmTimer(TimePoint at);
  void OnDeadline();
  void Act(curl_socket_t fd, int event_mask);
  void CollectFinished();

  boost::asio::io_context& io_;
  CURLM* multi_ = nullptr;
  // The loop's own epoll set (owned: closed with the loop), watched by Asio for readability.
  boost::asio::posix::stream_descriptor epoll_;
  bool epoll_wait_pending_ = false;
  uint64_t epoll_wait_generation_ = 0;
  std::unordered_map<curl_socket_t, SocketState> sockets_;
  size_t watched_ = 0;  // entries of sockets_ with a non-zero mask
  uint32_t next_generation_ = 0;
  // curl's deadline (none: no timeout wanted); the Asio timer is armed at armed_at_, never later
  // than the deadline; a 0 ms timeout is a posted handler (deadline_posted_).
  std::optional<TimePoint> deadline_;
  boost::asio::steady_timer timer_;
  std::optional<TimePoint> armed_at_;
  uint64_t timer_generation_ = 0;
  bool deadline_posted_ = false;
  bool timer_reported_ = false;  // curl's timer callback ran (during a timeout action)
  std::unordered_map<CURL*, Completion> completions_;
  Counters counters_;
  // Handlers hold a weak reference to this: a handler that runs after the loop is gone (a
  // completed wait queued before the destructor) sees it expired and does nothing.
  std::shared_ptr<CurlAsioLoop*> self_;
};

}  // namespace xxgk::crawl
