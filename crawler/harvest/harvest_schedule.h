// When the rounds of `xxgk harvest --every DURATION` start (docs/harvest.md, "As a daemon").
//
// ParseEvery reads the DURATION: whole numbers with a unit each, s, m, h or d, one or several
// ("90s", "30m", "6h", "24h", "7d", "1h30m"), from 1 s to 366 d. A bare number is refused rather
// than taken as seconds: "--every 24" is as likely meant as hours, and a daemon that harvests
// every 24 seconds would hammer every portal of the seed list.
//
// HarvestSchedule keeps the rounds on a fixed grid from the first start — first, first + every,
// first + 2·every, … — so a daemon started at 03:17 with 24h harvests at 03:17 every day, however
// long each round takes. A round that ends after the next grid point ran over: the next round
// starts at once (not once per point missed: the points it covered are skipped), and the grid
// goes on from the latest point passed. Like politeness, it is pure logic with the time passed
// in, so its tests need no clock and no sleeps.
// Thread safety: a HarvestSchedule is used by one thread; ParseEvery is pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::harvest {

// The DURATION of --every in seconds; an error in words otherwise ("needs a unit …").
Status ParseEvery(std::string_view text, std::chrono::seconds* every);

class HarvestSchedule {
 public:
  using Clock = std::chrono::steady_clock;

  // REQUIRES: every > 0. `first_start` is when the first round starts (grid point 0).
  HarvestSchedule(Clock::duration every, Clock::time_point first_start);

  struct NextRound {
    Clock::time_point start;  // when the next round starts (== the round's end if it ran over)
    bool ran_over = false;    // the round ended after its next grid point
    Clock::duration over{};   // by how long (0 unless ran_over)
    uint64_t skipped = 0;     // grid points passed with no round started (ran_over only)
    uint64_t round = 0;       // the next round's number (the first round is 1)
  };

  // The round that started last has ended at `round_end`: when the next one starts.
  // REQUIRES: called once per round, in order, with non-decreasing times.
  NextRound AfterRound(Clock::time_point round_end);

 private:
  Clock::duration every_;
  Clock::time_point first_;
  uint64_t point_ = 0;  // the grid point of the round that started last
  uint64_t round_ = 1;
};

}  // namespace xxgk::harvest
