// The crawler's notion of time: a monotonic clock for everything it schedules (politeness
// delays, backoff, robots.txt expiry). Pure logic takes "now" as an argument so tests can move
// time by hand; only the engine reads Clock::now().
// Thread safety: type aliases and a pure function.
#pragma once

#include <chrono>

namespace xxgk::crawl {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

// Seconds given as a number (a flag, a configuration value, Crawl-delay) as a Duration.
inline Duration SecondsToDuration(double seconds) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

}  // namespace xxgk::crawl
