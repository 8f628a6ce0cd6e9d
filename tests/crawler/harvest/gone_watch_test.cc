// Tests of GoneWatch's rules (crawler/harvest/gone_watch.h): what a fetch result says of a known
// report URL, how a streak of removals becomes a gone mark only when it is long enough, and
// which marks one county's run writes in an archive of several.
#include "crawler/harvest/gone_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/archive.h"
#include "tests/scratch_dir_test.h"

namespace xxgk::harvest {
namespace {

using Kind = Sighting::Kind;
using std::chrono::hours;

crawl::FetchResult Answered(int status, const std::string& url = "http://a.gov.cn/x/1.html") {
  crawl::FetchResult r;
  r.requested_url = url;
  r.final_url = url;
  r.error = crawl::AttemptError::kNone;  // an HTTP response arrived
  r.http_status = status;
  return r;
}

crawl::FetchResult Redirected(const std::string& from, const std::string& to) {
  crawl::FetchResult r = Answered(200, to);
  r.redirects.push_back(crawl::RedirectHop{from, 302});
  r.requested_url = from;
  return r;
}

TEST(GoneWatch, NotFoundAndGoneAreRemovalsWithTheirStatus) {
  EXPECT_EQ(SightingOf(Answered(404)).kind, Kind::kRemoved);
  EXPECT_EQ(SightingOf(Answered(404)).reason, "http_404");
  EXPECT_EQ(SightingOf(Answered(410)).reason, "http_410");
}

TEST(GoneWatch, ServerTroubleIsTransientNotARemoval) {
  EXPECT_EQ(SightingOf(Answered(503)).kind, Kind::kTransient);
  EXPECT_EQ(SightingOf(Answered(403)).kind, Kind::kTransient);
  EXPECT_EQ(SightingOf(Answered(429)).kind, Kind::kTransient);
  crawl::FetchResult timeout = Answered(0);
  timeout.error = crawl::AttemptError::kTimeout;
  EXPECT_EQ(SightingOf(timeout).kind, Kind::kTransient);
  crawl::FetchResult cancelled = Answered(0);
  cancelled.error = crawl::AttemptError::kCancelled;
  EXPECT_EQ(SightingOf(cancelled).kind, Kind::kUnchecked);
}

TEST(GoneWatch, AnswerOrRevalidationIsPresence) {
  EXPECT_EQ(SightingOf(Answered(200)).kind, Kind::kPresent);
  crawl::FetchResult revalidated = Answered(200);
  revalidated.from_archive = true;
  revalidated.unchanged = true;
  EXPECT_EQ(SightingOf(revalidated).kind, Kind::kPresent);
  crawl::FetchResult stored = Answered(200);
  stored.from_archive = true;  // answered from the archive without a request
  EXPECT_EQ(SightingOf(stored).kind, Kind::kUnchecked);
}

TEST(GoneWatch, RedirectsToTheHomePageOrTheColumnAreRemovals) {
  const std::string page = "http://www.a.gov.cn/xxgk/ndbg/202401/t20240129_1.shtml";
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/")), "redirect_home");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/index.html")), "redirect_home");
  // A portal moved to a new domain: its home page there.
  EXPECT_EQ(RemovalRedirect(Redirected(page, "https://www.new-a.gov.cn/")), "redirect_home");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/xxgk/ndbg/")), "redirect_column");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/xxgk/index.shtml")),
            "redirect_column");
  EXPECT_EQ(SightingOf(Redirected(page, "http://www.a.gov.cn/xxgk/ndbg/")).kind, Kind::kRemoved);
}

TEST(GoneWatch, OtherRedirectsAreNoRemoval) {
  const std::string page = "http://www.a.gov.cn/xxgk/ndbg/202401/t20240129_1.shtml";
  // http → https of the same page, a moved page, another host's directory: the report may live on.
  EXPECT_EQ(RemovalRedirect(Redirected(page, "https://www.a.gov.cn/xxgk/ndbg/202401/t20240129_1.shtml")),
            "");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/new/t20240129_1.shtml")), "");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://other.gov.cn/xxgk/ndbg/")), "");
  EXPECT_EQ(RemovalRedirect(Redirected(page, "http://www.a.gov.cn/other/")), "");
  EXPECT_EQ(RemovalRedirect(Answered(200, page)), "");
  EXPECT_EQ(SightingOf(Redirected(page, "http://www.a.gov.cn/new/t20240129_1.shtml")).kind,
            Kind::kPresent);
}

class GoneMarks : public ::testing::Test {
 protected:
  WallClock::time_point Day(int d) { return start_ + hours(24 * d); }
  const Sighting removed_{Kind::kRemoved, "http_404"};
  const WallClock::time_point start_ = WallClock::time_point(std::chrono::seconds(1700000000));
  GonePolicy policy_;  // 3 days and 2 runs
};

