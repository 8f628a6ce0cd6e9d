// crawler/cli/round_stop: a signal stops the round running, or ends the wait between rounds at
// once, and stays: no later wait sleeps and no later round runs unstopped. No timed assertions:
// a stop from another thread ends an hour's wait, whenever it comes.
#include "crawler/cli/round_stop.h"

#include <gtest/gtest.h>

#include <thread>

namespace xxgk::cli {
namespace {

using namespace std::chrono_literals;
using Clock = RoundStop::Clock;

TEST(RoundStop, AWaitForAPassedTimeReturnsAtOnce) {
  RoundStop stop;
  EXPECT_TRUE(stop.WaitUntil(Clock::now() - 1s));
  EXPECT_TRUE(stop.WaitUntil(Clock::now()));
  EXPECT_FALSE(stop.stopped());
}

TEST(RoundStop, AStopFromAnotherThreadEndsAnHoursWait) {
  RoundStop stop;
  std::thread signaller([&] { EXPECT_FALSE(stop.Stop()); });  // no round running
  EXPECT_FALSE(stop.WaitUntil(Clock::now() + 1h));
  signaller.join();
  EXPECT_TRUE(stop.stopped());
  EXPECT_FALSE(stop.round_stopped());
  EXPECT_FALSE(stop.WaitUntil(Clock::now() - 1s));  // sticky, even for a time passed
}

TEST(RoundStop, AStopDuringARoundStopsThatRound) {
  RoundStop stop;
  int stops = 0;
  stop.Begin([&] { ++stops; });
  EXPECT_TRUE(stop.Stop());
  EXPECT_EQ(stops, 1);
  stop.End();
  EXPECT_TRUE(stop.round_stopped());
  EXPECT_FALSE(stop.WaitUntil(Clock::now() + 1h));
  EXPECT_FALSE(stop.Stop());  // a second signal after the round: nothing to stop
  EXPECT_EQ(stops, 1);
}

TEST(RoundStop, ARoundBegunAfterAStopIsStoppedAsItBegins) {
  RoundStop stop;
  EXPECT_FALSE(stop.Stop());
  int stops = 0;
  stop.Begin([&] { ++stops; });
  EXPECT_EQ(stops, 1);
  stop.End();
  EXPECT_TRUE(stop.round_stopped());
}

TEST(RoundStop, AStopAfterTheRoundEndedIsNotTheRounds) {
  RoundStop stop;
  int stops = 0;
  stop.Begin([&] { ++stops; });
  stop.End();
  EXPECT_FALSE(stop.Stop());
  EXPECT_EQ(stops, 0);
  EXPECT_TRUE(stop.stopped());
  EXPECT_FALSE(stop.round_stopped());
}

}  // namespace
}  // namespace xxgk::cli
