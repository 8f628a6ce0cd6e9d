// `xxgk report` as a user runs it: an archive built by `xxgk fetch` against the portal simulator
// (the TRS county: every body, the 2019 report re-dated by a migration) plus documents put in
// with Archive::Ingest (a late report with a failed check, one whose body cannot be told, one whose
// agency and title disagree, one no county can be told of); the matrix cells (on time / late by
// list date against the deadline, missing, not due, failed checks, unidentified rows never
// merged), the CSV and JSON parse, the HTML is self-contained and holds every cell. One report is
// then taken down (its page answers 404) and `xxgk harvest` marks it gone: its cell is removed,
// since the day the mark says, in the JSON, the CSV and the HTML. Also the pure rules: deadlines,
// body keys, title bodies. No network: the simulator is the crawl's proxy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

#include "crawler/harvest/coverage.h"
#include "store/archive.h"
#include "tests/cli/cli_run.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCounty = "149901";  // 星河县, the TRS family's county

// A document put straight into the archive, as a crawl of seed `seed_code` would have.
store::NewDocument Doc(const std::string& id, const std::string& seed_code,
                       const std::string& list_title, const std::string& list_date,
                       const json& record, const std::string& column = "") {
  store::NewDocument d;
  d.doc_id = id;
  d.text = "text of " + id;
  d.text_sha256 = std::string(48, '0') + id;
  d.source.kind = seed_code.empty() ? "file" : "url";
  d.source.origin = seed_code.empty() ? "/tmp/" + id + ".txt" : "http://www.simtrs-a.gov.cn/x/" + id + ".shtml";
  d.source.payload_sha256 = std::string(48, '1') + id;
  d.source.content_type = "text/html";
  d.source.seen = "2026-12-01T00:00:00Z";
  d.source.seed_code = seed_code;
  d.source.column = column;
  d.source.list_title = list_title;
  d.source.list_date = list_date;
  d.payload = "<html>" + id + "</html>";
  d.record = store::StoredRecord{1, record.dump()};
  return d;
}