TEST_F(GoneMarks, OneRemovalIsOnlySuspected) {
  auto mark = NextMark(std::nullopt, removed_, "140423", Day(0), policy_);
  ASSERT_TRUE(mark);
  EXPECT_FALSE(mark->gone());
  EXPECT_EQ(mark->failures, 1u);
  EXPECT_EQ(mark->seed_code, "140423");
  EXPECT_EQ(mark->reason, "http_404");
  EXPECT_EQ(mark->first_failed, FormatUtc(Day(0)));
}

TEST_F(GoneMarks, TwoRunsWithinTheWindowAreNotEnough) {
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), policy_);
  mark = NextMark(mark, removed_, "c", Day(1), policy_);
  mark = NextMark(mark, removed_, "c", Day(2), policy_);
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->failures, 3u);
  EXPECT_FALSE(mark->gone());  // a portal down over a weekend removes nothing
}

TEST_F(GoneMarks, ALongEnoughStreakIsGoneSinceItsFirstRun) {
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), policy_);
  mark = NextMark(mark, Sighting{Kind::kTransient, ""}, "c", Day(1), policy_);
  mark = NextMark(mark, Sighting{Kind::kRemoved, "redirect_column"}, "c", Day(3), policy_);
  ASSERT_TRUE(mark);
  EXPECT_TRUE(mark->gone());
  EXPECT_EQ(mark->failures, 2u);  // the transient run neither counted nor reset
  EXPECT_EQ(mark->gone_since, FormatUtc(Day(0)));
  EXPECT_EQ(mark->marked_at, FormatUtc(Day(3)));
  EXPECT_EQ(mark->reason, "redirect_column");
}

TEST_F(GoneMarks, OneRunLongAfterIsNotEnoughEither) {
  GonePolicy three_runs{.gone_after = hours(72), .min_runs = 3};
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), three_runs);
  mark = NextMark(mark, removed_, "c", Day(30), three_runs);
  EXPECT_FALSE(mark->gone());
  mark = NextMark(mark, removed_, "c", Day(31), three_runs);
  EXPECT_TRUE(mark->gone());
}

TEST_F(GoneMarks, SeenTwiceInOneRunCountsOnce) {
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), policy_);
  mark = NextMark(mark, removed_, "c", Day(0), policy_);
  EXPECT_EQ(mark->failures, 1u);
}

TEST_F(GoneMarks, ARunResumedAfterAKillCountsItsRemovalsOnce) {
  // The run saw it removed on day 0, was killed before its part ended, and resumed on day 4:
  // still one run of the streak, so not gone.
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), policy_, "run-a");
  mark = NextMark(mark, removed_, "c", Day(4), policy_, "run-a");
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->failures, 1u);
  EXPECT_FALSE(mark->gone());
  EXPECT_EQ(mark->last_failed, FormatUtc(Day(0)));
  // The next run counts.
  mark = NextMark(mark, removed_, "c", Day(4), policy_, "run-b");
  EXPECT_EQ(mark->failures, 2u);
  EXPECT_TRUE(mark->gone());
  EXPECT_EQ(mark->last_run, "run-b");
}

TEST_F(GoneMarks, AnAnswerClearsTheMarkEvenWhenGone) {
  auto mark = NextMark(std::nullopt, removed_, "c", Day(0), policy_);
  mark = NextMark(mark, removed_, "c", Day(4), policy_);
  ASSERT_TRUE(mark && mark->gone());
  EXPECT_FALSE(NextMark(mark, Sighting{Kind::kPresent, ""}, "c", Day(5), policy_));
  EXPECT_EQ(NextMark(mark, Sighting{Kind::kUnchecked, ""}, "c", Day(5), policy_), mark);
}

