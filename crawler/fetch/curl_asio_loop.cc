// See curl_asio_loop.h. The numbered comments (N1..N8) point at the traps of
// ../shared/CRAWLER_NOTES.md ("libcurl multi-socket under Boost.Asio") that each step avoids.
#include "crawler/fetch/curl_asio_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <utility>
#include <vector>

namespace xxgk::crawl {
namespace {

// Ready descriptors taken from the epoll set per wake-up; more simply wake the loop again.
constexpr int kMaxEvents = 256;

uint64_t EventData(curl_socket_t fd, uint32_t generation) {
  return (static_cast<uint64_t>(generation) << 32) | static_cast<uint32_t>(fd);
}

uint32_t EpollEvents(int what) {
  return ((what & CURL_POLL_IN) ? uint32_t{EPOLLIN} : 0) |
         ((what & CURL_POLL_OUT) ? uint32_t{EPOLLOUT} : 0);
}

}  // namespace

CurlAsioLoop::CurlAsioLoop(boost::asio::io_context& io)
    : io_(io),
      multi_(curl_multi_init()),
      epoll_(io),
      timer_(io),
      self_(std::make_shared<CurlAsioLoop*>(this)) {
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlAsioLoop::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlAsioLoop::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  // Our own descriptor (unlike curl's): the stream_descriptor owns and closes it. Without it
  // (descriptors exhausted) Add() refuses every transfer.
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd >= 0) {
    boost::system::error_code ec;
    epoll_.assign(epoll_fd, ec);
    if (ec) ::close(epoll_fd);
  }
}

CurlAsioLoop::~CurlAsioLoop() {
  self_.reset();  // handlers still queued in the io_context now do nothing
  for (auto& [easy, done] : completions_) curl_multi_remove_handle(multi_, easy);
  completions_.clear();
  // N8: curl_multi_cleanup closes cached connections and reports each descriptor with
  // CURL_POLL_REMOVE, so it must run while sockets_ and timer_ exist.
  curl_multi_cleanup(multi_);
  multi_ = nullptr;
  sockets_.clear();
  watched_ = 0;
  // Closing our epoll set leaves curl's descriptors untouched (N1): they were only members.
  boost::system::error_code ignored;
  epoll_.close(ignored);
  timer_.cancel();
}

bool CurlAsioLoop::Add(CURL* easy, Completion done) {
  if (!epoll_.is_open()) return false;
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
  CancelEpollWaitIfIdle();
  return true;
}

// ---- descriptors --------------------------------------------------------------------------

int CurlAsioLoop::OnSocket(CURL*, curl_socket_t fd, int what, void* loop, void* socketp) {
  auto* self = static_cast<CurlAsioLoop*>(loop);
  if (what == CURL_POLL_REMOVE) {
    self->ParkSocket(fd);
  } else {
    self->WatchSocket(fd, what, socketp);
  }
  return 0;
}

void CurlAsioLoop::WatchSocket(curl_socket_t fd, int what, const void* known) {
  auto [it, inserted] = sockets_.try_emplace(fd);
  SocketState& state = it->second;
  // curl hands back the pointer we assigned to a descriptor while it knows it: then the
  // registration we made is still this descriptor's. Without it (a descriptor curl reports
  // afresh: new, or handed back from its connection cache after REMOVE) the number may belong
  // to a new socket that reuses a closed one's number, so the registration is verified
  // (EPOLL_CTL_MOD; ENOENT means the old socket was closed, and the new one is added). A new
  // generation makes events still queued for the old use of the number stale (N5).
  const bool same = !inserted && known == &state;
  if (!same) {
    state.generation = ++next_generation_;
    curl_multi_assign(multi_, fd, &state);
  }
  if (state.mask == 0 && what != 0) ++watched_;
  if (state.mask != 0 && what == 0) --watched_;
  state.mask = what;
  if (!Register(fd, state, EpollEvents(what), /*verify=*/!same)) {
    // Could not watch it (e.g. EBADF): tell curl the socket failed, from a handler of its own,
    // rather than let the transfer wait for readiness that will never be reported.
    ReportSocketError(fd, state.generation);
  }
  ArmEpollWait();
}

