// `xxgk fetch COUNTY` as a user runs it, against the portal simulator (tests/simulator/) on
// 127.0.0.1 as the crawl's forward proxy, so the simulator's request log judges the crawl:
// for each simulated family, every report of the ground truth archived exactly once with the
// values it was generated with, nothing else archived, no forbidden target requested (mirror
// host, other portals, news, search, calendars, disallowed paths), the challenge asked once,
// politeness held per host (from the server's timestamps); a second fetch adds nothing and says
// so; a county the seed list does not name is refused with the candidates.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "extract/report/report_extractor.h"
#include "store/archive.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/simulated_fetch.h"
#include "tests/extract/report_expectations.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using FetchCliTest = SimulatedFetchTest;

// The requests the server logged for `host` since `from` (an index into Requests()).
std::vector<TestRequest> RequestsOf(const std::vector<TestRequest>& all, size_t from,
                                    const std::string& host) {
  std::vector<TestRequest> out;
  for (size_t i = from; i < all.size(); ++i) {
    if (all[i].host == host) out.push_back(all[i]);
  }
  return out;
}

TEST_F(FetchCliTest, EachFamilyArchivesEveryReportOfTheGroundTruthOnceAndNothingElse) {
  for (const simulator::PortalTruth& truth : sim_->portals()) {
    SCOPED_TRACE(truth.family + " " + truth.name);
    const size_t logged_before = sim_->server().Requests().size();
    const CliRun run = Fetch(truth.name, "--json");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json result = json::parse(run.out, nullptr, false);
    ASSERT_FALSE(result.is_discarded()) << run.out;

    // Found: exactly the ground truth's report pages, each a new document.
    std::map<std::string, json> by_page;
    for (const json& r : result["reports"]) {
      const std::string url = r["url"];
      by_page[url] = r;
    }
    std::set<std::string> doc_ids;
    for (const json& r : result["reports"]) {
      EXPECT_EQ(r["state"], "new") << r.dump();
      EXPECT_EQ(r["checks_failed"], 0) << r.dump();
      if (r["doc_id"].is_string()) doc_ids.insert(r["doc_id"].get<std::string>());
    }
    EXPECT_EQ(result["reports"].size(), truth.reports.size());
    EXPECT_EQ(doc_ids.size(), truth.reports.size());  // one document per report
    EXPECT_EQ(result["new_documents"], truth.reports.size());

    // Archived: each report's record holds the values it was generated with.
    {
      std::unique_ptr<store::Archive> archive;
      ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive).ok());
      for (const simulator::ReportTruth& want : truth.reports) {
        SCOPED_TRACE(want.page_url);
        const json* mine = nullptr;
        for (const json& r : result["reports"]) {
          if (r["title"] == want.list_title && r["list_date"] == want.list_date) mine = &r;
        }
        ASSERT_NE(mine, nullptr) << "not found: " << want.list_title;
        EXPECT_EQ((*mine)["year"], want.year);
        std::optional<store::StoredDocument> doc;
        ASSERT_TRUE(archive->GetDocument((*mine)["doc_id"].get<std::string>(), &doc).ok());
        ASSERT_TRUE(doc);
        xxgk::testing::ExpectRecordHoldsReport(extract::ExtractReport(doc->text), want.values);
        std::vector<store::DocumentSource> sources;
        ASSERT_TRUE(archive->GetSources(doc->info.doc_id, &sources).ok());
        ASSERT_FALSE(sources.empty());
        EXPECT_EQ(sources[0].seed_code, want.county_code);
        EXPECT_EQ(sources[0].list_title, want.list_title);
      }
      store::ArchiveCounts counts;
      ASSERT_TRUE(archive->Counts(&counts).ok());
      EXPECT_EQ(counts.records, counts.documents);
    }

    // Requested: nothing forbidden, the challenge at most once.
    const std::vector<TestRequest> violations = sim_->Violations(truth);
    for (const TestRequest& v : violations) ADD_FAILURE() << "requested " << v.host << v.target;
    fs::remove_all(dir_ / "archive");
    (void)logged_before;
  }
}