// RecordGoneMarks over an archive that holds two counties: A (seed row A1; hosts a.gov.cn and
// 10.0.0.1, an attachment on cdn.a.gov.cn) and B (B1, b.gov.cn), B with a mark of an earlier
// run. A's run writes the marks of A's report URLs — sighted, and unlisted however the archive
// spells them — and leaves B's as they are, even where B's host answered in A's run.
class CountyMarks : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive_).ok());
    std::vector<store::NewDocument> docs;
    auto add = [&](const std::string& seed, const std::string& origin, const std::string& page) {
      store::NewDocument d;
      d.doc_id = std::string(15, '0') + static_cast<char>('a' + docs.size());
      d.text_sha256 = d.doc_id + std::string(48, '0');
      d.text = "report " + origin;
      d.payload = d.text;
      d.source = store::DocumentSource{.kind = "url",
                                       .origin = origin,
                                       .payload_sha256 = d.doc_id + std::string(48, '1'),
                                       .seen = "2026-12-01T00:00:00Z",
                                       .page = page,
                                       .seed_code = seed};
      docs.push_back(std::move(d));
    };
    add("B1", "http://b.gov.cn/gk/1.html", "");
    add("A1", "http://a.gov.cn/gk/1.html", "");
    add("A1", "http://A.gov.cn:80/gk/2.html", "");  // another spelling of a.gov.cn
    add("A1", "http://10.0.0.1/gk/3.html", "");
    add("A1", "http://a.gov.cn/gk/4.html", "");
    add("A1", "http://cdn.a.gov.cn/f/5.pdf", "");  // linked from a list: its own report URL
    add("B1", "http://b.gov.cn/gk/2.html", "");
    std::vector<store::AddResult> results;
    ASSERT_TRUE(archive_->AddDocuments(docs, &results).ok());
    // B's mark of an earlier run.
    const std::vector<std::string> b_urls{"http://b.gov.cn/gk/1.html"};
    ASSERT_TRUE(archive_
                    ->UpdateGoneMarks(b_urls,
                                      [&](std::string_view, const std::optional<store::GoneMark>&) {
                                        return NextMark(std::nullopt, removed_, "B1", start_,
                                                        policy_, "run-b");
                                      })
                    .ok());
    b_mark_ = Mark("http://b.gov.cn/gk/1.html");
    ASSERT_TRUE(b_mark_);
  }
  void TearDown() override {
    archive_.reset();
    ScratchDirTest::TearDown();
  }
  std::optional<store::GoneMark> Mark(const std::string& url) {
    std::optional<store::GoneMark> mark;
    EXPECT_TRUE(archive_->GetGoneMark(url, &mark).ok());
    return mark;
  }

  const Sighting removed_{Kind::kRemoved, "http_404"};
  const WallClock::time_point start_ = WallClock::time_point(std::chrono::seconds(1700000000));
  GonePolicy policy_;
  std::unique_ptr<store::Archive> archive_;
  std::optional<store::GoneMark> b_mark_;
};

TEST_F(CountyMarks, ACountysRunMarksItsOwnReportUrlsAndNoOtherCountys) {
  RunSightings run;
  run.answering_hosts = {"http://a.gov.cn:80", "http://10.0.0.1:80", "http://b.gov.cn:80"};
  run.requested = {"http://a.gov.cn/gk/1.html", "http://a.gov.cn/gk/4.html",
                   "http://cdn.a.gov.cn/f/5.pdf", "http://b.gov.cn/"};
  run.reports["http://a.gov.cn/gk/1.html"] = removed_;
  run.reports["http://cdn.a.gov.cn/f/5.pdf"] = Sighting{Kind::kRemoved, "http_410"};
  run.reports["http://a.gov.cn/gk/4.html"] = Sighting{Kind::kPresent, ""};
  GoneUpdate update;
  ASSERT_TRUE(RecordGoneMarks(*archive_, run, /*whole_seeds=*/{"A1"}, /*challenged_hosts=*/{},
                              start_ + hours(24), policy_, "run-a", &update)
                  .ok());

  EXPECT_EQ(update.unlisted, 2u);   // 2.html and 3.html
  EXPECT_EQ(update.suspected, 4u);  // those, 1.html and 5.pdf
  EXPECT_TRUE(update.newly_gone.empty());
  EXPECT_EQ(update.cleared, 0u);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"http://a.gov.cn/gk/1.html", "http_404"},
      {"http://A.gov.cn:80/gk/2.html", "unlisted"},
      {"http://10.0.0.1/gk/3.html", "unlisted"},
      {"http://cdn.a.gov.cn/f/5.pdf", "http_410"}};
  for (const auto& [url, reason] : want) {
    const std::optional<store::GoneMark> mark = Mark(url);
    ASSERT_TRUE(mark) << url << ": A's own report URL, missed";
    EXPECT_EQ(mark->reason, reason) << url;
    EXPECT_EQ(mark->seed_code, "A1") << url;  // the seed row of its source, wherever it is filed
    EXPECT_EQ(mark->last_run, "run-a") << url;
  }
  EXPECT_FALSE(Mark("http://a.gov.cn/gk/4.html"));  // it answered
  // B's: its seed row's walk was not A's, so neither is touched.
  EXPECT_EQ(Mark("http://b.gov.cn/gk/1.html"), b_mark_);
  EXPECT_FALSE(Mark("http://b.gov.cn/gk/2.html"));
}

}  // namespace
}  // namespace xxgk::harvest
