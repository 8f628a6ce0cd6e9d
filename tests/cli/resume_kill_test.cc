// Crash resume (issue 14): `xxgk fetch` over many simulated counties (every family, several copies
// each, walked as one run), and `xxgk harvest` over the same counties (each its own county, the
// harvest one run of which every county is a part), killed with SIGKILL again and again, then run
// to its end. The kill is
// deterministic: the simulator's request hook sends SIGKILL the moment the Nth request of that
// start arrives (before it is answered), N from a fixed list that covers the start of a run (the
// first requests, while the journal is fresh), its middle and the reports in flight. After every
// kill the archive must open, `xxgk verify` must pass, no page logged twice and no document with
// a payload twice; no page the archive held as completed at a kill may be requested from the
// simulator again by the next start (its request log, in-process; robots.txt is not a page of the
// fetch log and may be asked again: counted and printed). The run, resumed, must end with exactly
// the documents, sources and records (values) of an uninterrupted run (same doc_ids, each once).
//
// Resume broken shows here as: pages requested again (ResumeSource not used, or a county the
// harvest had done walked again), a second run in the journal (BeginRun not resuming), documents
// or records that differ, or verify failing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/request_key.h"
#include "crawler/url/url_canon.h"
#include "store/archive.h"
#include "tests/cli/simulated_fetch.h"
#include "tests/store/archive_documents.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kCopies = 3;  // counties per family: 15 counties
// The Nth request of a start at which it is killed, one start per entry (a start that ends
// before its Nth request completed the run). Small ones kill a run before it has done anything
// (or while it replays); the larger ones kill it with reports and page batches in flight.
constexpr int kKillAt[] = {1,   2,   5,  40,  9,   120, 3,  150, 110, 17,
                           130, 100, 33, 140, 120, 11,  150, 60, 130, 200};
// The kills that must land before the run completes: the first ten kill points add up to fewer
// requests (457) than the run makes (about 630 with robots.txt), so at least ten land.
constexpr int kMinKills = 10;  // the kills that must land before the run completes

struct ArchiveState {
  std::set<std::string> doc_ids;
  std::map<std::string, size_t> sources;  // doc_id → sources
  std::map<std::string, std::string> records;  // doc_id → record JSON
  std::vector<std::string> fetch_keys;    // RequestKey of every fetch log entry, in log order
  std::string twice;  // the entries of keys logged more than once, for the failure message
  std::vector<store::RunJournal> runs;
  size_t bad_sources = 0;  // a document with two sources of one payload
};

ArchiveState ReadArchive(const fs::path& dir) {
  ArchiveState state;
  std::unique_ptr<store::Archive> archive;
  const Status open = store::Archive::OpenReadOnly(dir.string(), &archive);
  EXPECT_TRUE(open.ok()) << open.message();
  if (!open.ok()) return state;
  store::ForEachDocument(*archive, [&](const store::StoredDocument& doc) {
    EXPECT_TRUE(state.doc_ids.insert(doc.info.doc_id).second) << doc.info.doc_id;
    std::vector<store::DocumentSource> sources;
    EXPECT_TRUE(archive->GetSources(doc.info.doc_id, &sources).ok());
    state.sources[doc.info.doc_id] = sources.size();
    std::optional<store::StoredRecord> record;
    EXPECT_TRUE(archive->GetRecord(doc.info.doc_id, &record).ok());
    if (record) state.records[doc.info.doc_id] = record->json;
    std::set<std::string> payloads;
    for (const store::DocumentSource& s : sources) state.bad_sources += !payloads.insert(s.payload_sha256).second;
  });
  std::vector<store::FetchEntry> entries;
  for (uint64_t next = 0;;) {
    EXPECT_TRUE(archive->ScanFetchLog(next, 1024, &entries, &next).ok());
    if (entries.empty()) break;
    for (const store::FetchEntry& e : entries) {
      const std::string key = RequestKey(e.url, e.form_body);
      if (std::find(state.fetch_keys.begin(), state.fetch_keys.end(), key) != state.fetch_keys.end()) {
        state.twice += key + " " + std::to_string(e.http_status) + " " + e.error + " (" + e.role +
                       ", run " + e.run + ")\n";
      }
      state.fetch_keys.push_back(key);
    }
  }
  EXPECT_TRUE(archive->Runs(&state.runs).ok());
  return state;
}