json Record(const json& agency, int year, bool failed) {
  json apps = json::object();
  apps["new_received"] = {5, 0, 0, 0, 0, 0, 5};
  apps["granted"] = {3, 0, 0, 0, 0, 0, 3};
  return json{{"schema", "xxgk/report-1"}, {"agency", agency}, {"year", year},
              {"published", nullptr}, {"applications", apps},
              {"checks", json::array({{{"rule", "balance"}, {"ok", !failed}}})}};
}

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new simulator::PortalSimulator(7);
    char tmpl[] = "/tmp/xxgk-report-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = new fs::path(tmpl);
    std::ofstream(*dir_ / "seeds.tsv") << sim_->SeedsTsv();
    const CliRun fetch = RunShell(std::string(XXGK_BINARY) + " fetch 星河县 --seeds " +
                                      (*dir_ / "seeds.tsv").string() + " --archive " +
                                      (*dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
                                      std::to_string(sim_->port()) +
                                      " --delay 0 --retry-base 0.01 --quiet",
                                  *dir_);
    ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
    // The portal takes one report down: a harvest through a simulator whose page of it answers
    // 404, every known report re-requested (--revisit-days 0), one run enough to call it gone.
    // Before the documents below are put in: their made-up URLs would be unlisted reports. A
    // department's (the government's cells are checked by other tests).
    for (const simulator::ReportTruth& r : sim_->Portal("trs")->reports) {
      if (r.level == simulator::BodyLevel::kDepartment &&
          r.list_date.substr(0, 4) == std::to_string(r.year + 1)) {
        removed_url_ = new std::string(r.page_url);
        break;
      }
    }
    ASSERT_NE(removed_url_, nullptr);
    {
      simulator::PortalSimulator removed(
          7, simulator::SimulatorOptions{
                 .changes = {{*removed_url_, simulator::ReportChange::kNotFound}}});
      const CliRun harvest = RunShell(
          std::string(XXGK_BINARY) + " harvest 星河县 --seeds " + (*dir_ / "seeds.tsv").string() +
              " --archive " + (*dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
              std::to_string(removed.port()) +
              " --delay 0 --retry-base 0.01 --quiet --revisit-days 0 --gone-days 0 --gone-runs 1"
              " --json",
          *dir_);
      ASSERT_EQ(harvest.exit_code, 0) << harvest.err;
      const json result = json::parse(harvest.out, nullptr, false);
      ASSERT_TRUE(result.is_object()) << harvest.out;
      ASSERT_EQ(result["counties"][0]["gone"]["newly_gone"], json::array({*removed_url_}))
          << harvest.out;
    }
    std::unique_ptr<store::Archive> archive;
    ASSERT_TRUE(store::Archive::Open((*dir_ / "archive").string(), {}, &archive).ok());
    // The column the crawl recorded for the towns' reports (one folder per year, three towns).
    std::string town_column;
    {
      std::vector<store::StoredDocument> docs;
      uint64_t next = 0;
      ASSERT_TRUE(archive->ScanDocuments(0, 1000, &docs, &next).ok());
      for (const store::StoredDocument& d : docs) {
        std::vector<store::DocumentSource> sources;
        ASSERT_TRUE(archive->GetSources(d.info.doc_id, &sources).ok());
        for (const store::DocumentSource& src : sources) {
          if (src.column.find("乡镇街道") != std::string::npos) town_column = src.column;
        }
      }
    }
    ASSERT_FALSE(town_column.empty());
    store::IngestBatch batch;
    // 财政局 2021: listed 2022-02-15, after its 1月31日 deadline; a failed check.
    batch.documents.push_back(Doc("a000000000000001", kCounty, "星河县财政局2021年政府信息公开工作年度报告",
                                  "2022-02-15", Record("星河县财政局", 2021, true),
                                  "政府信息公开年报/部门/财政局"));
    // No agency, a title naming no body, a column of many bodies: its own row.
    batch.documents.push_back(Doc("a000000000000002", kCounty, "2022年政府信息公开工作年度报告",
                                  "2023-01-10", Record(nullptr, 2022, false), town_column));
    // No agency, no body in the title, but a column all of whose reports are 财政局's: joins it.
    batch.documents.push_back(Doc("a000000000000007", kCounty, "2019年度报告（政府信息公开）",
                                  "2020-01-15", Record(nullptr, 2019, false),
                                  "政府信息公开年报/部门/财政局"));
    // Agency and title disagree: its own row, in neither body.
    batch.documents.push_back(Doc("a000000000000003", kCounty, "星河县财政局2020年政府信息公开工作年度报告",
                                  "2021-01-10", Record("星河县教育局", 2020, false)));
    // Imported, no seed code, an agency no seed county starts: unattributed.
    batch.documents.push_back(Doc("a000000000000004", "", "", "", Record("某某县人民政府", 2022, false)));
    // Imported (no seed code), its county told by its agency after the prefecture's name: 教育局
    // 2021 signed after its deadline (late by signature); 卫生健康局 2021 with no date at all
    // (first seen long after the deadline: unknown).
    json signed_late = Record("模拟市星河县教育局", 2021, false);
    signed_late["published"] = "2022-03-01";
    batch.documents.push_back(Doc("a000000000000005", "", "", "", signed_late));
    batch.documents.push_back(Doc("a000000000000006", "", "", "", Record("星河县卫生健康局", 2021, false)));
    store::IngestResult result;
    ASSERT_TRUE(archive->Ingest(batch, &result).ok());
    std::optional<store::GoneMark> mark;
    ASSERT_TRUE(archive->GetGoneMark(*removed_url_, &mark).ok());
    ASSERT_TRUE(mark && mark->gone());
    removed_since_ = new std::string(ChinaDay(mark->gone_since));
  }
  // The China Standard Time day of an RFC 3339 UTC time.
  static std::string ChinaDay(const std::string& utc) {
    std::tm tm{};
    EXPECT_NE(strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm), nullptr) << utc;
    const time_t t = timegm(&tm) + 8 * 3600;
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", gmtime_r(&t, &tm));
    return day;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete sim_;
    delete removed_url_;
    delete removed_since_;
  }

  CliRun Report(const std::string& extra) {
    return RunShell(std::string(XXGK_BINARY) + " report --seeds " + (*dir_ / "seeds.tsv").string() +
                        " --archive " + (*dir_ / "archive").string() + " " + extra,
                    *dir_);
  }
  json ReportJson(const std::string& extra) {
    const CliRun run = Report("--json " + extra);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    json j = json::parse(run.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << run.out;
    return j;
  }
  static const json* Body(const json& report, const std::string& name) {
    for (const json& b : report["bodies"]) {
      if (b["body"] == name) return &b;
    }
    return nullptr;
  }
  static const json& CellOf(const json& body, int year) {
    for (const json& c : body["cells"]) {
      if (c["year"] == year) return c;
    }
    static const json none;
    return none;
  }

  static simulator::PortalSimulator* sim_;
  static fs::path* dir_;
  static inline std::string* removed_url_ = nullptr;    // the report taken down
  static inline std::string* removed_since_ = nullptr;  // its gone mark's day, in China
};
simulator::PortalSimulator* ReportCliTest::sim_ = nullptr;
fs::path* ReportCliTest::dir_ = nullptr;

