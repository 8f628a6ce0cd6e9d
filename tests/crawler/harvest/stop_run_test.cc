// A FetchRun stopped while a report's copies are in flight (in-process, against the portal
// simulator on 127.0.0.1): no document is made from the part of a report's copies that came —
// the archive holds, at the stop and after the resumed run, only documents an uninterrupted run
// makes — and the resumed run archives exactly the uninterrupted run's documents.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "crawler/harvest/fetch_run.h"
#include "crawler/seeds/seed_list.h"
#include "store/archive.h"
#include "tests/crawler/harvest/simulated_run.h"
#include "tests/simulator/simulator_test.h"
#include "tests/store/archive_documents.h"

namespace xxgk::harvest {
namespace {

using store::DocIds;

bool IsAttachment(const std::string& target) {
  for (const char* ext : {".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx"}) {
    if (target.ends_with(ext)) return true;
  }
  return false;
}

class StopRunTest : public simulator::SimulatorTest {
 protected:
  void SetUp() override {
    SimulatorTest::SetUp();
    ASSERT_TRUE(seeds::SeedList::Parse(sim_->SeedsTsv(), "<simulator>", &list_).ok());
    for (const seeds::SeedRow& row : list_.rows()) rows_.push_back(&row);
    ASSERT_FALSE(rows_.empty());
  }

  static FetchRunOptions Options() { return SimulatedRunOptions(*sim_); }

  seeds::SeedList list_;
  std::vector<const seeds::SeedRow*> rows_;
};

TEST_F(StopRunTest, AReportStoppedBeforeAllItsCopiesCameIsLeftForTheResumedRun) {
  std::unique_ptr<store::Archive> reference;
  ASSERT_TRUE(store::Archive::Open((dir_ / "reference").string(), {}, &reference).ok());
  {
    FetchRunResult whole;
    FetchRun run(*reference, Options());
    ASSERT_TRUE(run.Run(rows_, &whole).ok());
  }
  const std::set<std::string> want = DocIds(*reference);
  ASSERT_FALSE(want.empty());

  // Stopped at the moment the third attachment is asked for: that one (and whatever else is in
  // flight or queued) is cancelled.
  std::unique_ptr<store::Archive> archive;
  ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive).ok());
  FetchRunResult stopped;
  {
    FetchRun run(*archive, Options());
    std::atomic<int> attachments{0};
    sim_->SetRequestHook([&](const crawl::testing::TestRequest& request) {
      if (IsAttachment(request.target) && ++attachments == 3) run.Stop();
    });
    ASSERT_TRUE(run.Run(rows_, &stopped).ok());
    sim_->SetRequestHook(nullptr);
  }
  ASSERT_TRUE(stopped.interrupted);
  size_t unfinished = 0;
  for (const ReportOutcome& r : stopped.reports) {
    if (r.state != ReportOutcome::State::kUnfinished) continue;
    ++unfinished;
    EXPECT_TRUE(r.doc_id.empty());
  }
  EXPECT_GE(unfinished, 1u) << "the stop cancelled no report's copy";
  // Every document archived so far is one the uninterrupted run made.
  const std::set<std::string> at_stop = DocIds(*archive);
  for (const std::string& id : at_stop) EXPECT_EQ(want.count(id), 1u) << id << " at the stop";

  // The resumed run ends with exactly the uninterrupted run's documents.
  FetchRunResult resumed;
  {
    FetchRun run(*archive, Options());
    ASSERT_TRUE(run.Run(rows_, &resumed).ok());
  }
  EXPECT_TRUE(resumed.resumed);
  EXPECT_GT(resumed.replayed, 0u);
  EXPECT_EQ(DocIds(*archive), want);
  for (const ReportOutcome& r : resumed.reports) {
    EXPECT_NE(r.state, ReportOutcome::State::kUnfinished) << r.title;
  }
}

}  // namespace
}  // namespace xxgk::harvest
