// ResumeSource (crawler/harvest/resume_source.h) against the fake page source: the pages an
// interrupted run logged with a final answer are replayed from the archive, exactly as they were
// answered (status, headers, redirects, body), and never reach the network again; failures,
// pages of other runs, new pages and every page of a run that was not resumed go to the network.
#include "crawler/harvest/resume_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crawler/ingest/crawl_ingest.h"
#include "store/archive.h"
#include "tests/crawler/fake_page_source.h"

namespace xxgk::harvest {
namespace {

namespace fs = std::filesystem;
using crawl::FetchRequest;
using crawl::FetchResult;
using crawl::testing::FakePage;
using crawl::testing::FakePageSource;

constexpr char kList[] = "http://www.sim.gov.cn/xxgk/ndbg/index.html";
constexpr char kMoved[] = "http://www.sim.gov.cn/xxgk/ndbg/old.html";  // 302 to kReport
constexpr char kReport[] = "http://www.sim.gov.cn/xxgk/ndbg/202401/t1.html";
constexpr char kBusy[] = "http://www.sim.gov.cn/xxgk/ndbg/busy.html";  // 503 when logged
constexpr char kGone[] = "http://www.sim.gov.cn/xxgk/ndbg/gone.html";  // 404 when logged
constexpr char kOther[] = "http://www.sim.gov.cn/xxgk/other.html";     // logged outside the run
constexpr char kNew[] = "http://www.sim.gov.cn/xxgk/ndbg/index_1.html";  // never logged

class ResumeSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-resume-source-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(store::Archive::Open((dir_ / "a").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(dir_);
  }

  // The portal as the interrupted run saw it.
  void FillFirstPortal(FakePageSource& net) {
    net.SetHtml(kList, "<html><a href=\"202401/t1.html\">2023年报</a></html>");
    FakePage report;
    report.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"ETag", "\"r1\""}};
    report.body = "<html><body>2023年政府信息公开工作年度报告</body></html>";
    net.Set(kReport, report);
    FakePage moved;
    moved.redirect_to = kReport;
    net.Set(kMoved, moved);
    FakePage busy;
    busy.status = 503;
    busy.body = "busy";
    net.Set(kBusy, busy);
    net.SetHtml(kOther, "<html>other</html>");
  }

  // Fetches `urls` from `source`, running `io` until every answer is in.
  std::map<std::string, FetchResult> FetchAll(crawl::PageSource& source,
                                              boost::asio::io_context& io,
                                              const std::vector<std::string>& urls) {
    std::map<std::string, FetchResult> out;
    for (const std::string& url : urls) {
      source.Fetch(FetchRequest{url, {}, {}, 0, {}},
                   [&out, url](FetchResult r) { out[url] = std::move(r); });
    }
    io.restart();
    io.run();
    EXPECT_EQ(out.size(), urls.size());
    return out;
  }

  // Logs `results` in one ingest step of run `run` (0: outside any run).
  void Log(const std::map<std::string, FetchResult>& results, uint64_t run) {
    store::IngestBatch batch;
    batch.run = run;
    for (const auto& [url, r] : results) {
      batch.fetches.push_back(ingest::PageFetch(r, "list", "2026-01-05T10:00:00Z"));
    }
    store::IngestResult ingested;
    ASSERT_TRUE(archive_->Ingest(batch, &ingested).ok());
  }

  // Run 1 logs the portal's pages, then is "killed" (never ended); a page of no run is logged too.
  store::RunJournal InterruptedRun() {
    store::RunJournal run;
    bool resumed = true;
    EXPECT_TRUE(archive_->BeginRun("rows-a", "2026-01-05T10:00:00Z", true, &run, &resumed).ok());
    EXPECT_FALSE(resumed);
    boost::asio::io_context io;
    FakePageSource net(io);
    FillFirstPortal(net);
    auto results = FetchAll(net, io, {kList, kMoved, kReport, kBusy, kGone});
    first_ = results;
    auto other = FetchAll(net, io, {kOther});
    Log(results, run.number);
    Log(other, 0);
    return run;
  }

  fs::path dir_;
  std::unique_ptr<store::Archive> archive_;
  std::map<std::string, FetchResult> first_;  // what the interrupted run was answered
};

