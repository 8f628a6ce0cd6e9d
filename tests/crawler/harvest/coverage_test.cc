// Tests of the coverage model's removed-from-the-portal rule (crawler/harvest/coverage.h): an
// archive built with Archive::AddDocuments and gone marks written as a harvest writes them
// (Archive::UpdateGoneMarks); BuildCoverage marks a document removed only when every source it
// was crawled from is gone (its own URL, or the page that linked it), never for a suspected
// mark, an imported file or a copy still answering; a cell only when all its documents are.
#include "crawler/harvest/coverage.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xxgk::harvest {
namespace {

namespace fs = std::filesystem;
using publish::CellState;

constexpr const char* kSeeds =
    "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n"
    "149901\t山西省\t模拟市\t星河县\tcounty\thttp://www.xh.gov.cn/\t\t\n";
constexpr const char* kHost = "http://www.xh.gov.cn/xxgk/ndbg/";

struct Copy {
  std::string origin;  // a URL, or a file path for an imported copy
  std::string page;    // the page that linked an attachment; "" for a page
};

class CoverageRemovedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-coverage-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive_).ok());
    ASSERT_TRUE(seeds::SeedList::Parse(kSeeds, "seeds", &seeds_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(dir_);
  }

  // A document of 星河县`body` for `year` (a fake doc_id made of `n`), one source per copy.
  void AddReport(int n, const std::string& body, int year, const std::vector<Copy>& copies,
                 const std::string& seen = "2026-01-10T00:00:00Z") {
    char id[17];
    std::snprintf(id, sizeof id, "%016x", static_cast<unsigned>(n));
    std::vector<store::NewDocument> docs;
    for (size_t i = 0; i < copies.size(); ++i) {
      store::NewDocument d;
      d.doc_id = id;
      d.text = "report " + std::string(id);
      d.text_sha256 = std::string(48, '0') + id;
      const bool url = copies[i].origin.starts_with("http");
      d.source.kind = url ? "url" : "file";
      d.source.origin = copies[i].origin;
      d.source.page = copies[i].page;
      d.source.payload_sha256 = std::string(47, '1') + std::to_string(i) + id;
      d.source.content_type = "text/html";
      d.source.seen = seen;
      if (url) d.source.seed_code = "149901";
      d.source.list_date = std::to_string(year + 1) + "-01-20";
      d.payload = "<html>" + std::to_string(i) + id + "</html>";
      if (i == 0) {
        d.record = store::StoredRecord{
            1, nlohmann::json{{"agency", "星河县" + body}, {"year", year}}.dump()};
      }
      docs.push_back(std::move(d));
    }
    std::vector<store::AddResult> results;
    ASSERT_TRUE(archive_->AddDocuments(docs, &results).ok());
  }
  // A gone mark of `url`: gone since `since` (RFC 3339), or suspected when `since` is "".
  void Mark(const std::string& url, const std::string& since,
            const std::string& reason = "http_404") {
    store::GoneMark mark;
    mark.url = url;
    mark.seed_code = "149901";
    mark.reason = reason;
    mark.first_failed = since.empty() ? "2026-11-20T01:00:00Z" : since;
    mark.last_failed = "2026-11-25T01:00:00Z";
    mark.failures = since.empty() ? 1 : 3;
    mark.gone_since = since;
    mark.marked_at = since.empty() ? "" : "2026-11-25T01:00:00Z";
    const std::vector<std::string> urls = {url};
    auto keep = [&](std::string_view, const std::optional<store::GoneMark>&) {
      return std::optional<store::GoneMark>(mark);
    };
    ASSERT_TRUE(archive_->UpdateGoneMarks(urls, keep).ok());
  }
  publish::CoverageReport Build() {
    CoverageOptions options;
    options.from_year = 2019;
    options.to_year = 2023;
    options.as_of = "2026-12-02";
    publish::CoverageReport report;
    EXPECT_TRUE(BuildCoverage(*archive_, seeds_, options, &report).ok());
    return report;
  }
  static const publish::CoverageCell& CellOf(const publish::CoverageReport& report,
                                             const std::string& body, int year) {
    for (const publish::CoverageBody& b : report.bodies) {
      if (b.key != body) continue;
      for (const publish::CoverageCell& c : b.cells) {
        if (c.year == year) return c;
      }
    }
    static const publish::CoverageCell none;
    ADD_FAILURE() << "no cell " << body << " " << year;
    return none;
  }

  fs::path dir_;
  std::unique_ptr<store::Archive> archive_;
  seeds::SeedList seeds_;
};

