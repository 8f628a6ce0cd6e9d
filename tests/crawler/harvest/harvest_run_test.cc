// HarvestRun in-process against the portal simulator (127.0.0.1 only): several counties at once
// but never two that share a seed host; outcomes in the order given; a stopped harvest resumed by
// the next one over the same counties, which does not walk the counties done again.
#include "crawler/harvest/harvest_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "crawler/seeds/seed_list.h"
#include "crawler/seeds/seed_selection.h"
#include "store/archive.h"
#include "tests/crawler/harvest/simulated_run.h"
#include "tests/simulator/simulator_test.h"
#include "tests/store/archive_documents.h"

namespace xxgk::harvest {
namespace {

using store::DocIds;

class HarvestRunTest : public simulator::SimulatorTest {
 protected:
  void SetUp() override {
    SimulatorTest::SetUp();
    ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive_).ok());
    ASSERT_TRUE(seeds::SeedList::Parse(sim_->SeedsTsv(), "<simulator>", &list_).ok());
    ASSERT_TRUE(seeds::SelectCounties(list_, {}, &all_).ok());
    ASSERT_GE(all_.size(), 3u);
  }
  void TearDown() override {
    archive_.reset();
    SimulatorTest::TearDown();
  }

  static FetchRunOptions Options() { return SimulatedRunOptions(*sim_); }
  static std::string HostOf(const seeds::CountySelection& county) {
    return std::string(county.rows.front()->portal_url.host());
  }

  std::unique_ptr<store::Archive> archive_;
  seeds::SeedList list_;
  std::vector<seeds::CountySelection> all_;
};

TEST_F(HarvestRunTest, CountiesThatShareAHostAreNeverWalkedTogether) {
  // A: a county; B: a "county" made of A's first row (the same portal host); C: another county.
  const seeds::CountySelection a = all_[0];
  const seeds::CountySelection b{"B-shares-a-host", "B", {a.rows.front()}};
  const seeds::CountySelection c = all_[1];
  ASSERT_NE(HostOf(a), HostOf(c));
  const std::vector<seeds::CountySelection> counties{a, b, c};

  // Every progress call in order: which county, and whether it ended.
  std::mutex mutex;
  std::vector<std::pair<size_t, bool>> events;
  size_t most_walking = 0;
  HarvestRun run(*archive_, Options(), /*counties_at_once=*/3);
  std::vector<CountyOutcome> outcomes;
  ASSERT_TRUE(run.Run(counties, &outcomes, [&](const HarvestProgress& p) {
                   std::lock_guard lock(mutex);
                   events.emplace_back(p.county, p.finished != nullptr);
                   most_walking = std::max(most_walking, p.walking);
                 }).ok());

  ASSERT_EQ(outcomes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(outcomes[i].code, counties[i].code);  // in the order given
    EXPECT_EQ(outcomes[i].state, CountyOutcome::State::kDone) << outcomes[i].error;
    EXPECT_GT(outcomes[i].result.pages, 0u);
  }
  // B's pages all come after A ended (or A's after B ended): never interleaved.
  auto first_of = [&](size_t county) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].first == county) return i;
    }
    return events.size();
  };
  auto end_of = [&](size_t county) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].first == county && events[i].second) return i;
    }
    return events.size();
  };
  ASSERT_LT(end_of(0), events.size());
  ASSERT_LT(end_of(1), events.size());
  EXPECT_TRUE(end_of(0) < first_of(1) || end_of(1) < first_of(0))
      << "A ended at event " << end_of(0) << ", B began at " << first_of(1);
  // A and C were walked together.
  EXPECT_GE(most_walking, 2u);

  // The journal: one harvest run, completed, every county a done part.
  std::vector<store::RunJournal> runs;
  ASSERT_TRUE(archive_->Runs(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, store::kRunCompleted);
  EXPECT_EQ(std::set<std::string>(runs[0].parts_done.begin(), runs[0].parts_done.end()),
            (std::set<std::string>{a.code, b.code, c.code}));
}

TEST_F(HarvestRunTest, AStoppedHarvestIsResumedWithoutWalkingTheCountiesDone) {
  const std::vector<seeds::CountySelection> counties(all_.begin(), all_.begin() + 3);
  // The reference: the same counties harvested whole, into another archive.
  std::set<std::string> want;
  {
    std::unique_ptr<store::Archive> reference;
    ASSERT_TRUE(store::Archive::Open((dir_ / "reference").string(), {}, &reference).ok());
    HarvestRun whole(*reference, Options(), 1);
    std::vector<CountyOutcome> outcomes;
    ASSERT_TRUE(whole.Run(counties, &outcomes).ok());
    want = DocIds(*reference);
    ASSERT_FALSE(want.empty());
  }

  // Stopped as soon as the first county ends: county 0 done, the others not run.
  HarvestRun first(*archive_, Options(), 1);
  std::vector<CountyOutcome> outcomes;
  ASSERT_TRUE(first
                  .Run(counties, &outcomes,
                       [&](const HarvestProgress& p) {
                         if (p.finished != nullptr) first.Stop();
                       })
                  .ok());
  EXPECT_EQ(outcomes[0].state, CountyOutcome::State::kDone);
  EXPECT_EQ(outcomes[1].state, CountyOutcome::State::kNotRun);
  std::vector<store::RunJournal> runs;
  ASSERT_TRUE(archive_->Runs(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, store::kRunStopped);
  EXPECT_EQ(runs[0].parts_done, std::vector<std::string>{counties[0].code});

  // The next harvest over the same counties goes on: county 0 is not walked again.
  const size_t requests_before = sim_->server().Requests().size();
  bool resumed = false;
  FetchRunOptions options = Options();
  options.began = [&](const store::RunJournal&, bool r) { resumed = r; };
  HarvestRun second(*archive_, options, 2);
  ASSERT_TRUE(second.Run(counties, &outcomes).ok());
  EXPECT_TRUE(resumed);
  EXPECT_TRUE(outcomes[0].done_earlier);
  EXPECT_EQ(outcomes[0].state, CountyOutcome::State::kDone);
  EXPECT_EQ(outcomes[0].result.pages, 0u);
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_FALSE(outcomes[i].done_earlier);
    EXPECT_EQ(outcomes[i].state, CountyOutcome::State::kDone) << outcomes[i].error;
  }
  const std::vector<crawl::testing::TestRequest> requests = sim_->server().Requests();
  for (size_t i = requests_before; i < requests.size(); ++i) {
    EXPECT_NE(requests[i].host, HostOf(counties[0])) << requests[i].target;
  }
  ASSERT_TRUE(archive_->Runs(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, store::kRunCompleted);
  EXPECT_EQ(runs[0].resumes, 1u);
  EXPECT_EQ(DocIds(*archive_), want);

  // --no-resume (resume false) after a completed harvest: a new run that walks county 0 again.
  options.resume = false;
  HarvestRun third(*archive_, options, 1);
  ASSERT_TRUE(third.Run({counties[0]}, &outcomes).ok());
  EXPECT_FALSE(resumed);
  EXPECT_FALSE(outcomes[0].done_earlier);
  EXPECT_GT(outcomes[0].result.pages, 0u);
}

}  // namespace
}  // namespace xxgk::harvest