TEST(CoverageRules, DeadlinesFollowTheRegulation) {
  EXPECT_EQ(harvest::DeadlineFor(2023, "county"), "2024-03-31");
  EXPECT_EQ(harvest::DeadlineFor(2023, "department"), "2024-01-31");
  EXPECT_EQ(harvest::DeadlineFor(2023, "town"), "2024-01-31");
  EXPECT_EQ(harvest::DeadlineFor(2019, "town"), "2020-01-31");
  EXPECT_EQ(harvest::DeadlineFor(2018, "department"), "2019-03-31");  // 2007 条例: 3月31日 for all
}

TEST(CoverageRules, BodyNamesReduceToOneKeyPerBody) {
  seeds::SeedRow county;
  county.code = "140423";
  county.province = "山西省";
  county.prefecture = "长治市";
  county.name = "襄垣县";
  auto key = [&](const char* name) {
    auto k = harvest::BodyKeyWithin(name, county);
    return k ? k->key + "/" + k->level : std::string("none");
  };
  EXPECT_EQ(key("襄垣县人民政府"), "人民政府/county");
  EXPECT_EQ(key("山西省长治市襄垣县人民政府"), "人民政府/county");
  EXPECT_EQ(key("襄垣县"), "人民政府/county");
  EXPECT_EQ(key("襄垣县人民政府办公室"), "人民政府办公室/department");
  EXPECT_EQ(key("襄垣县政府办公室"), "人民政府办公室/department");
  EXPECT_EQ(key("襄垣县古韩镇"), "古韩镇/town");
  EXPECT_EQ(key("古韩镇人民政府"), "古韩镇/town");
  EXPECT_EQ(key("襄垣县 财政局"), "财政局/department");
  EXPECT_EQ(key("汾西县人民政府"), "none");  // another county is no body of this one
  EXPECT_EQ(key("人民政府"), "none");
  EXPECT_EQ(harvest::TitleBody("星河县财政局2023年政府信息公开工作年度报告"), "星河县财政局");
  EXPECT_EQ(harvest::TitleBody("2023年度星河县财政局政府信息公开工作年度报告"), "星河县财政局");
  EXPECT_EQ(harvest::TitleBody("2023年政府信息公开工作年度报告"), "");
}

