// A FetchRun whose archive writer lags (issue 17): the bodies waiting for the workers and the
// writer count against the fetch engine's budget of bodies in flight until they are written, so
// the run stops fetching once they fill it, instead of queueing every report in memory.
//
// In-process, against a TestHttpServer on 127.0.0.1: one county whose column lists 16 reports,
// each a 1 MiB PDF, on one host (one connection: the transfers alone never hold more than one
// body). The writer is held back at its first write until the engine logs that transfers wait
// (or, were the bodies not counted, until every PDF has been asked for). Counted, not timed: the
// PDFs asked for by then.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crawler/harvest/fetch_run.h"
#include "crawler/seeds/seed_list.h"
#include "store/archive.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::harvest {
namespace {

using crawl::testing::TestHttpServer;
using crawl::testing::TestRequest;
using crawl::testing::TestResponse;

constexpr int kReports = 16;
constexpr size_t kMiB = 1024 * 1024;
constexpr size_t kBody = 1 * kMiB;
constexpr size_t kLimit = 4 * kMiB;

// The writer's gate: shut until the first "transfers wait" line, or every PDF asked for.
struct Gate {
  void Open(int asked) {
    std::lock_guard lock(mutex);
    if (open) return;
    open = true;
    asked_when_opened = asked;
    changed.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return open; });
  }
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  int asked_when_opened = 0;
};

TEST(FetchRunBudget, ReportsWaitingForTheWriterHoldTheEngineBackAtTheBudget) {
  const std::string pdf = "%PDF-1.4\n" + std::string(kBody - 9, 'x');  // not a readable PDF
  std::atomic<int> asked{0};
  Gate gate;
  TestHttpServer server([&](const TestRequest& r) {
    TestResponse response;
    if (r.target == "/robots.txt") {
      response.body = "User-agent: *\nDisallow:\n";
    } else if (r.target == "/col/") {
      response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
      response.body = "<html><body><h1>政府信息公开年报</h1><ul>";
      for (int i = 0; i < kReports; ++i) {
        response.body += "<li><a href=\"/col/r" + std::to_string(i) + ".pdf\">测试县第" +
                         std::to_string(i) + "局2023年政府信息公开工作年度报告</a> 2024-01-2" +
                         std::to_string(i % 10) + "</li>";
      }
      response.body += "</ul></body></html>";
    } else if (r.target.ends_with(".pdf")) {
      response.headers.emplace_back("Content-Type", "application/pdf");
      response.body = pdf;
      if (++asked == kReports) gate.Open(kReports);  // no wait came: every report was asked
    } else {
      response.status = 404;
    }
    return response;
  });

  char tmpl[] = "/tmp/xxgk-budget-run-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::filesystem::path dir = tmpl;
  const std::string base = "http://budget.test:" + std::to_string(server.port());
  seeds::SeedList list;
  const std::string tsv = std::string(seeds::kSeedHeader) + "\n140423\t山西省\t长治市\t测试县\tcounty\t" +
                          base + "/\t" + base + "/col/\t\n";
  ASSERT_TRUE(seeds::SeedList::Parse(tsv, "<test>", &list).ok());
  std::vector<const seeds::SeedRow*> rows;
  for (const seeds::SeedRow& row : list.rows()) rows.push_back(&row);

  FetchRunOptions options;
  options.fetcher.resolve = {server.ResolveEntry("budget.test")};
  options.fetcher.politeness.min_delay = std::chrono::milliseconds(0);
  options.fetcher.max_inflight_bytes = kLimit;
  options.workers = 1;
  int waits_logged = 0;  // on the network thread
  options.fetcher.log = [&](std::string_view line) {
    if (line.find("transfers wait") == std::string_view::npos) return;
    ++waits_logged;
    gate.Open(asked.load());
  };
  options.before_write = [&] { gate.Wait(); };

  std::unique_ptr<store::Archive> archive;
  ASSERT_TRUE(store::Archive::Open((dir / "archive").string(), {}, &archive).ok());
  FetchRunResult result;
  {
    FetchRun run(*archive, options);
    ASSERT_TRUE(run.Run(rows, &result).ok());
  }
  EXPECT_GE(waits_logged, 1) << "the engine never waited for the bodies queued for the writer";
  // The budget holds 4 MiB of queued reports (fewer when each needs a little more than 1 MiB),
  // plus the transfer in flight and the request the server has just seen: at most 7 of the
  // 16 PDFs asked for while the writer was held back.
  EXPECT_LE(gate.asked_when_opened, 7) << "PDFs asked for while the writer was held back";
  // And nothing was lost: every report came through once the writer went on.
  EXPECT_EQ(result.reports.size(), static_cast<size_t>(kReports));
  EXPECT_TRUE(result.archive_errors.empty());
  EXPECT_EQ(asked.load(), kReports);
  archive.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace xxgk::harvest
