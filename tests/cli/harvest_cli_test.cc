// `xxgk harvest` as cron runs it, against the portal simulator (tests/simulator/) on 127.0.0.1
// as the crawl's proxy: every simulated county harvested into one archive, every report of the
// ground truth once, a second harvest adds nothing; `--shard K/N` shards cover each county
// exactly once; a second harvest of a locked archive is refused (exit 3, the holder's PID) and
// changes nothing; a county whose portal answers nothing fails without stopping the others;
// SIGINT stops with the summary; bad names and shards are refused. `--every` as a daemon: rounds
// after the first add nothing, one JSON line per round, the lock held while it waits (a second
// harvest exits 3), SIGTERM in the wait exits 0 and in a round as a stopped harvest, a failed
// county does not end it and an archive that cannot be opened does; bad durations are refused.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/utc_time.h"
#include "store/archive.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/simulated_fetch.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using HarvestCliTest = SimulatedFetchTest;

// `xxgk harvest ARGS` started in the background as Harvest() runs it (exec'd by sh, so `pid` is
// xxgk's), its output in dir_/daemon.{out,err}.
class HarvestDaemonTest : public SimulatedFetchTest {
 protected:
  void TearDown() override {
    sim_->SetRequestHook(nullptr);
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status_, 0);
    }
    SimulatedFetchTest::TearDown();
  }
  void Start(const std::string& args, const std::string& seeds = "seeds.tsv") {
    const std::string line = "exec " + std::string(XXGK_BINARY) + " harvest " + args +
                             " --seeds " + (dir_ / seeds).string() + " --archive " +
                             (dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
                             std::to_string(sim_->port()) + " --retry-base 0.01 --quiet >" +
                             (dir_ / "daemon.out").string() + " 2>" +
                             (dir_ / "daemon.err").string();
    pid_ = fork();
    if (pid_ == 0) {
      execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_GT(pid_, 0);
  }
  // Waits until the daemon's stderr holds `text` (true), or it ended first (false). Polls the
  // output; the bound only keeps a broken build from hanging the suite.
  bool WaitForErr(const std::string& text) {
    for (int i = 0; i < 6000; ++i) {
      if (Err().find(text) != std::string::npos) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        status_ = status;
        return Err().find(text) != std::string::npos;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Its exit code once it ends (-1: killed by a signal). A daemon that does not end is killed
  // (-1) after a bound that only keeps a broken build from hanging the suite.
  int Wait() {
    for (int i = 0; i < 6000 && !reaped_; ++i) {
      if (waitpid(pid_, &status_, WNOHANG) == pid_) {
        reaped_ = true;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    if (!reaped_) {
      ADD_FAILURE() << "the daemon did not end: " << Err();
      ::kill(pid_, SIGKILL);
      EXPECT_EQ(waitpid(pid_, &status_, 0), pid_);
      reaped_ = true;
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }
  std::string Err() const { return ReadFile(dir_ / "daemon.err"); }
  // Its standard output as JSON Lines: one object per line, each line whole.
  std::vector<json> Rounds() const {
    std::vector<json> rounds;
    std::istringstream in(ReadFile(dir_ / "daemon.out"));
    for (std::string line; std::getline(in, line);) {
      rounds.push_back(json::parse(line, nullptr, false));
      EXPECT_FALSE(rounds.back().is_discarded()) << "not one JSON object: " << line;
    }
    return rounds;
  }

  pid_t pid_ = 0;
  bool reaped_ = false;
  int status_ = 0;
};

json Parsed(const CliRun& run) {
  json j = json::parse(run.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << run.out << run.err;
  return j;
}

// Pages the counties of a harvest's --json answered from the archive without logging them again:
// replayed from the interrupted harvest it resumed, or known reports within the revisit interval.
uint64_t ReplayedPages(const json& result) {
  uint64_t n = 0;
  for (const json& county : result["counties"]) {
    n += county["replayed"].get<uint64_t>() + county["revisits"]["stored"].get<uint64_t>();
  }
  return n;
}

store::ArchiveCounts CountsOf(const fs::path& dir) {
  std::unique_ptr<store::Archive> archive;
  store::ArchiveCounts counts;
  EXPECT_TRUE(store::Archive::Open(dir.string(), {}, &archive).ok());
  if (archive) EXPECT_TRUE(archive->Counts(&counts).ok());
  return counts;
}

TEST_F(HarvestCliTest, EverySimulatedCountyIntoOneArchiveEachReportOnce) {
  const CliRun run = Harvest("--json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json result = Parsed(run);
  ASSERT_EQ(result["counties"].size(), sim_->portals().size());
  size_t want_reports = 0;
  std::set<std::string> doc_ids;
  for (size_t i = 0; i < sim_->portals().size(); ++i) {
    const simulator::PortalTruth& truth = sim_->portals()[i];
    const json& county = result["counties"][i];
    SCOPED_TRACE(truth.name);
    EXPECT_EQ(county["code"], truth.county_code);  // in the seed file's order
    EXPECT_EQ(county["state"], "done") << county.dump();
    EXPECT_EQ(county["reports_found"], truth.reports.size());
    EXPECT_EQ(county["new_documents"], truth.reports.size());
    for (const json& r : county["reports"]) {
      EXPECT_EQ(r["state"], "new");
      if (r["doc_id"].is_string()) doc_ids.insert(r["doc_id"].get<std::string>());
    }
    want_reports += truth.reports.size();
  }
  EXPECT_EQ(doc_ids.size(), want_reports);
  EXPECT_EQ(result["new_documents"], want_reports);
  EXPECT_EQ(CountsOf(dir_ / "archive").documents, want_reports);
  // One timestamped line per county on stderr.
  for (const simulator::PortalTruth& truth : sim_->portals()) {
    EXPECT_NE(run.err.find("(" + truth.county_code + "): done;"), std::string::npos) << run.err;
  }

  // Again: nothing new, the table says so per county.
  const CliRun again = Harvest("");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  for (const simulator::PortalTruth& truth : sim_->portals()) {
    EXPECT_NE(again.out.find(truth.county_code + "\t" + truth.name + "\tdone\t1\t" +
                             std::to_string(truth.reports.size()) + "\t0\t" +
                             std::to_string(truth.reports.size()) + "\t"),
              std::string::npos)
        << again.out;
  }
  EXPECT_EQ(CountsOf(dir_ / "archive").documents, want_reports);
}

// Incremental by default: within --revisit-days a second harvest answers known report pages and
// attachments from the archive and asks the portals only for their lists; --revisit-days 0 asks
// again; --full goes to the network for everything and keeps no revisit counts.
TEST_F(HarvestCliTest, ASecondHarvestAsksOnlyForListsWithinTheRevisitInterval) {
  const std::string trs = sim_->Portal("trs")->county_code;
  ASSERT_EQ(Harvest(trs).exit_code, 0);
  auto report_requests = [&](size_t from) {
    size_t n = 0;
    const auto all = sim_->server().Requests();
    for (size_t i = from; i < all.size(); ++i) {
      for (const simulator::ReportTruth& r : sim_->Portal("trs")->reports) {
        for (const simulator::ReportCopy& c : r.copies) {
          if (c.url.find("//" + all[i].host + all[i].target) != std::string::npos &&
              c.url.ends_with(all[i].target)) {
            ++n;
          }
        }
      }
    }
    return n;
  };
  size_t before = sim_->server().Requests().size();
  CliRun second = Harvest(trs + " --json");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  json county = Parsed(second)["counties"][0];
  EXPECT_EQ(county["new_documents"], 0);
  EXPECT_EQ(county["reports_found"], sim_->Portal("trs")->reports.size());
  EXPECT_GE(county["revisits"]["stored"].get<size_t>(), sim_->Portal("trs")->reports.size());
  EXPECT_EQ(county["revisits"]["conditional"], 0);
  EXPECT_EQ(report_requests(before), 0u);
  EXPECT_NE(second.err.find("from the archive"), std::string::npos) << second.err;

  before = sim_->server().Requests().size();
  county = Parsed(Harvest(trs + " --json --revisit-days 0"))["counties"][0];
  EXPECT_EQ(county["revisits"]["stored"], 0);
  EXPECT_GE(report_requests(before), sim_->Portal("trs")->reports.size());
  EXPECT_EQ(county["new_documents"], 0);

  before = sim_->server().Requests().size();
  county = Parsed(Harvest(trs + " --json --full"))["counties"][0];
  EXPECT_EQ(county["revisits"]["stored"], 0);
  EXPECT_EQ(county["revisits"]["network"], 0);  // no RevisitSource at all
  EXPECT_GE(report_requests(before), sim_->Portal("trs")->reports.size());
  EXPECT_EQ(county["gone"]["suspected"], 0);
}

TEST_F(HarvestCliTest, ShardsCoverEachCountyExactlyOnce) {
  std::map<std::string, int> harvested;
  size_t counties = 0;
  for (int k = 0; k < 3; ++k) {
    const CliRun run = Harvest("--json --max-pages 3 --shard " + std::to_string(k) + "/3");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json result = Parsed(run);
    EXPECT_EQ(result["shard"], std::to_string(k) + "/3");
    for (const json& c : result["counties"]) ++harvested[c["code"].get<std::string>()];
    counties += result["counties"].size();
  }
  EXPECT_EQ(counties, sim_->portals().size());
  for (const simulator::PortalTruth& truth : sim_->portals()) {
    EXPECT_EQ(harvested[truth.county_code], 1) << truth.county_code;
  }
  // The same shard twice: the same counties.
  const json a = Parsed(Harvest("--json --max-pages 3 --shard 1/3"));
  const json b = Parsed(Harvest("--json --max-pages 3 --shard 1/3"));
  ASSERT_EQ(a["counties"].size(), b["counties"].size());
  for (size_t i = 0; i < a["counties"].size(); ++i) {
    EXPECT_EQ(a["counties"][i]["code"], b["counties"][i]["code"]);
  }
}

// `--only` takes provinces (without 省 too) and counties, comma-separated, as COUNTY arguments do.
TEST_F(HarvestCliTest, OnlyTakesProvincesAndCountiesCommaSeparated) {
  std::vector<const simulator::PortalTruth*> portals;
  for (const simulator::PortalTruth& truth : sim_->portals()) portals.push_back(&truth);
  ASSERT_GE(portals.size(), 3u);
  const std::string seeds = sim_->SeedsTsv();
  // The province of the first county, as its seed row gives it, without its last character (省).
  const size_t row = seeds.find("\n" + portals[0]->county_code + "\t");
  ASSERT_NE(row, std::string::npos);
  const size_t start = row + 1 + portals[0]->county_code.size() + 1;
  const std::string province = seeds.substr(start, seeds.find('\t', start) - start);
  ASSERT_TRUE(province.ends_with("省")) << province;
  const std::string short_name = province.substr(0, province.size() - std::string("省").size());
  const CliRun run = Harvest("--json --max-pages 3 --only " + short_name + "," +
                             portals[2]->county_code);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json result = Parsed(run);
  std::set<std::string> codes;
  for (const json& c : result["counties"]) codes.insert(c["code"].get<std::string>());
  std::set<std::string> expected{portals[2]->county_code};
  for (const simulator::PortalTruth* p : portals) {
    const size_t at = seeds.find("\n" + p->county_code + "\t" + province + "\t");
    if (at != std::string::npos) expected.insert(p->county_code);
  }
  EXPECT_EQ(codes, expected) << run.out;
  EXPECT_LT(codes.size(), portals.size());
  const CliRun unknown = Harvest("--only 无此省");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("province or prefecture"), std::string::npos) << unknown.err;
}

TEST_F(HarvestCliTest, ASecondHarvestOfALockedArchiveIsRefusedAndChangesNothing) {
  const fs::path lock_path = dir_ / "archive.harvest.lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  const std::string pid = std::to_string(getpid());
  ASSERT_EQ(::write(fd, pid.data(), pid.size()), static_cast<ssize_t>(pid.size()));
  const simulator::PortalTruth& truth = sim_->portals().front();
  const CliRun refused = Harvest("'" + truth.name + "'");
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("another harvest is running on this archive (PID " + pid + ")"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_FALSE(fs::exists(dir_ / "archive"));  // not even created
  ::close(fd);  // the first harvest ends
  const CliRun run = Harvest("'" + truth.name + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(CountsOf(dir_ / "archive").documents, truth.reports.size());
}

TEST_F(HarvestCliTest, ACountyThatFailsDoesNotStopTheOthers) {
  // A county first whose portal answers nothing (the simulator serves no such host: 404).
  std::ofstream(dir_ / "with_dead.tsv")
      << sim_->SeedsTsv()
      << "999901\t山西省\t某市\t无门县\tcounty\thttp://www.nowhere-sim.gov.cn/\t\tno such portal\n";
  const simulator::PortalTruth& truth = sim_->portals().back();
  const CliRun run =
      Harvest("--json 无门县 " + truth.county_code, "archive", "with_dead.tsv");
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const json result = Parsed(run);
  ASSERT_EQ(result["counties"].size(), 2u);
  EXPECT_EQ(result["counties"][0]["code"], "999901");
  EXPECT_EQ(result["counties"][0]["state"], "failed");
  EXPECT_NE(result["counties"][0]["error"].get<std::string>().find("HTTP 404"), std::string::npos)
      << result["counties"][0].dump();
  EXPECT_EQ(result["counties_failed"], 1);
  EXPECT_EQ(result["counties"][1]["state"], "done");
  EXPECT_EQ(result["counties"][1]["new_documents"], truth.reports.size());
  EXPECT_NE(run.err.find("(999901): failed: no page answered"), std::string::npos) << run.err;
}

TEST_F(HarvestCliTest, SigintStopsWithTheSummaryAndLeavesTheRestNotRun) {
  // 0.3 s between requests: the first two counties are still walking when SIGINT comes after
  // 1.5 s (two at once).
  const std::string harvest = std::string(XXGK_BINARY) + " harvest --seeds " +
                              (dir_ / "seeds.tsv").string() + " --archive " +
                              (dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
                              std::to_string(sim_->port()) + " --counties-at-once 2 --quiet --json";
  const CliRun stopped =
      RunShell("timeout --preserve-status -s INT 1.5 " + harvest + " --delay 0.3", dir_);
  EXPECT_EQ(stopped.exit_code, 1) << stopped.err;
  EXPECT_NE(stopped.err.find("SIGINT: stopping"), std::string::npos) << stopped.err;
  const json result = Parsed(stopped);
  EXPECT_EQ(result["interrupted"], true);
  ASSERT_EQ(result["counties"].size(), sim_->portals().size());
  // The first two counties are walked for longer than 1.5 s (normally the ones interrupted; on a
  // loaded machine SIGINT may come before their turn): nothing after the stop is run.
  for (size_t i = 0; i < 2; ++i) {
    const std::string state = result["counties"][i]["state"];
    EXPECT_TRUE(state == "interrupted" || state == "not_run") << state;
  }
  for (size_t i = 2; i < result["counties"].size(); ++i) {
    EXPECT_EQ(result["counties"][i]["state"], "not_run");
  }
  EXPECT_EQ(CountsOf(dir_ / "archive").fetches, result["pages"].get<uint64_t>());

  // The next harvest resumes the stopped one (and says so): every county done, none walked twice
  // (the pages fetched before the stop are replayed, not fetched or logged again).
  const uint64_t before = CountsOf(dir_ / "archive").fetches;
  const CliRun resumed = RunShell(harvest + " --delay 0", dir_);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming harvest run 1"), std::string::npos) << resumed.err;
  const json again = Parsed(resumed);
  for (const json& county : again["counties"]) EXPECT_EQ(county["state"], "done") << county.dump();
  EXPECT_EQ(CountsOf(dir_ / "archive").fetches, before + again["pages"].get<uint64_t>() -
                                                    ReplayedPages(again));
}

TEST_F(HarvestCliTest, BadCountiesAndShardsAreRefusedBeforeAnythingIsDone) {
  const CliRun unknown = Harvest("无此县");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no row of"), std::string::npos) << unknown.err;
  const CliRun url = Harvest("http://www.elsewhere.gov.cn/");
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.err.find("xxgk fetch URL"), std::string::npos) << url.err;
  for (const char* bad : {"3/3", "1", "x/2"}) {
    const CliRun shard = Harvest(std::string("--shard ") + bad);
    EXPECT_EQ(shard.exit_code, 2) << bad;
    EXPECT_NE(shard.err.find("xxgk: harvest: --shard"), std::string::npos) << shard.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "archive"));
  EXPECT_FALSE(fs::exists(dir_ / "archive.harvest.lock"));
}

// Rounds every second: the first archives the county's reports, the second adds nothing (its
// known reports answered from the archive), each round one JSON line; a round that takes longer
// than the second says it ran over; SIGTERM during a round stops it as it stops a harvest.
TEST_F(HarvestDaemonTest, RoundsAfterTheFirstAddNothingAndSigtermInARoundExitsAsAStoppedHarvest) {
  const simulator::PortalTruth& truth = *sim_->Portal("trs");
  // 0.2 s between requests to a host: the first round (every page) takes over a second.
  Start(truth.county_code + " --every 1s --json --delay 0.2");
  ASSERT_TRUE(WaitForErr("round 2 took")) << Err();
  // SIGTERM at the next request the simulator sees: some round is then being walked.
  std::atomic<bool> sent{false};
  const pid_t pid = pid_;
  sim_->SetRequestHook([&](const TestRequest&) {
    if (!sent.exchange(true)) ::kill(pid, SIGTERM);
  });
  EXPECT_EQ(Wait(), 1) << Err();
  sim_->SetRequestHook(nullptr);
  const std::string err = Err();
  EXPECT_NE(err.find("a round every 1s, the first now; the lock " +
                     (dir_ / "archive.harvest.lock").string() + " is held"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("round 1: 1 county into "), std::string::npos) << err;
  EXPECT_NE(err.find("round 1: 1/1 " + truth.name + " (" + truth.county_code + "): done;"),
            std::string::npos)
      << err;
  // The first round walked every page, 0.2 s apart: it ran over, and the second came at once.
  const size_t took = err.find("round 1 took ");
  ASSERT_NE(took, std::string::npos) << err;
  const std::string took_line = err.substr(took, err.find('\n', took) - took);
  EXPECT_NE(took_line.find(" over the interval of 1s ("), std::string::npos) << took_line;
  EXPECT_NE(took_line.find(" skipped); round 2 starts now"), std::string::npos) << took_line;
  EXPECT_NE(err.find("SIGTERM: stopping (what was fetched is kept; the counties left are not "
                     "run; no more rounds)"),
            std::string::npos)
      << err;

  const std::vector<json> rounds = Rounds();
  ASSERT_GE(rounds.size(), 3u) << ReadFile(dir_ / "daemon.out");
  for (size_t i = 0; i < rounds.size(); ++i) {
    EXPECT_EQ(rounds[i]["round"], i + 1);
    EXPECT_TRUE(rounds[i]["started"].is_string());
    ASSERT_EQ(rounds[i]["counties"].size(), 1u);
  }
  EXPECT_EQ(rounds[0]["new_documents"], truth.reports.size());
  EXPECT_EQ(rounds[0]["counties"][0]["state"], "done");
  EXPECT_EQ(rounds[1]["new_documents"], 0);  // incremental: nothing new
  EXPECT_EQ(rounds[1]["counties"][0]["state"], "done");
  EXPECT_EQ(rounds[1]["reports_found"], truth.reports.size());
  EXPECT_GE(rounds[1]["counties"][0]["revisits"]["stored"].get<size_t>(), truth.reports.size());
  EXPECT_EQ(rounds[1]["interrupted"], false);
  EXPECT_EQ(rounds.back()["interrupted"], true);
  EXPECT_EQ(CountsOf(dir_ / "archive").documents, truth.reports.size());
}

// Between rounds the daemon holds the lock: a second harvest of its archive exits 3 naming it;
// SIGTERM while it waits ends it at once with 0, after its one round's JSON line.
TEST_F(HarvestDaemonTest, WhileItWaitsTheLockIsHeldAndSigtermEndsItWithZero) {
  const simulator::PortalTruth& truth = *sim_->Portal("trs");
  Start(truth.county_code + " --every 6h --json --delay 0");
  ASSERT_TRUE(WaitForErr("round 1 took")) << Err();
  {
    // Round 2 on the grid: 6 h after the start the first line logs (both in whole seconds).
    const std::string err = Err();
    const size_t at = err.find("; round 2 at ");
    ASSERT_NE(at, std::string::npos) << err;
    const std::string prefix = "xxgk: harvest: ";
    const auto first = ParseUtc(err.substr(prefix.size(), 20));
    const auto next = ParseUtc(err.substr(at + 13, 20));
    ASSERT_TRUE(first && next) << err;
    EXPECT_LE(std::chrono::abs(*next - *first - std::chrono::hours(6)), std::chrono::seconds(1))
        << err;
  }

  const CliRun second = Harvest(truth.county_code);
  EXPECT_EQ(second.exit_code, 3) << second.err;
  EXPECT_NE(second.err.find("another harvest is running on this archive (PID " +
                            std::to_string(pid_) + ")"),
            std::string::npos)
      << second.err;

  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  EXPECT_EQ(Wait(), 0) << Err();
  EXPECT_NE(Err().find("SIGTERM: the daemon ends (no round was running)"), std::string::npos)
      << Err();
  const std::vector<json> rounds = Rounds();
  ASSERT_EQ(rounds.size(), 1u);
  EXPECT_EQ(rounds[0]["round"], 1);
  EXPECT_EQ(rounds[0]["new_documents"], truth.reports.size());
  // The lock went with it: a harvest now runs.
  EXPECT_EQ(Harvest(truth.county_code).exit_code, 0);
}

// A county that fails (its portal answers nothing) does not end the daemon; an archive that
// cannot be opened for a round does, with 1, whenever it breaks (in the wait or during a round:
// the round after it cannot open it).
TEST_F(HarvestDaemonTest, AFailedCountyDoesNotEndItAnArchiveThatCannotBeOpenedDoes) {
  std::ofstream(dir_ / "with_dead.tsv")
      << sim_->SeedsTsv()
      << "999901\t山西省\t某市\t无门县\tcounty\thttp://www.nowhere-sim.gov.cn/\t\tno such portal\n";
  const simulator::PortalTruth& truth = *sim_->Portal("trs");
  Start("无门县 " + truth.county_code + " --every 2s --json --delay 0", "with_dead.tsv");
  ASSERT_TRUE(WaitForErr("round 1 took")) << Err();
  EXPECT_NE(Err().find("round 1: 1/2 无门县 (999901): failed: no page answered"),
            std::string::npos)
      << Err();
  // The archive's directory becomes a file: the next round cannot open it.
  fs::rename(dir_ / "archive", dir_ / "archive.moved");
  std::ofstream(dir_ / "archive") << "no archive\n";
  EXPECT_EQ(Wait(), 1) << Err();
  EXPECT_NE(Err().find(" could not open or write the archive, or standard output (above): the "
                       "daemon ends (exit 1)"),
            std::string::npos)
      << Err();
  const std::vector<json> rounds = Rounds();
  ASSERT_GE(rounds.size(), 1u);
  EXPECT_EQ(rounds[0]["counties_failed"], 1);
  EXPECT_EQ(rounds[0]["new_documents"], truth.reports.size());
}

TEST_F(HarvestCliTest, BadDurationsForEveryAreRefusedBeforeAnythingIsDone) {
  const std::pair<const char*, const char*> cases[] = {
      {"--every 0s", "'0s' is no interval: it must be at least 1s"},
      {"--every 24", "'24' has no unit (24h? 24m?)"},
      {"--every=-1h", "not a duration: '-1h'"},
      {"--every 1.5h", "not a duration: '1.5h'"},
      {"--every soon", "not a duration: 'soon'"},
      {"--every 400d", "'400d' is longer than 366d"},
  };
  for (const auto& [args, message] : cases) {
    const CliRun run = Harvest(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.err;
    EXPECT_NE(run.err.find(std::string("xxgk: harvest: --every: ") + message), std::string::npos)
        << args << ": " << run.err;
    EXPECT_EQ(run.out, "") << args;
  }
  EXPECT_FALSE(fs::exists(dir_ / "archive"));
  EXPECT_FALSE(fs::exists(dir_ / "archive.harvest.lock"));
}

}  // namespace
}  // namespace xxgk::crawl::testing