TEST_F(FetchCliTest, ASecondFetchAddsNothingAndSaysSo) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  const CliRun first = Fetch(truth.name);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("\tnew\t"), std::string::npos) << first.out;
  const CliRun second = Fetch(truth.name, "--json");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const json result = json::parse(second.out);
  EXPECT_EQ(result["new_documents"], 0);
  EXPECT_EQ(result["duplicates"], truth.reports.size());
  EXPECT_NE(second.err.find("nothing new"), std::string::npos) << second.err;
  std::unique_ptr<store::Archive> archive;
  ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive).ok());
  store::ArchiveCounts counts;
  ASSERT_TRUE(archive->Counts(&counts).ok());
  EXPECT_EQ(counts.documents, truth.reports.size());
}

TEST_F(FetchCliTest, ExportedRecordsSayWhereEachReportWasPublished) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  ASSERT_EQ(Fetch(truth.name).exit_code, 0);
  const CliRun exported = RunShell(std::string(XXGK_BINARY) + " export --archive " +
                                       (dir_ / "archive").string() + " --jsonl -",
                                   dir_);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::map<std::string, const simulator::ReportTruth*> by_title;
  for (const simulator::ReportTruth& r : truth.reports) by_title[r.list_title] = &r;
  std::istringstream lines(exported.out);
  std::string line;
  size_t n = 0, with_copies = 0;
  while (std::getline(lines, line)) {
    const json record = json::parse(line);
    ASSERT_TRUE(record.contains("source")) << line;
    const json& source = record["source"];
    ASSERT_TRUE(source.is_object()) << line;
    const auto it = by_title.find(source.value("title", ""));
    ASSERT_NE(it, by_title.end()) << source.dump();
    const simulator::ReportTruth& want = *it->second;
    EXPECT_EQ(source["code"], want.county_code);
    EXPECT_EQ(source["list_date"], want.list_date);
    EXPECT_EQ(source["kind"], "url");
    EXPECT_TRUE(source.contains("fetched_at"));
    EXPECT_EQ(source["column"], want.column_path);
    // The URL is one of the report's copies; an attachment names the page that linked it.
    bool known = false;
    for (const auto& copy : want.copies) known |= copy.url == source["url"];
    EXPECT_TRUE(known) << source.dump();
    if (source["url"] != want.page_url) EXPECT_EQ(source["page"], want.page_url) << source.dump();
    with_copies += source.contains("copies");
    ++n;
  }
  EXPECT_EQ(n, truth.reports.size());
  size_t multi = 0;
  for (const simulator::ReportTruth& r : truth.reports) multi += r.copies.size() > 1;
  EXPECT_EQ(with_copies, multi);  // a report with a PDF or DOCX beside its HTML: one record

  // `xxgk show` names the same sources for a fetched document: URL, fetch time, type, list item.
  const json first = json::parse(exported.out.substr(0, exported.out.find('\n')));
  const CliRun shown = RunShell(std::string(XXGK_BINARY) + " show " +
                                    first["doc_id"].get<std::string>() + " --json --archive " +
                                    (dir_ / "archive").string(),
                                dir_);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json document = json::parse(shown.out);
  EXPECT_EQ(document["source"], first["source"]);
  ASSERT_FALSE(document["sources"].empty());
  const json& source = document["sources"][0];
  EXPECT_EQ(source["kind"], "url");
  EXPECT_EQ(source["origin"], first["source"]["url"]);
  EXPECT_TRUE(source.contains("fetched_at"));
  EXPECT_FALSE(source["content_type"].get<std::string>().empty());
  EXPECT_EQ(source["list_title"], first["source"]["title"]);
  EXPECT_EQ(document["record"]["doc_id"], first["doc_id"]);
}