TEST_F(ReportCliTest, CellsFollowTheGroundTruthAndTheDeadlines) {
  const json report = ReportJson("星河 --years 2019-2024 --as-of 2026-12-02");
  ASSERT_TRUE(report.is_object());
  const simulator::PortalTruth* truth = sim_->Portal("trs");
  ASSERT_NE(truth, nullptr);
  for (const simulator::ReportTruth& want : truth->reports) {
    SCOPED_TRACE(want.list_title);
    const json* body = Body(report, want.body_name);
    if (body == nullptr && want.level == simulator::BodyLevel::kTown) {
      body = Body(report, want.body_name.substr(0, want.body_name.size() - std::string("人民政府").size()));
    }
    ASSERT_NE(body, nullptr);
    const json& cell = CellOf(*body, want.year);
    ASSERT_TRUE(cell.is_object());
    ASSERT_FALSE(cell["documents"].empty());
    EXPECT_EQ(cell["documents"][0]["list_date"], want.list_date);
    EXPECT_EQ(cell["documents"][0]["basis"], want.list_date.substr(0, 4) == std::to_string(want.year + 1)
                                                 ? "list_date" : "republished");
    // Every simulated report is on time by its list date, except the government's 2019 report,
    // re-dated 2021-01-29 by a migration while signed in January 2020, and the one taken down.
    const bool redated = want.list_date.substr(0, 4) != std::to_string(want.year + 1);
    const bool removed = want.page_url == *removed_url_;
    EXPECT_EQ(cell["state"], removed ? "removed" : redated ? "unknown_time" : "on_time");
    EXPECT_EQ(cell["documents"][0]["timeliness"], redated ? "unknown" : "on_time");
    EXPECT_EQ(cell["failed_checks"], false);
    EXPECT_EQ(cell["removed"], removed);
    EXPECT_EQ(cell["removed_since"], removed ? *removed_since_ : "");
    EXPECT_EQ(cell["documents"][0]["removed_since"], removed ? *removed_since_ : "");
    EXPECT_EQ(cell["documents"][0]["removed_reason"], removed ? "http_404" : "");
    EXPECT_EQ(cell["deadline"], std::to_string(want.year + 1) +
                                    (want.level == simulator::BodyLevel::kCounty ? "-03-31" : "-01-31"));
  }
  // 财政局: 2021 late (listed 2022-02-15 > 2022-01-31) with a failed check; 2019, 2020 missing.
  const json* finance = Body(report, "星河县财政局");
  ASSERT_NE(finance, nullptr);
  EXPECT_EQ(CellOf(*finance, 2021)["state"], "late");
  EXPECT_EQ(CellOf(*finance, 2021)["failed_checks"], true);
  EXPECT_EQ(CellOf(*finance, 2021)["documents"][0]["failed_rules"], json::array({"balance"}));
  EXPECT_EQ(CellOf(*finance, 2020)["state"], "missing");
  EXPECT_EQ(CellOf(*finance, 2019)["state"], "on_time");
  EXPECT_EQ(CellOf(*finance, 2019)["documents"][0]["doc_id"], "a000000000000007");
  EXPECT_EQ(CellOf(*finance, 2019)["documents"][0]["body_basis"], "column");
  EXPECT_EQ(CellOf(*finance, 2024)["state"], "missing");
  EXPECT_TRUE(CellOf(*finance, 2024)["removed"].is_null());  // no document: nothing to remove
  const json* office = Body(report, "星河县人民政府办公室");
  ASSERT_NE(office, nullptr);
  EXPECT_EQ(CellOf(*office, 2020)["state"], "missing");
  const json& education_2021 = CellOf(*Body(report, "星河县教育局"), 2021);
  EXPECT_EQ(education_2021["state"], "late");
  EXPECT_EQ(education_2021["documents"][0]["basis"], "signed");
  const json& health_2021 = CellOf(*Body(report, "星河县卫生健康局"), 2021);
  EXPECT_EQ(health_2021["state"], "unknown_time");
  EXPECT_EQ(health_2021["documents"][0]["basis"], "none");
  EXPECT_EQ(health_2021["documents"][0]["doc_id"], "a000000000000006");
  // Told apart, never merged: the bodyless report and the disagreeing one have rows of their own.
  const json* education = Body(report, "星河县教育局");
  ASSERT_NE(education, nullptr);
  EXPECT_EQ(CellOf(*education, 2020)["state"], "missing");
  EXPECT_EQ(CellOf(*finance, 2020)["documents"].size(), 0u);
  int unknown_rows = 0;
  for (const json& b : report["bodies"]) {
    for (const json& c : b["cells"]) {
      for (const json& d : c["documents"]) {
        const std::string id = d["doc_id"];
        if (id == "a000000000000002" || id == "a000000000000003") {
          EXPECT_EQ(b["level"], "unknown") << b["body"];
          EXPECT_EQ(b["body_key"], "?" + id);
          ++unknown_rows;
        }
      }
    }
  }
  EXPECT_EQ(unknown_rows, 2);
  // The 2022 town cells hold only the towns' own reports.
  const json* town = Body(report, "城关镇");
  ASSERT_NE(town, nullptr);
  EXPECT_EQ(CellOf(*town, 2022)["documents"].size(), 1u);
  // A filtered report leaves out what no county could be told of; an unfiltered one lists it.
  EXPECT_TRUE(report["unattributed"].empty());
  const json all = ReportJson("--years 2019-2024 --as-of 2026-12-02");
  ASSERT_EQ(all["unattributed"].size(), 1u);
  EXPECT_EQ(all["unattributed"][0]["doc_id"], "a000000000000004");
}

