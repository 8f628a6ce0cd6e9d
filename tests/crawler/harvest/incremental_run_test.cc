// Incremental re-harvests end to end (issue 14): FetchRun in-process with RevisitOptions enabled,
// against the portal simulator as the crawl's proxy (127.0.0.1 only). A first run archives the
// simulated trs county; later runs see the same portal, or one where a report changed, moved or
// disappeared (SimulatorOptions::changes), at a clock moved by hand (RevisitOptions::now). The
// simulator's request log says what each later run asked for.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "crawler/harvest/fetch_run.h"
#include "crawler/seeds/seed_list.h"
#include "extract/report/report_extractor.h"
#include "store/archive.h"
#include "tests/crawler/harvest/simulated_run.h"
#include "tests/scratch_dir_test.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::harvest {
namespace {

using simulator::PortalSimulator;
using simulator::ReportChange;
using simulator::SimulatorOptions;
using std::chrono::hours;

constexpr uint32_t kSeed = 7;

// Each test makes the simulators it needs (the portal as it is, and as it changed).
class IncrementalRun : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    ScratchDirTest::TearDown();
  }

  // The trs county's report whose page holds the report inline (UTF-8 HTML, listed as <li>).
  static const simulator::ReportTruth& InlineReport(const PortalSimulator& sim) {
    const simulator::PortalTruth* trs = sim.Portal("trs");
    for (const simulator::ReportTruth& r : trs->reports) {
      for (const simulator::ReportCopy& c : r.copies) {
        if (c.format == "html" && c.url == r.page_url && c.charset == "UTF-8" &&
            c.continuation_url.empty()) {
          return r;
        }
      }
    }
    ADD_FAILURE() << "no inline UTF-8 report in the trs county";
    return trs->reports.front();
  }

  // One run of the trs county with its towns and departments, through `sim`, at `now`.
  FetchRunResult Run(PortalSimulator& sim, WallClock::time_point now, bool revisit = true,
                     std::chrono::seconds interval = std::chrono::hours(24 * 7)) {
    seeds::SeedList list;
    EXPECT_TRUE(seeds::SeedList::Parse(sim.SeedsTsv(), "<simulator>", &list).ok());
    const seeds::SeedMatch match =
        list.FindByCode(sim.Portal("trs")->county_code, /*with_sub_bodies=*/true);
    EXPECT_FALSE(match.rows.empty());
    FetchRunOptions options = SimulatedRunOptions(sim, /*workers=*/2);
    options.revisit.enabled = revisit;
    options.revisit.interval = interval;
    options.revisit.now = [now] { return now; };
    options.convert = convert_;
    FetchRunResult result;
    FetchRun run(*archive_, options);
    EXPECT_TRUE(run.Run(match.rows, &result).ok());
    EXPECT_TRUE(result.archive_errors.empty());
    return result;
  }

  uint64_t Documents() {
    store::ArchiveCounts counts;
    EXPECT_TRUE(archive_->Counts(&counts).ok());
    return counts.documents;
  }
  std::optional<store::GoneMark> Mark(const std::string& url) {
    std::optional<store::GoneMark> mark;
    EXPECT_TRUE(archive_->GetGoneMark(url, &mark).ok());
    return mark;
  }
  // Requests `sim` received for `url`'s path on its host from index `from` on.
  static std::vector<crawl::testing::TestRequest> RequestsFor(PortalSimulator& sim,
                                                              const std::string& url, size_t from) {
    const size_t host_start = url.find("://") + 3;
    const size_t path_start = url.find('/', host_start);
    const std::string host = url.substr(host_start, path_start - host_start);
    const std::string path = url.substr(path_start);
    std::vector<crawl::testing::TestRequest> out;
    const auto all = sim.server().Requests();
    for (size_t i = from; i < all.size(); ++i) {
      if (all[i].host == host && all[i].target == path) out.push_back(all[i]);
    }
    return out;
  }

  std::string LatestDocId(const std::string& url) {
    std::optional<store::FetchEntry> entry;
    EXPECT_TRUE(archive_->GetLatestFetch(url, &entry).ok());
    return entry ? entry->doc_id : "";
  }

  std::unique_ptr<store::Archive> archive_;
  ingest::ConvertOptions convert_;  // the runs' conversion options
  const WallClock::time_point day0_ = WallClock::now();
};