TEST_F(FetchCliTest, TheEndSummaryAndJsonNameEveryHostAndAStoppedOneWithItsReason) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  ASSERT_FALSE(truth.challenge_url.empty()) << truth.family;
  // http://<host>/ → the host, and the host key --json uses ("http://<host>:80").
  ASSERT_TRUE(truth.challenge_url.starts_with("http://")) << truth.challenge_url;
  const std::string challenge_host =
      truth.challenge_url.substr(7, truth.challenge_url.find('/', 7) - 7);
  const std::string challenge_key = "http://" + challenge_host + ":80";
  const std::string main_host = truth.hosts.at(0);
  // The county's row also names a column on the challenge host (its portal links it only from
  // the home page's services menu, which the walk does not follow): asked once, then stopped.
  {
    std::istringstream in(sim_->SeedsTsv());
    std::ostringstream out;
    std::string row;
    while (std::getline(in, row)) {
      std::vector<std::string> fields;
      std::istringstream cells(row);
      for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
      if (row.ends_with('\t')) fields.emplace_back();
      if (fields.size() == 8 && fields[0] == truth.county_code) {
        fields[6] += (fields[6].empty() ? "" : " ") + truth.challenge_url + "zfxxgknb/";
        row = fields[0];
        for (size_t i = 1; i < fields.size(); ++i) row += "\t" + fields[i];
      }
      out << row << "\n";
    }
    std::ofstream(dir_ / "seeds.tsv") << out.str();
  }

  const CliRun json_run = Fetch(truth.name, "--json");
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const json result = json::parse(json_run.out);
  const json& hosts = result["hosts"];
  ASSERT_TRUE(hosts.contains(challenge_key)) << hosts.dump();
  const json& stopped = hosts[challenge_key];
  EXPECT_EQ(stopped["pages"], 1) << stopped.dump();  // asked once, then stopped
  EXPECT_NE(stopped["blocked"].get<std::string>().find("412"), std::string::npos);
  size_t pages = 0;
  for (const auto& [key, h] : hosts.items()) {
    pages += h["pages"].get<size_t>();
    EXPECT_TRUE(h.contains("errors") && h.contains("skipped")) << key;
    if (key != challenge_key) EXPECT_EQ(h["blocked"], "") << key;
  }
  EXPECT_EQ(pages, result["pages"]);
  // robots.txt disallows a path the walk meets: refused, never sent, counted on its host.
  size_t skipped = 0;
  for (const auto& [key, h] : hosts.items()) skipped += h["skipped"].get<size_t>();
  EXPECT_EQ(skipped, result["skipped"].size());

  fs::remove_all(dir_ / "archive");
  const CliRun run = Fetch(truth.name);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const size_t table = run.err.find("xxgk: fetch: hosts:\n");
  ASSERT_NE(table, std::string::npos) << run.err;
  std::map<std::string, std::string> rows;  // host → its row
  std::istringstream lines(run.err.substr(table));
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  EXPECT_EQ(line.find("  host "), 0u) << line;  // the header
  EXPECT_NE(line.find("pages  failed  skipped  state"), std::string::npos) << line;
  while (std::getline(lines, line) && line.starts_with("  ")) {
    std::istringstream fields(line);
    std::string host;
    fields >> host;
    rows[host] = line;
  }
  EXPECT_EQ(rows.size(), hosts.size());
  ASSERT_EQ(rows.count(challenge_host), 1u) << run.err;
  EXPECT_NE(rows[challenge_host].find(" 1  "), std::string::npos) << rows[challenge_host];
  EXPECT_NE(rows[challenge_host].find("stopped: " + stopped["blocked"].get<std::string>()),
            std::string::npos)
      << rows[challenge_host];
  ASSERT_EQ(rows.count(main_host), 1u) << run.err;
  EXPECT_TRUE(rows[main_host].ends_with("  ok")) << rows[main_host];
}