TEST_F(ReportCliTest, CellsWhoseDeadlineHasNotPassedAreNotDue) {
  const json report = ReportJson("星河 --years 2023-2024 --as-of 2025-02-15");
  const json* finance = Body(report, "星河县财政局");
  const json* government = Body(report, "星河县人民政府");
  ASSERT_NE(finance, nullptr);
  ASSERT_NE(government, nullptr);
  EXPECT_EQ(CellOf(*finance, 2024)["state"], "missing");       // due 2025-01-31
  EXPECT_EQ(CellOf(*government, 2024)["state"], "not_due");    // due 2025-03-31
  EXPECT_EQ(CellOf(*government, 2023)["state"], "on_time");
}

// RFC 4180 fields of one CSV text (quoted fields, "" inside quotes), rows split on CRLF.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// The exports say the same of the report taken down as the report does: its record's `source`
// has removed_since (its gone mark's day) and removed_reason; no other record has them.
TEST_F(ReportCliTest, ExportsSayWhichReportsWereTakenDown) {
  const fs::path csv = *dir_ / "export.csv";
  const CliRun run = RunShell(std::string(XXGK_BINARY) + " export --archive " +
                                  (*dir_ / "archive").string() + " --jsonl - --csv " +
                                  csv.string(),
                              *dir_);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  size_t records = 0, removed = 0;
  std::string removed_doc;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    const json record = json::parse(line, nullptr, false);
    ASSERT_TRUE(record.is_object()) << line;
    ++records;
    const json& source = record["source"];
    if (!source.is_object() || !source.contains("removed_since")) continue;
    ++removed;
    removed_doc = record["doc_id"];
    EXPECT_EQ(source["removed_since"], *removed_since_);
    EXPECT_EQ(source["removed_reason"], "http_404");
    EXPECT_TRUE(source.value("url", "") == *removed_url_ || source.value("page", "") == *removed_url_)
        << source.dump();
  }
  EXPECT_GT(records, 1u);
  EXPECT_EQ(removed, 1u);
  // The CSV: the same in its source.removed_since column, ="…" like the other dates.
  const auto rows = ParseCsv(ReadFile(csv).substr(3));
  ASSERT_FALSE(rows.empty());
  const auto at = std::find(rows[0].begin(), rows[0].end(), "source.removed_since");
  ASSERT_NE(at, rows[0].end());
  const size_t col = static_cast<size_t>(at - rows[0].begin());
  size_t with_date = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][col].empty()) continue;
    ++with_date;
    EXPECT_EQ(rows[i][col], "=\"" + *removed_since_ + "\"");
    EXPECT_EQ(rows[i][1], "=\"" + removed_doc + "\"");  // doc_id
  }
  EXPECT_EQ(with_date, 1u);
}