TEST_F(IncrementalRun, ANewArchiveFetchesEverythingFromTheNetwork) {
  PortalSimulator sim(kSeed, SimulatorOptions{.validators = true});
  const FetchRunResult first = Run(sim, day0_);
  EXPECT_EQ(first.revisits.stored + first.revisits.conditional, 0u);
  EXPECT_GT(first.revisits.network, 0u);
  EXPECT_EQ(first.new_documents, sim.Portal("trs")->reports.size());
  EXPECT_TRUE(first.gone.newly_gone.empty());
  EXPECT_EQ(first.gone.suspected, 0u);
}

TEST_F(IncrementalRun, AfterTheIntervalKnownReportsAreOnlyRevalidated) {
  PortalSimulator sim(kSeed, SimulatorOptions{.validators = true});
  Run(sim, day0_);
  const uint64_t documents = Documents();
  const simulator::ReportTruth& report = InlineReport(sim);
  const size_t before = sim.server().Requests().size();

  const FetchRunResult second = Run(sim, day0_ + hours(24 * 8));
  EXPECT_EQ(second.new_documents, 0u);
  EXPECT_EQ(Documents(), documents);
  EXPECT_GT(second.revisits.conditional, 0u);
  EXPECT_EQ(second.revisits.not_modified, second.revisits.conditional);  // nothing changed
  EXPECT_EQ(second.revisits.refetched, 0u);
  // Every report is still found, from the revalidated pages.
  EXPECT_EQ(second.reports.size(), sim.Portal("trs")->reports.size());
  for (const ReportOutcome& r : second.reports) EXPECT_FALSE(r.doc_id.empty()) << r.title;
  const auto asked = RequestsFor(sim, report.page_url, before);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_FALSE(asked[0].Header("if-none-match").empty());  // a conditional request
  EXPECT_EQ(second.gone.suspected, 0u);
  EXPECT_EQ(second.gone.cleared, 0u);
}

TEST_F(IncrementalRun, WithinTheIntervalKnownReportsAreNotRequestedAtAll) {
  PortalSimulator sim(kSeed, SimulatorOptions{.validators = true});
  Run(sim, day0_);
  const size_t before = sim.server().Requests().size();
  const FetchRunResult second = Run(sim, day0_ + hours(24));
  EXPECT_GT(second.revisits.stored, 0u);
  EXPECT_EQ(second.revisits.conditional, 0u);
  EXPECT_EQ(second.new_documents, 0u);
  EXPECT_EQ(second.reports.size(), sim.Portal("trs")->reports.size());
  for (const simulator::ReportTruth& r : sim.Portal("trs")->reports) {
    EXPECT_TRUE(RequestsFor(sim, r.page_url, before).empty()) << r.page_url;
  }
}

TEST_F(IncrementalRun, WithoutRevisitEveryReportIsRequestedAgain) {
  PortalSimulator sim(kSeed, SimulatorOptions{.validators = true});
  Run(sim, day0_, /*revisit=*/false);
  const size_t before = sim.server().Requests().size();
  Run(sim, day0_ + hours(24), /*revisit=*/false);
  const simulator::ReportTruth& report = InlineReport(sim);
  const auto asked = RequestsFor(sim, report.page_url, before);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_TRUE(asked[0].Header("if-none-match").empty());
}

TEST_F(IncrementalRun, AChangedReportIsArchivedAgainAsANewDocument) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const uint64_t documents = Documents();
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator changed(kSeed, SimulatorOptions{.validators = true,
                                                  .changes = {{url, ReportChange::kBody}}});
  const FetchRunResult second = Run(changed, day0_ + hours(24 * 8));
  EXPECT_EQ(second.new_documents, 1u);
  EXPECT_EQ(Documents(), documents + 1);  // the first version is kept
  size_t changed_new = 0;
  for (const ReportOutcome& r : second.reports) {
    if (r.state == ReportOutcome::State::kNew) {
      ++changed_new;
      EXPECT_EQ(r.url, url);
    }
  }
  EXPECT_EQ(changed_new, 1u);
  EXPECT_GT(second.revisits.not_modified, 0u);  // the unchanged pages were confirmed by a 304
}