// N1: REMOVE only means "stop watching for now": the connection may stay in curl's cache and
// come back with the next transfer of its host, so its registration is kept (no system call).
// The kernel drops it by itself when curl closes the descriptor; if a parked descriptor
// reports an event meanwhile (the server closed the idle connection), Dispatch() removes it.
// REMOVE for a descriptor we were never told about is tolerated.
void CurlAsioLoop::ParkSocket(curl_socket_t fd) {
  auto it = sockets_.find(fd);
  if (it == sockets_.end() || it->second.mask == 0) return;
  it->second.mask = 0;
  --watched_;
  CancelEpollWaitIfIdle();
}

// Makes the kernel's registration of `fd` match `events`. `verify`: our record may describe a
// closed socket whose number was reused, so it is checked even if the events are unchanged.
bool CurlAsioLoop::Register(curl_socket_t fd, SocketState& state, uint32_t events, bool verify) {
  if (state.in_set && !verify && state.events == events) return true;
  epoll_event event{};
  event.events = events;
  event.data.u64 = EventData(fd, state.generation);
  const int epoll_fd = epoll_.native_handle();
  // Level-triggered (N2): the kernel keeps reporting readiness until curl consumes it or
  // changes the mask, so no wait is ever lost or has to be re-armed. A descriptor we believe
  // is in the set is modified (ENOENT: it was closed meanwhile, the number is a new socket's);
  // one we believe is not is added (EEXIST cannot happen, but would mean it is).
  const int first = state.in_set ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  const int second = state.in_set ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  const int retry_on = state.in_set ? ENOENT : EEXIST;
  state.in_set = false;  // unless one of the calls below succeeds
  int done = first;
  if (epoll_ctl(epoll_fd, first, fd, &event) != 0) {
    if (errno != retry_on || epoll_ctl(epoll_fd, second, fd, &event) != 0) return false;
    done = second;
  }
  ++(done == EPOLL_CTL_ADD ? counters_.registrations : counters_.modifications);
  state.in_set = true;
  state.events = events;
  return true;
}

void CurlAsioLoop::ReportSocketError(curl_socket_t fd, uint32_t generation) {
  boost::asio::post(io_, [this, life = std::weak_ptr<CurlAsioLoop*>(self_), fd, generation] {
    if (life.expired()) return;
    auto it = sockets_.find(fd);
    if (it == sockets_.end() || it->second.generation != generation || it->second.mask == 0) {
      return;
    }
    Act(fd, CURL_CSELECT_ERR);
  });
}

// Asio waits for our epoll set to become readable; one wait is armed while any descriptor is
// watched or any transfer runs, and cancelled otherwise so that io_context::run() can return.
void CurlAsioLoop::ArmEpollWait() {
  if (epoll_wait_pending_ || !epoll_.is_open()) return;
  epoll_wait_pending_ = true;
  const uint64_t generation = ++epoll_wait_generation_;
  epoll_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                    [this, life = std::weak_ptr<CurlAsioLoop*>(self_),
                     generation](const boost::system::error_code& ec) {
                      if (life.expired() || ec == boost::asio::error::operation_aborted) return;
                      OnEpollReady(generation);
                    });
}

void CurlAsioLoop::CancelEpollWaitIfIdle() {
  if (!epoll_wait_pending_ || watched_ > 0 || !completions_.empty()) return;
  epoll_wait_pending_ = false;
  ++epoll_wait_generation_;  // N5: a wait that had already completed is now stale
  boost::system::error_code ignored;
  epoll_.cancel(ignored);
}

void CurlAsioLoop::OnEpollReady(uint64_t generation) {
  if (generation != epoll_wait_generation_) return;
  epoll_wait_pending_ = false;
  ++counters_.wakeups;
  std::array<epoll_event, kMaxEvents> ready;
  const int count = epoll_wait(epoll_.native_handle(), ready.data(), kMaxEvents, 0);
  // Each action may change the set (curl adds, changes and removes descriptors from inside
  // curl_multi_socket_action); Dispatch() looks every event up again.
  for (int i = 0; i < count; ++i) Dispatch(ready[i].data.u64, ready[i].events);
  if (watched_ > 0 || !completions_.empty()) ArmEpollWait();
}

