// Signals to the round running or to the wait between rounds. See round_stop.h.
#include "crawler/cli/round_stop.h"

namespace xxgk::cli {

void RoundStop::Begin(std::function<void()> stop) {
  std::unique_lock lock(mutex_);
  round_stop_ = std::move(stop);
  if (!stopped_) return;
  round_stopped_ = true;
  round_stop_();
}

void RoundStop::End() {
  std::lock_guard lock(mutex_);
  round_stop_ = nullptr;
}

bool RoundStop::WaitUntil(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return !woken_.wait_until(lock, deadline, [&] { return stopped_; });
}

bool RoundStop::Stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  woken_.notify_all();
  if (!round_stop_) return false;
  round_stopped_ = true;
  round_stop_();  // HarvestRun::Stop: sets flags and wakes its loop, never waits for the round
  return true;
}

bool RoundStop::stopped() const {
  std::lock_guard lock(mutex_);
  return stopped_;
}

bool RoundStop::round_stopped() const {
  std::lock_guard lock(mutex_);
  return round_stopped_;
}

}  // namespace xxgk::cli
