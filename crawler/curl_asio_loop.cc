// See curl_asio_loop.h. The numbered comments (N1..N8) point at the traps of
// ../shared/CRAWLER_NOTES.md ("libcurl multi-socket under Boost.Asio") that each step avoids.
#include "crawler/curl_asio_loop.h"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <utility>
#include <vector>

namespace xxgk::crawl {

// One descriptor curl asked us to watch. N1: the stream_descriptor is assigned to curl's
// descriptor but never owns it: Release() gives it back without closing it (curl closes its own
// sockets, may keep a connection in its cache after REMOVE, and shares sockets between
// transfers). The destructor releases too, because a stream_descriptor's destructor would close.
struct CurlAsioLoop::SocketState {
  SocketState(boost::asio::io_context& io, curl_socket_t socket) : fd(socket), descriptor(io) {}
  ~SocketState() { Release(); }
  SocketState(const SocketState&) = delete;
  SocketState& operator=(const SocketState&) = delete;

  void Release() {
    if (released) return;
    released = true;
    // release() deregisters from epoll and ignores the error (EBADF) it gets if curl already
    // closed the descriptor (N1); pending waits complete with operation_aborted.
    if (descriptor.is_open()) descriptor.release();
  }

  curl_socket_t fd;
  boost::asio::posix::stream_descriptor descriptor;
  int mask = 0;  // CURL_POLL_IN / CURL_POLL_OUT, as curl last asked
  bool read_pending = false;
  bool write_pending = false;
  bool released = false;
};

CurlAsioLoop::CurlAsioLoop(boost::asio::io_context& io)
    : io_(io), multi_(curl_multi_init()), timer_(io), self_(std::make_shared<CurlAsioLoop*>(this)) {
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlAsioLoop::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlAsioLoop::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlAsioLoop::~CurlAsioLoop() {
  self_.reset();  // handlers still queued in the io_context now do nothing
  for (auto& [easy, done] : completions_) curl_multi_remove_handle(multi_, easy);
  completions_.clear();
  // N8: curl_multi_cleanup closes cached connections and reports each descriptor with
  // CURL_POLL_REMOVE, so it must run while sockets_ and timer_ exist.
  curl_multi_cleanup(multi_);
  multi_ = nullptr;
  for (auto& [fd, state] : sockets_) state->Release();
  sockets_.clear();
  timer_.cancel();
}

bool CurlAsioLoop::Add(CURL* easy, Completion done) {
  auto [it, inserted] = completions_.emplace(easy, std::move(done));
  if (!inserted) return false;
  // curl_multi_add_handle asks for a 0 ms timeout through OnTimer; the transfer starts when that
  // expiry runs as its own handler (N4: never inside a curl callback).
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    completions_.erase(it);
    return false;
  }
  return true;
}

bool CurlAsioLoop::Abort(CURL* easy) {
  auto it = completions_.find(easy);
  if (it == completions_.end()) return false;
  completions_.erase(it);
  curl_multi_remove_handle(multi_, easy);
  SetTimer(0);  // N6: curl < 8.19 does not re-arm the timer after a removal
  return true;
}

int CurlAsioLoop::OnSocket(CURL*, curl_socket_t fd, int what, void* loop, void* socketp) {
  auto* self = static_cast<CurlAsioLoop*>(loop);
  if (what == CURL_POLL_REMOVE) {
    self->ForgetSocket(fd);
  } else {
    self->WatchSocket(fd, what, static_cast<SocketState*>(socketp));
  }
  return 0;
}

void CurlAsioLoop::WatchSocket(curl_socket_t fd, int what, SocketState* known) {
  std::shared_ptr<SocketState> state;
  auto it = sockets_.find(fd);
  // curl hands back the pointer we assigned to a descriptor it already knows. A descriptor it
  // does not know (socketp null) with a number still in our map is a new descriptor that reuses
  // a closed one's number (its REMOVE never came or came late): its epoll registration went
  // with the old one, so the stale state is dropped and the new descriptor registered afresh.
  if (it != sockets_.end() && known == it->second.get()) {
    state = it->second;
  } else {
    if (it != sockets_.end()) {
      it->second->Release();
      sockets_.erase(it);
    }
    state = std::make_shared<SocketState>(io_, fd);
    boost::system::error_code ec;
    state->descriptor.assign(fd, ec);
    sockets_.emplace(fd, state);
    curl_multi_assign(multi_, fd, state.get());
    if (ec) {
      // Could not register it (e.g. EBADF): tell curl the socket failed, from a handler of its
      // own, rather than let the transfer wait for readiness that will never be reported.
      std::weak_ptr<SocketState> weak = state;
      boost::asio::post(io_, [this, life = std::weak_ptr<CurlAsioLoop*>(self_), weak] {
        auto s = weak.lock();
        if (life.expired() || !s || s->released) return;
        Act(s->fd, CURL_CSELECT_ERR);
      });
      return;
    }
  }
  state->mask = what;
  ArmWaits(state);
}

void CurlAsioLoop::ForgetSocket(curl_socket_t fd) {
  // N1: REMOVE for a descriptor we were never told about is tolerated.
  auto it = sockets_.find(fd);
  if (it == sockets_.end()) return;
  it->second->Release();
  sockets_.erase(it);
}

// N2: a wait is armed for every direction curl asked for and re-armed after each readiness,
// until curl changes the mask. Asio re-registers the descriptor with epoll (EPOLL_CTL_MOD) when
// a wait starts on an idle queue, so readiness that arrived meanwhile is not lost.
void CurlAsioLoop::ArmWaits(const std::shared_ptr<SocketState>& state) {
  if (state->released || !state->descriptor.is_open()) return;
  const std::weak_ptr<SocketState> weak = state;
  const std::weak_ptr<CurlAsioLoop*> life = self_;
  if ((state->mask & CURL_POLL_IN) && !state->read_pending) {
    state->read_pending = true;
    state->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                                 [this, life, weak](const boost::system::error_code& ec) {
                                   if (life.expired()) return;
                                   OnSocketReady(weak, CURL_POLL_IN, ec);
                                 });
  }
  if ((state->mask & CURL_POLL_OUT) && !state->write_pending) {
    state->write_pending = true;
    state->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                                 [this, life, weak](const boost::system::error_code& ec) {
                                   if (life.expired()) return;
                                   OnSocketReady(weak, CURL_POLL_OUT, ec);
                                 });
  }
}