TEST_F(CoverageRemovedTest, AReportIsRemovedOnlyWhenEveryCrawledCopyIsGone) {
  const std::string k = kHost;
  // 财政局 2019: its page gone (since 2026-11-09 17:30 UTC, the 10th in China).
  AddReport(1, "财政局", 2019, {{k + "1.shtml", ""}});
  Mark(k + "1.shtml", "2026-11-09T17:30:00Z");
  // 财政局 2020: suspected only (one failed run): still on the portal.
  AddReport(2, "财政局", 2020, {{k + "2.shtml", ""}});
  Mark(k + "2.shtml", "");
  // 财政局 2021: a PDF whose report page is gone, the PDF itself never checked again (no list
  // links it any more): removed with its page.
  AddReport(3, "财政局", 2021, {{k + "3.pdf", k + "3.shtml"}});
  Mark(k + "3.shtml", "2026-11-12T02:00:00Z", "unlisted");
  // 财政局 2022: the page copy is gone, the PDF copy answers (no mark): not removed.
  AddReport(4, "财政局", 2022, {{k + "4.shtml", ""}, {k + "4.pdf", k + "4b.shtml"}});
  Mark(k + "4.shtml", "2026-11-01T02:00:00Z");
  // 财政局 2023: two copies gone on different days: removed since the later one.
  AddReport(5, "财政局", 2023, {{k + "5.shtml", ""}, {k + "5.doc", k + "5b.shtml"}});
  Mark(k + "5.shtml", "2026-11-01T02:00:00Z");
  Mark(k + "5.doc", "2026-11-15T02:00:00Z", "http_410");
  Mark(k + "5b.shtml", "2026-11-20T02:00:00Z");  // its own URL went first: the 15th counts
  // 教育局 2021: imported from a file (and crawled too, gone): the file says nothing of the
  // portal, the crawled copy is gone: removed. 教育局 2022: imported only: never removed.
  AddReport(6, "教育局", 2021, {{"/tmp/6.txt", ""}, {k + "6.shtml", ""}});
  Mark(k + "6.shtml", "2026-10-01T02:00:00Z");
  AddReport(7, "教育局", 2022, {{"/tmp/7.txt", ""}});
  // 教育局 2020: an old version gone, its re-publication at a new URL present: the cell is not
  // removed (the old document still is).
  AddReport(8, "教育局", 2020, {{k + "8.shtml", ""}}, "2026-01-10T00:00:00Z");
  Mark(k + "8.shtml", "2026-10-01T02:00:00Z");
  AddReport(9, "教育局", 2020, {{k + "9.shtml", ""}}, "2026-06-10T00:00:00Z");

  const publish::CoverageReport report = Build();
  const publish::CoverageCell& gone = CellOf(report, "财政局", 2019);
  EXPECT_EQ(gone.state, CellState::kRemoved);
  EXPECT_EQ(gone.removed, true);
  EXPECT_EQ(gone.removed_since, "2026-11-10");
  ASSERT_EQ(gone.documents.size(), 1u);
  EXPECT_EQ(gone.documents[0].removed_since, "2026-11-10");
  EXPECT_EQ(gone.documents[0].removed_reason, "http_404");
  EXPECT_EQ(gone.documents[0].timeliness, "on_time");  // what it was, kept beside the state

  const publish::CoverageCell& suspected = CellOf(report, "财政局", 2020);
  EXPECT_EQ(suspected.state, CellState::kOnTime);
  EXPECT_EQ(suspected.removed, false);
  EXPECT_EQ(suspected.removed_since, "");

  const publish::CoverageCell& with_page = CellOf(report, "财政局", 2021);
  EXPECT_EQ(with_page.state, CellState::kRemoved);
  EXPECT_EQ(with_page.removed_since, "2026-11-12");
  EXPECT_EQ(with_page.documents[0].removed_reason, "unlisted");

  EXPECT_EQ(CellOf(report, "财政局", 2022).state, CellState::kOnTime);
  EXPECT_EQ(CellOf(report, "财政局", 2022).removed, false);

  const publish::CoverageCell& latest = CellOf(report, "财政局", 2023);
  EXPECT_EQ(latest.state, CellState::kRemoved);
  EXPECT_EQ(latest.removed_since, "2026-11-15");
  EXPECT_EQ(latest.documents[0].removed_reason, "http_410");

  EXPECT_EQ(CellOf(report, "教育局", 2021).state, CellState::kRemoved);
  EXPECT_EQ(CellOf(report, "教育局", 2021).removed_since, "2026-10-01");
  EXPECT_EQ(CellOf(report, "教育局", 2022).state, CellState::kOnTime);
  EXPECT_EQ(CellOf(report, "教育局", 2022).removed, false);

  const publish::CoverageCell& republished = CellOf(report, "教育局", 2020);
  EXPECT_EQ(republished.state, CellState::kOnTime);
  EXPECT_EQ(republished.removed, false);
  ASSERT_EQ(republished.documents.size(), 2u);
  EXPECT_EQ(republished.documents[0].removed_since, "");            // the current one, present
  EXPECT_EQ(republished.documents[1].removed_since, "2026-10-01");  // the old one, gone

  // A cell without a document: nothing to remove.
  EXPECT_EQ(CellOf(report, "人民政府", 2019).state, CellState::kMissing);
  EXPECT_FALSE(CellOf(report, "人民政府", 2019).removed.has_value());

  // The renderings say it: the table's short form and count, the CSV's columns.
  const std::string table = publish::CoverageTable(report);
  EXPECT_NE(table.find("gone"), std::string::npos) << table;
  EXPECT_NE(table.find(" 4 removed,"), std::string::npos) << table;
  const std::string csv = publish::CoverageCsv(report);
  EXPECT_NE(csv.find(",removed,2020-01-31,on_time,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1,2026-11-10,"), std::string::npos) << csv;
  const std::string html = publish::CoverageHtml(report, "txt/");
  EXPECT_NE(html.find("gone since 2026-11-15"), std::string::npos);
  EXPECT_NE(html.find("removed from the portal since 2026-11-12 (unlisted); was on_time"),
            std::string::npos);
}

TEST_F(CoverageRemovedTest, AnArchiveWithoutGoneMarksRemovesNothing) {
  AddReport(1, "财政局", 2019, {{std::string(kHost) + "1.shtml", ""}});
  const publish::CoverageReport report = Build();
  EXPECT_EQ(CellOf(report, "财政局", 2019).state, CellState::kOnTime);
  EXPECT_EQ(CellOf(report, "财政局", 2019).removed, false);
}

}  // namespace
}  // namespace xxgk::harvest