TEST_F(ResumeSourceTest, ReplaysTheInterruptedRunsFinalAnswersAndForwardsTheRest) {
  const store::RunJournal first = InterruptedRun();
  store::RunJournal run;
  bool resumed = false;
  ASSERT_TRUE(archive_->BeginRun("rows-a", "2026-01-05T11:00:00Z", true, &run, &resumed).ok());
  ASSERT_TRUE(resumed);
  ASSERT_EQ(run.id, first.id);

  // The portal now answers differently: a replay must not be a new fetch.
  boost::asio::io_context io;
  FakePageSource net(io);
  net.SetHtml(kList, "<html>a new list</html>");
  net.SetHtml(kReport, "<html>changed</html>");
  net.SetHtml(kBusy, "<html>answers now</html>");
  net.SetHtml(kOther, "<html>other, again</html>");
  ResumeSource source(net, *archive_, run.id, io);
  auto got = FetchAll(source, io, {kList, kMoved, kReport, kBusy, kGone, kOther, kNew});

  // Replayed: the list, the redirect and the report, and the 404 (a final answer).
  for (const char* url : {kList, kMoved, kReport, kGone}) {
    SCOPED_TRACE(url);
    const FetchResult& r = got.at(url);
    const FetchResult& was = first_.at(url);
    EXPECT_TRUE(r.replayed);
    EXPECT_EQ(r.requested_url, url);
    EXPECT_EQ(r.http_status, was.http_status);
    EXPECT_EQ(r.final_url, was.final_url);
    EXPECT_EQ(r.body, was.body);
    EXPECT_EQ(r.headers, was.headers);
    ASSERT_EQ(r.redirects.size(), was.redirects.size());
    for (size_t i = 0; i < r.redirects.size(); ++i) {
      EXPECT_EQ(r.redirects[i].url, was.redirects[i].url);
      EXPECT_EQ(r.redirects[i].status, was.redirects[i].status);
    }
  }
  EXPECT_EQ(got.at(kMoved).final_url, kReport);
  // Asked again: the 503 (a resume is its second chance), the page of no run, the new page.
  EXPECT_FALSE(got.at(kBusy).replayed);
  EXPECT_EQ(got.at(kBusy).body, "<html>answers now</html>");
  EXPECT_FALSE(got.at(kOther).replayed);
  EXPECT_EQ(got.at(kOther).body, "<html>other, again</html>");
  EXPECT_FALSE(got.at(kNew).replayed);
  std::vector<std::string> asked = net.requests();
  std::sort(asked.begin(), asked.end());
  std::vector<std::string> want = {kBusy, kOther, kNew};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(asked, want);
  EXPECT_EQ(source.replayed(), 4u);
  EXPECT_EQ(source.forwarded(), 3u);
}

TEST_F(ResumeSourceTest, ARunThatWasNotResumedReplaysNothing) {
  const store::RunJournal first = InterruptedRun();
  // Other rows: a new run, the interrupted one abandoned.
  store::RunJournal run;
  bool resumed = true;
  ASSERT_TRUE(archive_->BeginRun("rows-b", "2026-01-05T11:00:00Z", true, &run, &resumed).ok());
  EXPECT_FALSE(resumed);
  EXPECT_NE(run.id, first.id);
  boost::asio::io_context io;
  FakePageSource net(io);
  FillFirstPortal(net);
  ResumeSource source(net, *archive_, run.id, io);
  auto got = FetchAll(source, io, {kList, kReport});
  EXPECT_FALSE(got.at(kList).replayed);
  EXPECT_FALSE(got.at(kReport).replayed);
  EXPECT_EQ(net.requests().size(), 2u);
  EXPECT_EQ(source.replayed(), 0u);
}

TEST_F(ResumeSourceTest, AfterStopReplaysCompleteAsCancelled) {
  const store::RunJournal first = InterruptedRun();
  boost::asio::io_context io;
  FakePageSource net(io);
  ResumeSource source(net, *archive_, first.id, io);
  std::map<std::string, FetchResult> got;
  source.Fetch(FetchRequest{kList, {}, {}, 7, {}}, [&](FetchResult r) { got[kList] = std::move(r); });
  source.Stop();  // before the posted replay runs
  io.run();
  ASSERT_EQ(got.count(kList), 1u);
  EXPECT_EQ(got.at(kList).error, crawl::AttemptError::kCancelled);
  EXPECT_EQ(got.at(kList).tag, 7u);
  EXPECT_TRUE(net.requests().empty());
}

}  // namespace
}  // namespace xxgk::harvest