// The fetch log key a simulator request stands for (a form POST by its body).
std::string KeyOf(const TestRequest& request) {
  CanonicalUrl url;
  const std::string spec = "http://" + request.host + request.target;
  const std::string canonical = CanonicalizeUrl(spec, &url).ok() ? url.spec() : spec;
  return RequestKey(canonical, request.method == "POST" ? request.body : "");
}

enum class Command { kFetch, kHarvest };

// A failed test leaves its directory (the archive, run.out, run.err) for a look.
class ResumeKillTest : public SimulatedFetchTest, public ::testing::WithParamInterface<Command> {
 protected:
  static void SetUpTestSuite() { StartSimulator({.copies = kCopies}); }
  void SetUp() override {
    SimulatedFetchTest::SetUp();
    keep_failed_ = true;
    std::ofstream(dir_ / "seeds.tsv") << (GetParam() == Command::kFetch ? SeedsTsv() : HarvestSeedsTsv());
  }

  // Every simulated county as one `xxgk fetch`: the first county's row, and every other county
  // as one of its towns (a town row with its own portal and no column is walked from its root),
  // so one run walks them all, as a harvest does.
  static std::string SeedsTsv() {
    std::string out = "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n";
    const auto& portals = sim_->portals();
    const simulator::PortalTruth& first = portals.front();
    out += first.county_code + "\t" + first.province + "\t" + first.prefecture + "\t" + first.name +
           "\tcounty\t" + first.portal_url + "\t" + first.column_url + "\tsimulated\n";
    for (size_t i = 1; i < portals.size(); ++i) {
      const simulator::PortalTruth& p = portals[i];
      out += first.county_code + std::to_string(100 + i) + "\t" + p.province + "\t" +
             p.prefecture + "\t" + p.name + "\ttown\t" + p.portal_url + "\t\tsimulated " +
             p.family + "\n";
    }
    return out;
  }
  // Every simulated county as its own county row, for `xxgk harvest`.
  static std::string HarvestSeedsTsv() {
    std::string out = "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n";
    for (const simulator::PortalTruth& p : sim_->portals()) {
      out += p.county_code + "\t" + p.province + "\t" + p.prefecture + "\t" + p.name +
             "\tcounty\t" + p.portal_url + "\t" + p.column_url + "\tsimulated " + p.family + "\n";
    }
    return out;
  }
  size_t TruthReports() const {
    size_t n = 0;
    for (const auto& p : sim_->portals()) n += p.reports.size();
    return n;
  }

  // `xxgk fetch` of the first county (the others are its towns), or `xxgk harvest`, into
  // dir_/`archive`, --delay 0, with --json.
  std::string FetchCommand(const std::string& archive) const {
    if (GetParam() == Command::kFetch) {
      return FetchLine(sim_->portals().front().county_code, "--json", "0", archive);
    }
    return HarvestLine("--json", archive);
  }
  // Starts `command` (exec'd by sh, so the pid is xxgk's), output into dir_/run.{out,err}.
  pid_t Start(const std::string& command) const {
    const std::string line = "exec " + command + " >" + (dir_ / "run.out").string() + " 2>" +
                             (dir_ / "run.err").string();
    const pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  }
};