void CurlAsioLoop::OnSocketReady(const std::weak_ptr<SocketState>& weak, int direction,
                                 const boost::system::error_code& ec) {
  // N5: the state may be gone (REMOVE came) or replaced; a wait cancelled by release() may
  // still run, with operation_aborted or, if it had already completed, with success.
  std::shared_ptr<SocketState> state = weak.lock();
  if (!state) return;
  (direction == CURL_POLL_IN ? state->read_pending : state->write_pending) = false;
  if (state->released || ec == boost::asio::error::operation_aborted) return;
  if (!(state->mask & direction)) return;  // curl no longer asks for this direction
  const int event = ec ? CURL_CSELECT_ERR
                       : (direction == CURL_POLL_IN ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
  Act(state->fd, event);
  // curl may have changed the mask (or sent REMOVE) inside Act; `state` tells which.
  if (!ec) ArmWaits(state);
}

int CurlAsioLoop::OnTimer(CURLM*, long timeout_ms, void* loop) {
  static_cast<CurlAsioLoop*>(loop)->SetTimer(timeout_ms);
  return 0;
}

// N3: one timer; each call replaces the expiry, -1 cancels, 0 is a real (immediate) expiry that
// runs as a separate handler, never inside the curl call that asked for it (N4).
void CurlAsioLoop::SetTimer(long timeout_ms) {
  const uint64_t generation = ++timer_generation_;
  if (timeout_ms < 0) {
    timer_.cancel();
    return;
  }
  timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  timer_.async_wait([this, life = std::weak_ptr<CurlAsioLoop*>(self_),
                     generation](const boost::system::error_code& ec) {
    if (life.expired() || ec == boost::asio::error::operation_aborted) return;
    OnTimerExpired(generation);
  });
}

void CurlAsioLoop::OnTimerExpired(uint64_t generation) {
  // N5: an expiry that had already completed when the timer was re-set still runs; only the
  // latest one speaks for curl.
  if (generation != timer_generation_) return;
  Act(CURL_SOCKET_TIMEOUT, 0);
}

void CurlAsioLoop::Act(curl_socket_t fd, int event_mask) {
  if (multi_ == nullptr) return;
  int still_running = 0;
  in_action_ = true;
  curl_multi_socket_action(multi_, fd, event_mask, &still_running);
  in_action_ = false;
  CollectFinished();
}

void CurlAsioLoop::CollectFinished() {
  // N7: drain every message first; only then remove handles and run completions, which may
  // free or reuse the easy handles (a message left queued would point at a freed handle).
  std::vector<std::pair<CURL*, CURLcode>> finished;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg == CURLMSG_DONE) {
      finished.emplace_back(message->easy_handle, message->data.result);
    }
  }
  if (finished.empty()) return;
  for (auto& [easy, result] : finished) curl_multi_remove_handle(multi_, easy);
  SetTimer(0);  // N6
  for (auto& [easy, result] : finished) {
    auto it = completions_.find(easy);
    if (it == completions_.end()) continue;  // aborted by an earlier completion
    Completion done = std::move(it->second);
    completions_.erase(it);
    done(easy, result);
  }
}

}  // namespace xxgk::crawl
