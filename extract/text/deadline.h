// Deadline: the per-document time budget of the bytes-to-text step (DocumentLimits::max_time),
// as a steady_clock time point passed down to the format readers, and a cheap check they call
// in their loops (the clock is read once every `stride` calls, so a check costs a counter
// increment). A deadline in the past makes the first clock read fail: a zero budget refuses
// deterministically, whatever the speed of the machine.
// Thread-safe: DeadlineCheck is a small value owned by one walk; Deadline is a plain time point.
#pragma once

#include <chrono>
#include <cstddef>

namespace xxgk::extract {

using Deadline = std::chrono::steady_clock::time_point;

// No deadline: never expires.
inline constexpr Deadline kNoDeadline = Deadline::max();

// Now + `budget`, saturating at kNoDeadline (a budget of milliseconds::max() means no limit).
inline Deadline DeadlineAfter(std::chrono::milliseconds budget) {
  const Deadline now = std::chrono::steady_clock::now();
  if (budget.count() < 0) return now;
  if (budget >= std::chrono::duration_cast<std::chrono::milliseconds>(kNoDeadline - now)) {
    return kNoDeadline;
  }
  return now + budget;
}

class DeadlineCheck {
 public:
  explicit DeadlineCheck(Deadline deadline, size_t stride = 1024)
      : deadline_(deadline), stride_(stride == 0 ? 1 : stride) {}

  // True once the deadline has passed; reads the clock on the first call and then every
  // `stride` calls. Stays true once true.
  bool Expired() {
    if (expired_) return true;
    if (deadline_ == kNoDeadline) return false;
    if (calls_++ % stride_ != 0) return false;
    expired_ = std::chrono::steady_clock::now() >= deadline_;
    return expired_;
  }

  // Reads the clock now.
  bool ExpiredNow() {
    calls_ = 0;
    return Expired();
  }

 private:
  Deadline deadline_;
  size_t stride_;
  size_t calls_ = 0;
  bool expired_ = false;
};

}  // namespace xxgk::extract
