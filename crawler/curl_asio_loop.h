// CurlAsioLoop: libcurl's multi *socket* interface driven by one Boost.Asio io_context. curl
// tells us, through its socket and timer callbacks, which descriptors to watch and when its next
// timeout is; Asio waits for exactly that and calls curl_multi_socket_action. No polling loop, no
// thread per transfer: every transfer of the process shares one thread and one epoll set.
//
// This is the layer where copies of curl's old Asio example crashed and stalled, so it follows
// ../shared/CRAWLER_NOTES.md point by point (curl_asio_loop.cc says where):
//   - each descriptor curl reports (connections, but also resolver and wake-up descriptors) is
//     wrapped in a posix::stream_descriptor that does not own it: on CURL_POLL_REMOVE it is
//     release()d, never closed; REMOVE for an unknown descriptor and EBADF are tolerated;
//   - waits stay armed until curl changes the mask;
//   - one steady_timer; each timer callback replaces its expiry, -1 cancels, 0 is a real expiry;
//   - curl is never re-entered from inside one of its callbacks: timer expiries and completions
//     run as separate Asio handlers; handlers reach per-socket state only through weak
//     ownership, and stale timer expiries are recognised by a generation number;
//   - after curl_multi_remove_handle a 0 ms timeout is scheduled (curl < 8.19 does not);
//   - curl_multi_info_read is drained before any easy handle is handed back;
//   - curl_multi_cleanup runs while the socket map and the timer still exist.
//
// Guarantees: the completion callback of an added handle runs exactly once (after the handle
// has been removed from the multi handle, so the callback may reuse or free it), unless the
// handle is Abort()ed or the loop is destroyed first. Callbacks never run inside a curl callback.
//
// Thread safety: none. Every method must be called on the thread running the io_context, and
// the loop must be destroyed before the io_context.
#pragma once

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

namespace xxgk::crawl {

class CurlAsioLoop {
 public:
  // `easy` has been removed from the multi handle; `result` is curl's result for the transfer.
  using Completion = std::function<void(CURL* easy, CURLcode result)>;

  // REQUIRES: curl_global_init has run (CurlGlobal() in fetcher.h does it once).
  explicit CurlAsioLoop(boost::asio::io_context& io);
  // Removes the transfers still running without calling their completions, then cleans up the
  // multi handle while the socket map and the timer are still alive.
  ~CurlAsioLoop();
  CurlAsioLoop(const CurlAsioLoop&) = delete;
  CurlAsioLoop& operator=(const CurlAsioLoop&) = delete;

  // Starts the transfer `easy` (fully configured). Returns false if curl refused it; then
  // `done` is not called. REQUIRES: not called from inside a curl callback.
  bool Add(CURL* easy, Completion done);
  // Stops a running transfer without calling its completion; the caller owns `easy` again.
  // Returns false if `easy` was not running here.
  bool Abort(CURL* easy);

  size_t running() const { return completions_.size(); }
  CURLM* multi() const { return multi_; }
  // Descriptors currently watched (for tests: every one must be released when idle).
  size_t watched_descriptors() const { return sockets_.size(); }

 private:
  struct SocketState;

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* loop, void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* loop);
  void WatchSocket(curl_socket_t fd, int what, SocketState* known);
  void ForgetSocket(curl_socket_t fd);
  void ArmWaits(const std::shared_ptr<SocketState>& state);
  void OnSocketReady(const std::weak_ptr<SocketState>& weak, int direction,
                     const boost::system::error_code& ec);
  void SetTimer(long timeout_ms);
  void OnTimerExpired(uint64_t generation);
  void Act(curl_socket_t fd, int event_mask);
  void CollectFinished();

  boost::asio::io_context& io_;
  CURLM* multi_ = nullptr;
  boost::asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketState>> sockets_;
  std::unordered_map<CURL*, Completion> completions_;
  // Handlers hold a weak reference to this: a handler that runs after the loop is gone (a
  // completed wait queued before the destructor) sees it expired and does nothing.
  std::shared_ptr<CurlAsioLoop*> self_;
  bool in_action_ = false;  // inside curl_multi_socket_action (so inside curl's callbacks)
};

}  // namespace xxgk::crawl