// A report all of whose parts the archive answered (a 304, or no request within the interval) is
// not converted or extracted again: the second runs refuse every payload they would read (a
// 1-byte input limit), and still every unchanged report is the duplicate of its document, while
// the one changed report is read (and refused).
TEST_F(IncrementalRun, UnchangedReportsAreNotReadAgainOnlyTheChangedOne) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  const FetchRunResult first = Run(first_sim, day0_);
  std::map<std::string, std::string> doc_of;  // report page URL -> doc_id
  for (const simulator::ReportTruth& r : first_sim.Portal("trs")->reports) {
    doc_of[r.page_url] = LatestDocId(r.page_url);
  }
  const std::string url = InlineReport(first_sim).page_url;
  ASSERT_FALSE(doc_of[url].empty());
  convert_.limits.max_input_bytes = 1;

  PortalSimulator changed(kSeed, SimulatorOptions{.validators = true,
                                                  .changes = {{url, ReportChange::kBody}}});
  const FetchRunResult revalidated = Run(changed, day0_ + hours(24 * 8));
  ASSERT_EQ(revalidated.reports.size(), first.reports.size());
  EXPECT_GT(revalidated.revisits.not_modified, 0u);
  for (const ReportOutcome& r : revalidated.reports) {
    SCOPED_TRACE(r.url + " " + r.title);
    if (r.url == url) {  // changed: read again, and refused by the limit
      EXPECT_EQ(r.state, ReportOutcome::State::kNoDocument);
      EXPECT_FALSE(r.problems.empty());
      continue;
    }
    EXPECT_EQ(r.state, ReportOutcome::State::kDuplicate);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_FALSE(r.doc_id.empty());
    EXPECT_GT(r.checks_passed, 0);  // the stored record, read back
  }
  // The revalidation of an unchanged report page is logged, naming its document as before.
  for (const auto& [page, doc_id] : doc_of) {
    if (page == url || doc_id.empty()) continue;
    std::optional<store::FetchEntry> entry;
    ASSERT_TRUE(archive_->GetLatestFetch(page, &entry).ok());
    ASSERT_TRUE(entry);
    EXPECT_TRUE(entry->revalidated) << page;
    EXPECT_EQ(entry->doc_id, doc_id) << page;
  }

  PortalSimulator same(kSeed, SimulatorOptions{.validators = true});
  // Within the interval of the logged fetches (their times are the real clock's, day 0).
  const FetchRunResult stored = Run(same, day0_ + hours(24));
  EXPECT_GT(stored.revisits.stored, 0u);
  for (const ReportOutcome& r : stored.reports) {
    if (r.url == url) continue;  // its stored answer is the changed page, never archived
    EXPECT_EQ(r.state, ReportOutcome::State::kDuplicate) << r.url;
  }
}

// A report whose record an older extractor made is read again, so that the new record is stored.
TEST_F(IncrementalRun, AnUnchangedReportWhoseRecordAnOlderExtractorMadeIsExtractedAgain) {
  PortalSimulator sim(kSeed, SimulatorOptions{.validators = true});
  Run(sim, day0_);
  const std::string doc_id = LatestDocId(InlineReport(sim).page_url);
  ASSERT_FALSE(doc_id.empty());
  const std::pair<std::string, store::StoredRecord> old{
      doc_id, store::StoredRecord{extract::kExtractorVersion - 1, "{}"}};
  ASSERT_TRUE(archive_->PutRecords({&old, 1}).ok());
  Run(sim, day0_ + hours(24 * 8));
  std::optional<store::StoredRecord> record;
  ASSERT_TRUE(archive_->GetRecord(doc_id, &record).ok());
  ASSERT_TRUE(record);
  EXPECT_EQ(record->extractor_version, extract::kExtractorVersion);
  EXPECT_NE(record->json, "{}");
}

TEST_F(IncrementalRun, AReportNewlyAddedToItsColumnIsArchived) {
  PortalSimulator plain(kSeed, SimulatorOptions{.validators = true});
  const std::string url = InlineReport(plain).page_url;
  {  // the first run, before the report was published
    PortalSimulator before(kSeed, SimulatorOptions{.validators = true,
                                                   .changes = {{url, ReportChange::kUnlisted}}});
    EXPECT_EQ(Run(before, day0_).new_documents, plain.Portal("trs")->reports.size() - 1);
  }
  const uint64_t documents = Documents();
  const FetchRunResult second = Run(plain, day0_ + hours(24 * 8));
  EXPECT_EQ(second.new_documents, 1u);
  EXPECT_EQ(Documents(), documents + 1);
  for (const ReportOutcome& r : second.reports) {
    if (r.state == ReportOutcome::State::kNew) EXPECT_EQ(r.url, url);
  }
  EXPECT_GT(second.revisits.conditional, 0u);  // the others only revalidated
}