TEST_P(ResumeKillTest, KilledRunsResumeToExactlyTheDocumentsOfAnUninterruptedRun) {
  // The reference: one uninterrupted run.
  const CliRun reference = RunShell(FetchCommand("reference"), dir_);
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const ArchiveState want = ReadArchive(dir_ / "reference");
  ASSERT_GE(want.doc_ids.size(), TruthReports()) << reference.err;
  ASSERT_EQ(want.runs.size(), 1u);
  EXPECT_EQ(want.runs[0].state, store::kRunCompleted);

  // Kill, check, resume, until the list of kill points is used up; then let the last run finish.
  int kills = 0, starts = 0, robots_again = 0;
  bool finished = false;
  std::set<std::string> completed;  // fetch log keys at the last kill
  size_t requests_seen = sim_->server().Requests().size();
  for (size_t k = 0; k <= std::size(kKillAt) && !finished; ++k) {
    ++starts;
    std::atomic<pid_t> pid{0};
    std::atomic<int> seen{0};
    std::atomic<bool> killed{false};
    const int kill_at = k < std::size(kKillAt) ? kKillAt[k] : 0;  // 0: let it finish
    sim_->SetRequestHook([&](const TestRequest&) {
      if (kill_at > 0 && ++seen >= kill_at && pid.load() > 0 && !killed.exchange(true)) {
        kill(pid.load(), SIGKILL);
      }
    });
    pid = Start(FetchCommand("archive"));
    ASSERT_GT(pid.load(), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid.load(), &status, 0), pid.load());
    sim_->SetRequestHook(nullptr);
    if (killed) {
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << ReadFile(dir_ / "run.err");
      ++kills;
    } else {
      // It ended before its kill point: the run is complete.
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir_ / "run.err");
      finished = true;
      if (kills > 0) {
        EXPECT_NE(ReadFile(dir_ / "run.err").find("resum"), std::string::npos)
            << "a resumed run says so on stderr: " << ReadFile(dir_ / "run.err");
      }
    }
    // No page completed before the last kill was asked for again by this start.
    const std::vector<TestRequest> requests = sim_->server().Requests();
    for (size_t i = requests_seen; i < requests.size(); ++i) {
      if (requests[i].target == "/robots.txt") {
        ++robots_again;
        continue;
      }
      EXPECT_EQ(completed.count(KeyOf(requests[i])), 0u)
          << "fetched again after kill " << kills << ": " << KeyOf(requests[i]);
    }
    requests_seen = requests.size();
    const ArchiveState now = ReadArchive(dir_ / "archive");
    completed = std::set<std::string>(now.fetch_keys.begin(), now.fetch_keys.end());
    EXPECT_EQ(completed.size(), now.fetch_keys.size()) << "a page logged twice, after kill " << kills << ":\n" << now.twice;
    EXPECT_EQ(now.bad_sources, 0u);
    EXPECT_LE(now.runs.size(), 1u) << "a killed run is resumed, not replaced, after kill " << kills;
    const CliRun verify = RunShell(std::string(XXGK_BINARY) + " verify --archive " +
                                       (dir_ / "archive").string(),
                                   dir_);
    EXPECT_EQ(verify.exit_code, 0) << "after kill " << kills << ": " << verify.out << verify.err;
  }
  std::cout << kills << " kills in " << starts << " runs; robots.txt asked again " << robots_again
            << " times\n";
  ASSERT_TRUE(finished);
  EXPECT_GE(kills, kMinKills);

  const ArchiveState got = ReadArchive(dir_ / "archive");
  EXPECT_EQ(got.doc_ids, want.doc_ids);
  EXPECT_EQ(got.sources, want.sources);
  EXPECT_EQ(got.bad_sources, 0u);
  EXPECT_EQ(got.records, want.records);  // the values, as an uninterrupted run extracted them
  EXPECT_EQ(got.fetch_keys.size(), want.fetch_keys.size());
  EXPECT_EQ(std::set<std::string>(got.fetch_keys.begin(), got.fetch_keys.end()),
            std::set<std::string>(want.fetch_keys.begin(), want.fetch_keys.end()));
  // One run in the journal, resumed after the kills, completed, its counters those of the archive.
  ASSERT_EQ(got.runs.size(), 1u);
  EXPECT_EQ(got.runs[0].state, store::kRunCompleted);
  EXPECT_GE(got.runs[0].resumes, 1u);
  EXPECT_LE(got.runs[0].resumes, static_cast<uint64_t>(kills));
  std::cout << "reference: " << want.fetch_keys.size() << " pages, " << want.doc_ids.size()
            << " documents; resumed: " << got.fetch_keys.size() << " pages\n";
  EXPECT_EQ(got.runs[0].pages, got.fetch_keys.size());
  EXPECT_EQ(got.runs[0].documents, got.doc_ids.size());

  // A completed run is not resumed: the next fetch is a new run (it asks the network again).
  const CliRun again = RunShell(FetchCommand("archive"), dir_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const ArchiveState after = ReadArchive(dir_ / "archive");
  ASSERT_EQ(after.runs.size(), 2u);
  EXPECT_EQ(after.runs[1].state, store::kRunCompleted);
  EXPECT_EQ(after.runs[1].resumes, 0u);
  EXPECT_EQ(after.doc_ids, want.doc_ids);
}

INSTANTIATE_TEST_SUITE_P(FetchAndHarvest, ResumeKillTest,
                         ::testing::Values(Command::kFetch, Command::kHarvest),
                         [](const ::testing::TestParamInfo<Command>& info) {
                           return info.param == Command::kFetch ? "Fetch" : "Harvest";
                         });

}  // namespace
}  // namespace xxgk::crawl::testing