TEST_F(FetchCliTest, SigintStopsTheCrawlAndKeepsWhatWasFetched) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  // 0.3 s between requests: the crawl is still walking when SIGINT comes after 1.5 s.
  const CliRun stopped = RunShell(
      "timeout --preserve-status -s INT 1.5 " + std::string(XXGK_BINARY) + " fetch '" +
          truth.name + "' --seeds " + (dir_ / "seeds.tsv").string() + " --archive " +
          (dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
          std::to_string(sim_->port()) + " --delay 0.3 --quiet --json",
      dir_);
  EXPECT_EQ(stopped.exit_code, 1) << stopped.err;
  EXPECT_NE(stopped.err.find("SIGINT: stopping"), std::string::npos) << stopped.err;
  const json result = json::parse(stopped.out, nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << stopped.out;
  EXPECT_EQ(result["interrupted"], true);
  EXPECT_GT(result["pages"].get<int>(), 0);
  EXPECT_LT(result["reports_found"].get<size_t>(), truth.reports.size());
  // What was fetched before the stop is in the archive: its pages in the fetch log.
  std::unique_ptr<store::Archive> archive;
  ASSERT_TRUE(store::Archive::Open((dir_ / "archive").string(), {}, &archive).ok());
  store::ArchiveCounts counts;
  ASSERT_TRUE(archive->Counts(&counts).ok());
  EXPECT_EQ(counts.fetches, result["pages"].get<uint64_t>());
  EXPECT_EQ(counts.documents, result["new_documents"].get<uint64_t>());
}

TEST_F(FetchCliTest, PolitenessHoldsPerHostDuringAFetch) {
  const simulator::PortalTruth* truth = sim_->Portal("trs");
  ASSERT_NE(truth, nullptr);
  const size_t from = sim_->server().Requests().size();
  const CliRun run = Fetch(truth->name, "--max-pages 60", "0.05");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<TestRequest> all = sim_->server().Requests();
  size_t checked = 0;
  for (const std::string& host : truth->hosts) {
    std::vector<TestRequest> requests = RequestsOf(all, from, host);
    std::sort(requests.begin(), requests.end(),
              [](const TestRequest& a, const TestRequest& b) { return a.received < b.received; });
    // One connection per host by default and 50 ms between transfer starts. The server's clock
    // sees each start plus a lag that a loaded machine can make as long as it likes for any one
    // request (the whole-suite stress run saw two requests 18 ms apart at load 20), so no single
    // gap is checked: a late arrival shortens the gap before it and lengthens the one after, so
    // the median gap stays near the delay, and the span of the run is at least the delays less
    // the first arrival's lag. Without the delay every gap is a millisecond or two: both fail.
    // (A host with a few requests has too few gaps for that: it is not checked.)
    std::vector<std::chrono::nanoseconds> gaps;
    for (size_t i = 1; i < requests.size(); ++i) {
      gaps.push_back(requests[i].received - requests[i - 1].received);
    }
    if (gaps.size() < 5) continue;
    checked += gaps.size();
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    EXPECT_GE(gaps[gaps.size() / 2], std::chrono::milliseconds(40)) << host;
    EXPECT_GE(requests.back().received - requests.front().received,
              std::chrono::milliseconds(40) * static_cast<int>(gaps.size()))
        << host;
  }
  EXPECT_GT(checked, 10u);
}

TEST_F(FetchCliTest, ACountyTheSeedsDoNotNameIsRefusedWithAReason) {
  const CliRun unknown = Fetch("不存在县");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no row of"), std::string::npos) << unknown.err;
  EXPECT_FALSE(fs::exists(dir_ / "archive"));  // nothing created for a refused command
  const CliRun missing = RunShell(std::string(XXGK_BINARY) + " fetch", dir_);
  EXPECT_EQ(missing.exit_code, 2);
  // Options before the county, and a bad value said in words (not CLI11's double range).
  const CliRun bad = RunShell(std::string(XXGK_BINARY) + " fetch --max-pages 0 星河县", dir_);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--max-pages: must be a whole number from 1"), std::string::npos) << bad.err;
}

TEST_F(FetchCliTest, CurlNamesWorkForFetchToo) {
  const simulator::PortalTruth& truth = sim_->portals().front();
  // -H before the county; a header xxgk sets itself is refused before anything is created.
  const CliRun refused =
      RunShell(std::string(XXGK_BINARY) + " fetch -H 'Host: x.test' '" + truth.name +
                   "' --seeds " + (dir_ / "seeds.tsv").string() + " --archive " +
                   (dir_ / "archive").string(),
               dir_);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "xxgk: fetch: -H 'Host: x.test': refused: xxgk sends the URL's host (choose the "
            "address with --resolve HOST:PORT:ADDR)\n");
  EXPECT_FALSE(fs::exists(dir_ / "archive"));
  const CliRun run = Fetch(truth.name, "-k -H 'X-Probe: 1' -A probe/1 -m 60 --retry 2 -s --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["new_documents"], truth.reports.size());
}

}  // namespace
}  // namespace xxgk::crawl::testing
