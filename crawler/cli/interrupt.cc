// SIGINT/SIGTERM as a polled flag. See interrupt.h.
#include "crawler/cli/interrupt.h"

namespace xxgk::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void OnInterrupt(int) { g_interrupted = 1; }

}  // namespace

InterruptWatch::InterruptWatch() {
  g_interrupted = 0;
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int_);
  sigaction(SIGTERM, &action, &old_term_);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

bool InterruptWatch::interrupted() const { return g_interrupted != 0; }

SignalStop::SignalStop(std::function<void(int signal)> on_signal) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_);  // threads started from here inherit it
  watcher_ = std::thread([this, on_signal = std::move(on_signal)] {
    int signal = 0;
    while (sigwait(&signals_, &signal) == 0) {
      if (finished_) return;
      signalled_ = true;
      on_signal(signal);
    }
  });
}

SignalStop::~SignalStop() {
  finished_ = true;
  pthread_kill(watcher_.native_handle(), SIGTERM);  // wakes sigwait; `finished_` ends the loop
  watcher_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

const char* SignalName(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal";
  }
}

}  // namespace xxgk::cli