TEST_F(IncrementalRun, AChangeOfOnlyThePagesChromeKeepsTheDocument) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const uint64_t documents = Documents();
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator chrome(kSeed, SimulatorOptions{.validators = true,
                                                 .changes = {{url, ReportChange::kChrome}}});
  const size_t before = chrome.server().Requests().size();
  const FetchRunResult second = Run(chrome, day0_ + hours(24 * 8));
  ASSERT_EQ(RequestsFor(chrome, url, before).size(), 1u);  // fetched again: its bytes changed
  EXPECT_EQ(second.new_documents, 0u);  // a visit counter and today's date are no new report
  EXPECT_EQ(Documents(), documents);
}

TEST_F(IncrementalRun, ARemovedReportIsSuspectedThenGoneAndTheDocumentIsKept) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const uint64_t documents = Documents();
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator removed(kSeed, SimulatorOptions{.validators = true,
                                                  .changes = {{url, ReportChange::kNotFound}}});
  const FetchRunResult second = Run(removed, day0_ + hours(24 * 8));
  EXPECT_EQ(second.gone.suspected, 1u);
  EXPECT_TRUE(second.gone.newly_gone.empty());
  std::optional<store::GoneMark> mark = Mark(url);
  ASSERT_TRUE(mark);
  EXPECT_FALSE(mark->gone());
  EXPECT_EQ(mark->reason, "http_404");
  EXPECT_EQ(mark->seed_code.substr(0, 6), first_sim.Portal("trs")->county_code);

  const FetchRunResult third = Run(removed, day0_ + hours(24 * 12));
  ASSERT_EQ(third.gone.newly_gone.size(), 1u);
  EXPECT_EQ(third.gone.newly_gone[0], url);
  mark = Mark(url);
  ASSERT_TRUE(mark && mark->gone());
  EXPECT_EQ(mark->gone_since, FormatUtc(day0_ + hours(24 * 8)));
  EXPECT_EQ(Documents(), documents);  // the archive keeps the report

  // Back again: the mark is cleared.
  const FetchRunResult fourth = Run(first_sim, day0_ + hours(24 * 20));
  EXPECT_EQ(fourth.gone.cleared, 1u);
  EXPECT_FALSE(Mark(url));
}

TEST_F(IncrementalRun, AReportRedirectedToItsColumnIsARemovalAndNoDocument) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const uint64_t documents = Documents();
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator moved(kSeed, SimulatorOptions{
                                   .validators = true,
                                   .changes = {{url, ReportChange::kRedirectToColumn}}});
  const FetchRunResult second = Run(moved, day0_ + hours(24 * 8));
  EXPECT_EQ(second.new_documents, 0u);  // the column page it landed on is no report
  EXPECT_EQ(Documents(), documents);
  std::optional<store::GoneMark> mark = Mark(url);
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->reason, "redirect_column");
}

TEST_F(IncrementalRun, AnUnavailablePortalMarksNothing) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator busy(kSeed, SimulatorOptions{.validators = true,
                                               .changes = {{url, ReportChange::kUnavailable}}});
  const FetchRunResult second = Run(busy, day0_ + hours(24 * 8));
  EXPECT_EQ(second.gone.suspected, 0u);
  EXPECT_FALSE(Mark(url));
}

TEST_F(IncrementalRun, AReportNoLongerListedIsSuspectedUnlisted) {
  PortalSimulator first_sim(kSeed, SimulatorOptions{.validators = true});
  Run(first_sim, day0_);
  const std::string url = InlineReport(first_sim).page_url;
  PortalSimulator unlisted(kSeed, SimulatorOptions{.validators = true,
                                                   .changes = {{url, ReportChange::kUnlisted}}});
  const size_t before = unlisted.server().Requests().size();
  const FetchRunResult second = Run(unlisted, day0_ + hours(24 * 8));
  EXPECT_TRUE(RequestsFor(unlisted, url, before).empty());
  EXPECT_EQ(second.gone.unlisted, 1u);
  EXPECT_EQ(second.gone.suspected, 1u);
  std::optional<store::GoneMark> mark = Mark(url);
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->reason, "unlisted");
}

}  // namespace
}  // namespace xxgk::harvest