void CurlAsioLoop::Dispatch(uint64_t data, uint32_t events) {
  const auto fd = static_cast<curl_socket_t>(static_cast<uint32_t>(data));
  auto it = sockets_.find(fd);
  // N5: the number was reported afresh meanwhile (its registration now carries the new
  // generation): this event belongs to its previous use.
  if (it == sockets_.end() || it->second.generation != static_cast<uint32_t>(data >> 32)) return;
  SocketState& state = it->second;
  if (state.mask == 0) {
    // Parked, and the kernel reports it (level-triggered, it would again and again): take it out
    // of the set. If curl hands it back, Register() adds it again.
    epoll_ctl(epoll_.native_handle(), EPOLL_CTL_DEL, fd, nullptr);  // EBADF/ENOENT: already gone
    ++counters_.deregistrations;
    state.in_set = false;
    return;
  }
  // An error or hang-up is reported as readiness in the directions curl asked for: curl's own
  // read or write then finds the error (as a poll()-based loop would).
  const bool failed = (events & (EPOLLERR | EPOLLHUP)) != 0;
  int action = 0;
  if ((state.mask & CURL_POLL_IN) && (failed || (events & EPOLLIN))) action |= CURL_CSELECT_IN;
  if ((state.mask & CURL_POLL_OUT) && (failed || (events & EPOLLOUT))) action |= CURL_CSELECT_OUT;
  if (action != 0) Act(fd, action);
}

// ---- the timer ------------------------------------------------------------------------------

int CurlAsioLoop::OnTimer(CURLM*, long timeout_ms, void* loop) {
  static_cast<CurlAsioLoop*>(loop)->timer_reported_ = true;
  static_cast<CurlAsioLoop*>(loop)->SetTimer(timeout_ms);
  return 0;
}

// N3: each call replaces curl's deadline, -1 cancels, 0 is a real (immediate) expiry that runs as
// a separate handler, never inside the curl call that asked for it (N4). The Asio timer is only
// re-armed when the deadline moves earlier than its expiry: an expiry that comes too early finds
// the deadline not yet due and re-arms for it (OnDeadline).
void CurlAsioLoop::SetTimer(long timeout_ms) {
  if (timeout_ms < 0) {
    deadline_.reset();
    if (armed_at_) {
      armed_at_.reset();
      ++timer_generation_;
      timer_.cancel();
    }
    return;
  }
  deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  if (timeout_ms == 0) {
    if (deadline_posted_) return;
    deadline_posted_ = true;
    boost::asio::post(io_, [this, life = std::weak_ptr<CurlAsioLoop*>(self_)] {
      if (life.expired()) return;
      deadline_posted_ = false;
      OnDeadline();
    });
    return;
  }
  if (!armed_at_ || *armed_at_ > *deadline_) ArmTimer(*deadline_);
}

void CurlAsioLoop::ArmTimer(TimePoint at) {
  ++counters_.timer_arms;
  armed_at_ = at;
  const uint64_t generation = ++timer_generation_;
  timer_.expires_at(at);
  timer_.async_wait([this, life = std::weak_ptr<CurlAsioLoop*>(self_),
                     generation](const boost::system::error_code& ec) {
    if (life.expired() || ec == boost::asio::error::operation_aborted) return;
    // N5: an expiry that had already completed when the timer was re-armed still runs; only
    // the latest arming speaks.
    if (generation != timer_generation_) return;
    armed_at_.reset();
    OnDeadline();
  });
}

void CurlAsioLoop::OnDeadline() {
  if (!deadline_) return;
  if (*deadline_ > std::chrono::steady_clock::now()) {  // moved later since the timer was armed
    if (!armed_at_ || *armed_at_ > *deadline_) ArmTimer(*deadline_);
    return;
  }
  deadline_.reset();  // curl tells its next deadline from inside the action
  // A timeout action makes libcurl (7.88) forget the deadline it last reported, so that it
  // reports any deadline it still has afresh — but when it has none left, it does not say -1.
  // Silence from it during the action therefore means no deadline: the Asio timer armed for an
  // earlier, later-moving deadline is cancelled, or it would hold io_context::run() until it
  // expired (up to a second or more after the last transfer ended).
  timer_reported_ = false;
  Act(CURL_SOCKET_TIMEOUT, 0);
  if (!timer_reported_ && !deadline_) SetTimer(-1);
}

// ---- actions and completions ----------------------------------------------------------------

void CurlAsioLoop::Act(curl_socket_t fd, int event_mask) {
  if (multi_ == nullptr) return;
  int still_running = 0;
  curl_multi_socket_action(multi_, fd, event_mask, &still_running);
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
  CancelEpollWaitIfIdle();
}

}  // namespace xxgk::crawl