TEST_F(ReportCliTest, CsvAndHtmlHoldEveryCell) {
  const json report = ReportJson("星河 --years 2019-2024 --as-of 2026-12-02");
  const fs::path csv = *dir_ / "r.csv", html = *dir_ / "r.html";
  const CliRun run = Report("星河 --years 2019-2024 --as-of 2026-12-02 --csv " + csv.string() +
                            " --html " + html.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("星河县财政局"), std::string::npos) << run.out;

  const std::string csv_text = ReadFile(csv);
  ASSERT_TRUE(csv_text.starts_with("\xEF\xBB\xBF"));
  const auto rows = ParseCsv(csv_text.substr(3));
  ASSERT_FALSE(rows.empty());
  const std::vector<std::string>& head = rows[0];
  auto col = [&](const char* name) {
    return static_cast<size_t>(std::find(head.begin(), head.end(), name) - head.begin());
  };
  ASSERT_LT(col("doc_id"), head.size());
  size_t cells = 0;
  for (const json& b : report["bodies"]) cells += b["cells"].size() + b["other_years"].size();
  EXPECT_EQ(rows.size(), cells + 1);
  ASSERT_LT(col("removed_since"), head.size());
  std::string removed_doc;  // ="<doc_id>" of the report taken down
  for (const json& b : report["bodies"]) {
    for (const json& c : b["cells"]) {
      if (c["removed"] == true) {
        removed_doc = "=\"" + c["documents"][0]["doc_id"].get<std::string>() + "\"";
      }
    }
  }
  ASSERT_FALSE(removed_doc.empty());
  bool saw_late = false;
  size_t removed_rows = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), head.size()) << i;
    EXPECT_EQ(rows[i][col("county_code")], "=\"149901\"");
    // removed: 1 for the report taken down, 0 beside every other document, empty without one.
    const bool has_doc = !rows[i][col("doc_id")].empty();
    if (rows[i][col("doc_id")] == removed_doc) {
      EXPECT_EQ(rows[i][col("state")], "removed");
      EXPECT_EQ(rows[i][col("timeliness")], "on_time");  // what it was, kept
      EXPECT_EQ(rows[i][col("removed")], "1");
      EXPECT_EQ(rows[i][col("removed_since")], *removed_since_);
      ++removed_rows;
    } else {
      EXPECT_NE(rows[i][col("state")], "removed") << i;
      EXPECT_EQ(rows[i][col("removed")], has_doc ? "0" : "") << i;
      EXPECT_EQ(rows[i][col("removed_since")], "") << i;
    }
    if (rows[i][col("body")] == "星河县财政局" && rows[i][col("year")] == "2021") {
      EXPECT_EQ(rows[i][col("state")], "late");
      EXPECT_EQ(rows[i][col("failed_checks")], "1");
      EXPECT_EQ(rows[i][col("doc_id")], "=\"a000000000000001\"");
      EXPECT_TRUE(std::regex_match(rows[i][col("txt")], std::regex(R"(\d{3,}_a000000000000001\.txt)")));
      saw_late = true;
    }
  }
  EXPECT_TRUE(saw_late);
  EXPECT_EQ(removed_rows, 1u);

  const std::string page = ReadFile(html);
  // Self-contained: no script, stylesheet, image, frame or font fetched from anywhere.
  for (const char* bad : {"<script", "<link", "<img", "<iframe", "@import", "url(", " src="}) {
    EXPECT_EQ(page.find(bad), std::string::npos) << bad;
  }
  // Every href is a stored text (relative) or a document's original URL.
  std::set<std::string> urls;
  for (const json& b : report["bodies"]) {
    for (const json& c : b["cells"]) {
      for (const json& d : c["documents"]) urls.insert(d["url"].get<std::string>());
    }
  }
  const std::regex href("href=\"([^\"]*)\"");
  size_t hrefs = 0;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), href); it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[1];
    ++hrefs;
    if (target.starts_with("txt/")) {
      EXPECT_TRUE(std::regex_match(target, std::regex(R"(txt/\d{3,}_[0-9a-f]{16}\.txt)"))) << target;
    } else {
      EXPECT_TRUE(urls.count(target)) << target;
    }
  }
  EXPECT_GT(hrefs, 20u);
  for (const json& b : report["bodies"]) {
    for (const json& c : b["cells"]) {
      const std::string cell = "data-cell=\"" + b["county_code"].get<std::string>() + "|" +
                               b["body_key"].get<std::string>() + "|" + std::to_string(c["year"].get<int>()) +
                               "\" data-state=\"" + c["state"].get<std::string>() + "\"";
      EXPECT_NE(page.find(cell), std::string::npos) << cell;
      if (!c["documents"].empty()) {
        EXPECT_NE(page.find("href=\"txt/" + c["documents"][0]["txt"].get<std::string>() + "\""),
                  std::string::npos);
      }
    }
  }
  EXPECT_EQ(std::count(page.begin(), page.end(), '\n') > 10, true);
  size_t svgs = 0;
  for (size_t p = page.find("<svg"); p != std::string::npos; p = page.find("<svg", p + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u);
  EXPECT_NE(page.find("class=\"late failed\""), std::string::npos);
  // The removed cell: its own state and class, since when in its text and its title.
  EXPECT_NE(page.find("<td class=\"removed\""), std::string::npos);
  EXPECT_NE(page.find("<span class=\"since\">gone since " + *removed_since_ + "</span>"),
            std::string::npos);
  EXPECT_NE(
      page.find("removed from the portal since " + *removed_since_ + " (http_404); was on_time"),
      std::string::npos);
  const CliRun table = Report("星河 --years 2019-2024 --as-of 2026-12-02");
  EXPECT_NE(table.out.find(" 1 removed,"), std::string::npos) << table.out;
}

TEST_F(ReportCliTest, BadCommandLinesAreRefused) {
  EXPECT_EQ(Report("--years 2024-2019").exit_code, 2);
  EXPECT_EQ(Report("--years soon").exit_code, 2);
  EXPECT_EQ(Report("--as-of tomorrow").exit_code, 2);
  EXPECT_EQ(Report("不存在县").exit_code, 2);
}

}  // namespace
}  // namespace xxgk::crawl::testing
