// Ctrl-C for the long archive commands: InterruptWatch turns SIGINT and SIGTERM into a flag the
// command's loop polls, so it can stop between documents, remove its temporary files and still
// print its summary (instead of dying mid-write). The previous handlers come back when the watch
// ends. One watch at a time; the flag is async-signal-safe.
//
// SignalStop is the same for commands whose work runs on threads of their own (`fetch`,
// `harvest`): SIGINT and SIGTERM are blocked in the calling thread and every thread it starts
// afterwards, and one thread of its own takes them (sigwait) and calls `on_signal`, so no handler
// ever runs inside the work's threads and `on_signal` may take locks and write lines. The signal
// mask is restored when it ends. Construct it on the main thread before starting the work's
// threads; one at a time.
#pragma once

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

namespace xxgk::cli {

class InterruptWatch {
 public:
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // True once SIGINT or SIGTERM arrived.
  bool interrupted() const;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

class SignalStop {
 public:
  // `on_signal` runs on the watching thread with SIGINT or SIGTERM, once per signal received.
  explicit SignalStop(std::function<void(int signal)> on_signal);
  ~SignalStop();
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

  // True once SIGINT or SIGTERM arrived.
  bool signalled() const { return signalled_; }

 private:
  sigset_t signals_{}, previous_{};
  std::atomic<bool> signalled_ = false, finished_ = false;
  std::thread watcher_;
};

// "SIGINT", "SIGTERM", else "signal".
const char* SignalName(int signal);

}  // namespace xxgk::cli
