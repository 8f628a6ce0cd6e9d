// crawler/harvest/harvest_schedule: what --every reads (units, refusals) and when the daemon's
// rounds start on made-up times — on the grid from the first start, at once after a round that
// ran over, with the points it covered skipped.
#include "crawler/harvest/harvest_schedule.h"

#include <gtest/gtest.h>

#include <string>

namespace xxgk::harvest {
namespace {

using namespace std::chrono_literals;
using Clock = HarvestSchedule::Clock;

std::chrono::seconds Every(const std::string& text) {
  std::chrono::seconds every{-1};
  const Status s = ParseEvery(text, &every);
  EXPECT_TRUE(s.ok()) << text << ": " << s.message();
  return every;
}

std::string Refusal(const std::string& text) {
  std::chrono::seconds every{-1};
  const Status s = ParseEvery(text, &every);
  EXPECT_FALSE(s.ok()) << text << " was taken as " << every.count() << " s";
  EXPECT_EQ(every.count(), -1) << text;  // untouched
  return s.message();
}

TEST(ParseEvery, ReadsEachUnitAndSums) {
  EXPECT_EQ(Every("1s"), 1s);
  EXPECT_EQ(Every("90s"), 90s);
  EXPECT_EQ(Every("30m"), 30min);
  EXPECT_EQ(Every("6h"), 6h);
  EXPECT_EQ(Every("24h"), 24h);
  EXPECT_EQ(Every("7d"), 7 * 24h);
  EXPECT_EQ(Every("1h30m"), 90min);
  EXPECT_EQ(Every("1d12h"), 36h);
  EXPECT_EQ(Every("366d"), 366 * 24h);
}

TEST(ParseEvery, RefusesZeroNegativesBareNumbersAndGarbage) {
  EXPECT_NE(Refusal("0s").find("at least 1s"), std::string::npos);
  EXPECT_NE(Refusal("0h0m").find("at least 1s"), std::string::npos);
  EXPECT_NE(Refusal("24").find("has no unit (24h? 24m?)"), std::string::npos);
  EXPECT_NE(Refusal("0").find("has no unit"), std::string::npos);
  for (const char* bad : {"-1h", "1.5h", "h", "1x", "1 h", "24H", "1h-", "+1h", "1hh", "abc"}) {
    EXPECT_NE(Refusal(bad).find("not a duration: '" + std::string(bad) + "'"), std::string::npos)
        << bad;
  }
  EXPECT_NE(Refusal("").find("no duration given"), std::string::npos);
  EXPECT_NE(Refusal("367d").find("longer than 366d"), std::string::npos);
  EXPECT_NE(Refusal("366d1s").find("longer than 366d"), std::string::npos);
  EXPECT_NE(Refusal("99999999999999999999s").find("not a duration"), std::string::npos);
  EXPECT_NE(Refusal("9223372036854775807d").find("longer than 366d"), std::string::npos);
}

// Times as hours after an arbitrary origin.
Clock::time_point At(std::chrono::minutes since) { return Clock::time_point{} + 1000h + since; }

TEST(HarvestSchedule, RoundsShorterThanTheIntervalStartOnTheGrid) {
  HarvestSchedule schedule(1h, At(0min));
  HarvestSchedule::NextRound next = schedule.AfterRound(At(10min));
  EXPECT_EQ(next.round, 2u);
  EXPECT_EQ(next.start, At(60min));
  EXPECT_FALSE(next.ran_over);
  EXPECT_EQ(next.skipped, 0u);
  // The second round started at 1 h and took 50 min: the third at 2 h, not 1 h after its end.
  next = schedule.AfterRound(At(110min));
  EXPECT_EQ(next.round, 3u);
  EXPECT_EQ(next.start, At(120min));
  EXPECT_FALSE(next.ran_over);
}

TEST(HarvestSchedule, ARoundEndingOnTheNextPointHasNoWaitAndDidNotRunOver) {
  HarvestSchedule schedule(1h, At(0min));
  const HarvestSchedule::NextRound next = schedule.AfterRound(At(60min));
  EXPECT_EQ(next.start, At(60min));
  EXPECT_FALSE(next.ran_over);
  EXPECT_EQ(schedule.AfterRound(At(70min)).start, At(120min));
}

TEST(HarvestSchedule, ARoundThatRanOverIsFollowedAtOnceThenTheGridGoesOn) {
  HarvestSchedule schedule(1h, At(0min));
  // 1 h 20 min: the next round starts at its end, 20 min over; no point was missed entirely.
  HarvestSchedule::NextRound next = schedule.AfterRound(At(80min));
  EXPECT_TRUE(next.ran_over);
  EXPECT_EQ(next.start, At(80min));
  EXPECT_EQ(next.over, 20min);
  EXPECT_EQ(next.skipped, 0u);
  EXPECT_EQ(next.round, 2u);
  // That round (on the 1 h point) ends at 1 h 30 min: the next at 2 h, on the grid again.
  next = schedule.AfterRound(At(90min));
  EXPECT_FALSE(next.ran_over);
  EXPECT_EQ(next.start, At(120min));
  EXPECT_EQ(next.round, 3u);
}

TEST(HarvestSchedule, ARoundOverSeveralIntervalsStartsOneRoundAndSkipsThePointsItCovered) {
  HarvestSchedule schedule(1h, At(0min));
  // 3 h 30 min: the points 1 h, 2 h and 3 h passed; one round starts now (for 3 h), 2 skipped.
  HarvestSchedule::NextRound next = schedule.AfterRound(At(210min));
  EXPECT_TRUE(next.ran_over);
  EXPECT_EQ(next.start, At(210min));
  EXPECT_EQ(next.over, 150min);
  EXPECT_EQ(next.skipped, 2u);
  next = schedule.AfterRound(At(215min));
  EXPECT_FALSE(next.ran_over);
  EXPECT_EQ(next.start, At(240min));
}

TEST(HarvestSchedule, OneSecondRoundsOfASecondOrMore) {
  HarvestSchedule schedule(1s, At(0min));
  const Clock::time_point t0 = At(0min);
  HarvestSchedule::NextRound next = schedule.AfterRound(t0 + 400ms);
  EXPECT_EQ(next.start, t0 + 1s);
  next = schedule.AfterRound(t0 + 2500ms);  // the second round (from 1 s) took 1.5 s
  EXPECT_TRUE(next.ran_over);
  EXPECT_EQ(next.over, 500ms);
  EXPECT_EQ(next.start, t0 + 2500ms);
  EXPECT_EQ(schedule.AfterRound(t0 + 2600ms).start, t0 + 3s);
}

}  // namespace
}  // namespace xxgk::harvest
