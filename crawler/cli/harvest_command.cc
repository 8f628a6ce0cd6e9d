// `xxgk harvest [COUNTY…] [--only LIST] [--archive DIR] [--seeds FILE] [--shard K/N] [--every DURATION]
// [--json] [--warc DIR] [fetch flags]`: every county of the seed list (or the counties named, as `xxgk fetch`
// names one: name, unique prefix, code; or a province or prefecture) into one archive, several counties at a time
// (harvest::HarvestRun, `--counties-at-once`), going on past a county that fails; a killed
// harvest is resumed by the next one (docs/harvest.md, "Crash resume"). `--shard K/N` keeps part
// K of N of them (seeds::InShard: by county code), so N machines or cron jobs share the list. One
// harvest per archive at a time (harvest::HarvestLock, DIR.harvest.lock). A line with a
// timestamp per county on standard error as it ends; at the end one row per county on standard
// output (or `--json`: one line). `--every 24h` makes it a daemon: the same harvest in rounds on
// a fixed grid from the first start (harvest::HarvestSchedule), the lock held throughout, one
// summary per round (JSON Lines with --json); SIGINT/SIGTERM between rounds end it at once
// (RoundStop).
// Exit codes: 0 every county walked to its end (even if some pages failed); 1 a county failed
// (no page of it answered), the archive (or a --warc file) could not be written, or SIGINT/SIGTERM stopped the
// harvest (what was fetched is kept; the summary still comes); 2 a bad command line,
// configuration, seed list or COUNTY; 3 another harvest holds the archive's lock (nothing done).
// The daemon: 0 when a signal ends its wait; a round's code when a signal stops that round or
// its archive cannot be opened or written (a county that fails does not end it).
#include <algorithm>
#include <chrono>
#include <cerrno>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/utc_time.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/fetch_run_flags.h"
#include "crawler/cli/fetch_run_json.h"
#include "crawler/cli/harvest_command.h"
#include "crawler/cli/harvest_progress_line.h"
#include "crawler/cli/input_file.h"
#include "crawler/cli/interrupt.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/progress.h"
#include "crawler/cli/round_stop.h"
#include "crawler/cli/seeds_options.h"
#include "crawler/harvest/harvest_lock.h"
#include "crawler/harvest/harvest_run.h"
#include "crawler/harvest/harvest_schedule.h"
#include "crawler/ingest/document_pipeline.h"
#include "crawler/seeds/seed_selection.h"

namespace xxgk::cli {
namespace {

struct HarvestOptions {
  std::vector<std::string> counties;
  std::vector<std::string> only;  // --only: more of the same, and provinces and prefectures
  std::string archive;
  std::string seeds;
  std::string shard;  // "K/N"
  bool json = false;
  FetchRunFlags run;  // as `fetch` has them; --warc: one roller for all counties (harvest_run.h)
  // Incremental (crawler/harvest/revisit_source.h, gone_watch.h).
  bool full = false;            // every page from the network, no gone marks
  double revisit_days = 7;      // known reports re-requested (conditionally) no more often
  double gone_days = 3;         // a removal streak spans at least this long to be gone
  uint32_t gone_runs = 2;       // ... and at least this many harvests
  size_t at_once = 4;           // --counties-at-once: counties walked together (no shared host)
  std::string every;            // "24h": a daemon, one round each (harvest_schedule.h)
};

using harvest::CountyOutcome;

std::string ShardName(const seeds::Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

// "done, 12 reports (3 new, 9 already archived), 120 pages (2 failed), 4.2 s" or "failed: why".
std::string CountyLine(const CountyOutcome& c) {
  std::string line(harvest::CountyStateName(c.state));
  if (!c.error.empty()) line += ": " + c.error;
  if (c.state == CountyOutcome::State::kNotRun) return line;
  if (c.done_earlier) return line + " by the interrupted harvest (not walked again)";
  line += "; " + std::to_string(c.result.reports.size()) + " reports (" +
          std::to_string(c.result.new_documents) + " new, " + std::to_string(c.duplicates()) +
          " already archived), " + std::to_string(c.result.pages) + " pages (" +
          std::to_string(c.result.failures.size()) + " failed), " + FormatDuration(c.seconds);
  const harvest::RevisitStats& r = c.result.revisits;
  if (r.stored + r.conditional > 0) {
    line += "; known reports: " + std::to_string(r.stored) + " from the archive, " +
            std::to_string(r.conditional) + " revalidated (" + std::to_string(r.not_modified) +
            " unchanged)";
  }
  const harvest::GoneUpdate& g = c.result.gone;
  if (g.suspected + g.newly_gone.size() + g.cleared > 0) {
    line += "; removed from the portal: " + std::to_string(g.newly_gone.size()) + " newly gone, " +
            std::to_string(g.suspected) + " suspected, " + std::to_string(g.cleared) + " back";
  }
  return line;
}

void PrintTable(const std::vector<CountyOutcome>& outcomes) {
  std::cout << "code\tcounty\tstate\trows\treports\tnew\tduplicates\tpages\tfailed_pages\terror\n";
  for (const CountyOutcome& c : outcomes) {
    std::cout << c.code << '\t' << c.name << '\t' << harvest::CountyStateName(c.state) << '\t'
              << c.rows << '\t' << c.result.reports.size() << '\t' << c.result.new_documents
              << '\t' << c.duplicates() << '\t' << c.result.pages << '\t'
              << c.result.failures.size() << '\t' << (c.error.empty() ? "-" : c.error) << '\n';
  }
}

nlohmann::ordered_json CountyJson(const CountyOutcome& c) {
  nlohmann::ordered_json j;
  j["code"] = c.code;
  j["name"] = c.name;
  j["state"] = harvest::CountyStateName(c.state);
  j["done_earlier"] = c.done_earlier;
  j["error"] = c.error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.error);
  j["rows"] = c.rows;
  j["seconds"] = c.seconds;
  j["pages"] = c.result.pages;
  j["replayed"] = c.result.replayed;  // of those, answered from the interrupted harvest's log
  j["bytes"] = c.result.bytes;
  j["reports_found"] = c.result.reports.size();
  j["new_documents"] = c.result.new_documents;
  j["duplicates"] = c.duplicates();
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  for (const harvest::ReportOutcome& r : c.result.reports) reports.push_back(ReportJson(r));
  j["reports"] = std::move(reports);
  j["failures"] = PagesJson(c.result.failures);
  j["skipped"] = PagesJson(c.result.skipped);
  j["archive_errors"] = c.result.archive_errors;
  const harvest::RevisitStats& r = c.result.revisits;
  j["revisits"] = {{"stored", r.stored},           {"conditional", r.conditional},
                   {"not_modified", r.not_modified}, {"refetched", r.refetched},
                   {"network", r.network}};
  const harvest::GoneUpdate& g = c.result.gone;
  j["gone"] = {{"newly_gone", g.newly_gone},
               {"suspected", g.suspected},
               {"cleared", g.cleared},
               {"unlisted", g.unlisted}};
  return j;
}

// The counties a round walks: the seed list read, the counties selected, the shard kept. The
// selections point into `list`, so a plan is not moved.
struct CountyPlan {
  seeds::SeedList list;
  size_t selected = 0;  // counties selected before the shard
  std::vector<seeds::CountySelection> counties;
};

// Reads the seed list and selects the counties of the command line and the shard into `*plan`.
// On failure prints why and returns false with `*exit_code` set (kExitUsage).
bool PlanCounties(const HarvestOptions& options, const seeds::Shard& shard, CountyPlan* plan,
                  int* exit_code) {
  if (!LoadSeedList(SeedsLocation{options.seeds, options.run.fetch.config}, &plan->list,
                    exit_code)) {
    return false;
  }
  std::vector<std::string> queries = options.counties;
  queries.insert(queries.end(), options.only.begin(), options.only.end());
  std::vector<seeds::CountySelection> selected;
  if (Status s = seeds::SelectCounties(plan->list, queries, &selected); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    *exit_code = kExitUsage;
    return false;
  }
  plan->selected = selected.size();
  for (seeds::CountySelection& c : selected) {
    if (seeds::InShard(c.code, shard)) plan->counties.push_back(std::move(c));
  }
  return true;
}

// "xxgk: harvest: <now> " and, in a daemon, "round N: ".
std::string LogStart(uint64_t round) {
  return "xxgk: harvest: " + ingest::NowUtc() + " " +
         (round > 0 ? "round " + std::to_string(round) + ": " : std::string());
}

// How one round went, for the daemon to go on or stop.
struct RoundEnd {
  int exit_code = kExitOk;
  bool fatal = false;  // the archive (or its run journal) could not be opened or written, or stdout
};

// One harvest over `plan`: the archive opened, the counties walked, the summary printed (stdout:
// the table or one JSON line; stderr: a line per county and one at the end). `round` is the
// daemon's round number, 0 for a single harvest. SIGINT/SIGTERM reach it through `stop`.
RoundEnd HarvestRound(const HarvestOptions& options, const harvest::FetchRunOptions& run_options,
                      const seeds::Shard& shard, const CountyPlan& plan, uint64_t round,
                      RoundStop& stop) {
  RoundEnd end;
  const std::vector<seeds::CountySelection>& counties = plan.counties;
  const std::string started = ingest::NowUtc();
  std::string archive_dir;
  // Checked for damage as each harvest checks it (in child processes; only the signal thread of
  // SignalStop runs beside, waiting in sigwait).
  std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(ArchiveLocation{options.archive, options.run.fetch.config},
                          /*create=*/true, &archive_dir, &end.exit_code);
  if (!archive) {
    end.fatal = true;
    return end;
  }

  harvest::HarvestRun run(*archive, run_options, options.at_once);
  stop.Begin([&run] { run.Stop(); });
  std::cerr << LogStart(round) << counties.size() << " count"
            << (counties.size() == 1 ? "y" : "ies")
            << (shard.count > 1 ? " in shard " + ShardName(shard) + " of " +
                                      std::to_string(plan.selected)
                                : std::string())
            << " into " << archive_dir << "\n";
  Progress progress("xxgk harvest:", 0);
  HarvestLiveView live(counties, std::chrono::steady_clock::now());
  std::vector<CountyOutcome> outcomes;
  const Status journal = run.Run(counties, &outcomes, [&](const harvest::HarvestProgress& p) {
    const std::string place = std::to_string(p.county + 1) + "/" + std::to_string(p.counties) +
                              " " + counties[p.county].name;
    live.Update(p);
    if (p.finished == nullptr) {
      progress.Show(live.Line(progress.LineWidth(), std::chrono::steady_clock::now()));
      return;
    }
    progress.Finish();
    std::cerr << LogStart(round) << place << " (" << p.finished->code
              << "): " << CountyLine(*p.finished) << "\n";
  });
  progress.Finish();
  stop.End();
  const bool signalled = stop.round_stopped();
  if (!journal.ok()) {
    ErrorLine() << archive_dir << ": run journal: " << journal.message() << "\n";
    end.fatal = true;
  }

  size_t failed = 0, unfinished = 0, reports = 0, fresh = 0, pages = 0, earlier = 0;
  for (const CountyOutcome& c : outcomes) {
    earlier += c.done_earlier;
    failed += c.state == CountyOutcome::State::kFailed;
    unfinished += c.state == CountyOutcome::State::kInterrupted ||
                  c.state == CountyOutcome::State::kNotRun;
    reports += c.result.reports.size();
    fresh += c.result.new_documents;
    pages += c.result.pages;
    end.fatal = end.fatal || !c.result.archive_errors.empty();
  }
  if (options.json) {
    nlohmann::ordered_json j;
    if (round > 0) {
      j["round"] = round;
      j["started"] = started;
    }
    j["archive"] = archive_dir;
    j["shard"] = shard.count > 1 ? nlohmann::ordered_json(ShardName(shard)) : nlohmann::ordered_json();
    j["counties_selected"] = counties.size();
    j["counties_failed"] = failed;
    j["counties_unfinished"] = unfinished;
    j["counties_done_earlier"] = earlier;
    j["reports_found"] = reports;
    j["new_documents"] = fresh;
    j["pages"] = pages;
    j["interrupted"] = signalled;
    if (!options.run.warc_dir.empty()) j["warc_files"] = run.warc_files();
    nlohmann::ordered_json list_json = nlohmann::ordered_json::array();
    for (const CountyOutcome& c : outcomes) list_json.push_back(CountyJson(c));
    j["counties"] = std::move(list_json);
    std::cout << j.dump() << "\n";  // one line: a daemon's rounds are JSON Lines
  } else {
    PrintTable(outcomes);
  }
  std::cerr << LogStart(round) << outcomes.size() << " counties: "
            << outcomes.size() - failed - unfinished << " done"
            << (earlier > 0 ? " (" + std::to_string(earlier) + " by the interrupted harvest)"
                            : std::string())
            << ", " << failed << " failed, " << unfinished << " not finished; " << reports
            << " reports found, " << fresh << " new; " << pages << " pages\n";
  for (const std::string& f : run.warc_files()) std::cerr << "xxgk: harvest: WARC: " << f << "\n";
  if (!run.warc_error().empty()) {
    ErrorLine() << "WARC: " << run.warc_error() << "\n";
    end.fatal = true;  // as an archive error: every later round would fail the same way
  }
  if (counties.empty()) {
    std::cerr << "xxgk: harvest: no county selected"
              << (shard.count > 1 ? " in shard " + ShardName(shard) : std::string()) << "\n";
  }
  std::cout.flush();
  if (!std::cout) {
    ErrorLine() << "stdout: write failed: " << SystemReason(errno) << "\n";
    end.fatal = true;
    end.exit_code = kExitFailure;
    return end;
  }
  end.exit_code = failed > 0 || unfinished > 0 || signalled || !journal.ok() ||
                          !run.warc_error().empty()
                      ? kExitFailure
                      : kExitOk;
  return end;
}

// `--every`: rounds on the schedule's grid until a signal, or a round whose archive cannot be
// written. The lock is the caller's, held throughout. The seed list is read again before each
// round after the first (as each cron run reads it); a list that has become unreadable or no
// longer has the counties named leaves the round to the counties of the round before.
int HarvestEvery(const HarvestOptions& options, std::chrono::seconds every,
                 const harvest::FetchRunOptions& run_options, const seeds::Shard& shard,
                 std::unique_ptr<CountyPlan> plan, const std::string& lock_path,
                 RoundStop& stop) {
  using Clock = harvest::HarvestSchedule::Clock;
  harvest::HarvestSchedule schedule(every, Clock::now());
  std::cerr << LogStart(0) << "a round every " << options.every
            << ", the first now; the lock " << lock_path
            << " is held until SIGTERM or SIGINT ends the daemon\n";
  for (uint64_t round = 1;; ++round) {
    if (round > 1) {
      auto again = std::make_unique<CountyPlan>();
      if (int code = kExitOk; PlanCounties(options, shard, again.get(), &code)) {
        plan = std::move(again);
      } else {
        std::cerr << LogStart(round) << "the seed list was not read again (above); this round "
                  << "walks the counties of the round before\n";
      }
    }
    if (stop.stopped()) return kExitOk;  // a signal between rounds
    const Clock::time_point began = Clock::now();
    const RoundEnd end = HarvestRound(options, run_options, shard, *plan, round, stop);
    if (stop.round_stopped()) return end.exit_code;  // a signal during the round: as a harvest
    if (end.fatal) {
      std::cerr << LogStart(0) << "round " << round << " could not open or write the archive, "
                << "or standard output (above): the daemon ends (exit " << end.exit_code << ")\n";
      return end.exit_code;
    }
    const Clock::time_point ended = Clock::now();
    const harvest::HarvestSchedule::NextRound next = schedule.AfterRound(ended);
    std::cerr << LogStart(0) << "round " << round << " took "
              << FormatDuration(std::chrono::duration<double>(ended - began).count());
    if (next.ran_over) {
      std::cerr << ", " << FormatDuration(std::chrono::duration<double>(next.over).count())
                << " over the interval of " << options.every;
      if (next.skipped > 0) {
        std::cerr << " (" << next.skipped << " start" << (next.skipped == 1 ? "" : "s")
                  << " skipped)";
      }
      std::cerr << "; round " << next.round << " starts now\n";
    } else {
      const auto wait = std::chrono::duration_cast<WallClock::duration>(next.start - ended);
      std::cerr << "; round " << next.round << " at " << FormatUtc(WallClock::now() + wait)
                << " (in " << FormatDuration(std::chrono::duration<double>(wait).count())
                << ")\n";
    }
    if (!stop.WaitUntil(next.start)) return kExitOk;  // a signal while waiting
  }
}

int RunHarvest(HarvestOptions& options) {
  ArchiveLocation archive_location{options.archive, options.run.fetch.config};
  seeds::Shard shard;
  if (!options.shard.empty()) {
    if (Status s = seeds::ParseShard(options.shard, &shard); !s.ok()) {
      ErrorLine() << "--shard " << options.shard << ": " << s.message()
                  << " (see 'xxgk harvest --help')\n";
      return kExitUsage;
    }
  }
  std::chrono::seconds every{0};
  if (!options.every.empty()) {
    if (Status s = harvest::ParseEvery(options.every, &every); !s.ok()) {
      ErrorLine() << "--every: " << s.message() << " (see 'xxgk harvest --help')\n";
      return kExitUsage;
    }
  }
  int exit_code = kExitOk;
  auto plan = std::make_unique<CountyPlan>();
  if (!PlanCounties(options, shard, plan.get(), &exit_code)) return exit_code;
  harvest::FetchRunOptions run_options;
  if (std::string error; !BuildRunOptions(options.run, &run_options, &error)) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }
  run_options.revisit.enabled = !options.full;
  run_options.revisit.interval =
      std::chrono::seconds(static_cast<int64_t>(std::min(options.revisit_days, 36500.0) * 86400));
  run_options.revisit.gone.gone_after =
      std::chrono::seconds(static_cast<int64_t>(std::min(options.gone_days, 36500.0) * 86400));
  run_options.revisit.gone.min_runs = options.gone_runs;
  // Said before the first page, so that a log shows at once that this harvest goes on with another.
  run_options.began = [](const store::RunJournal& journal, bool resumed) {
    if (!resumed) return;
    std::cerr << "xxgk: harvest: " << ResumingRun("harvest run", journal) << ": "
              << journal.parts_done.size() << " count"
              << (journal.parts_done.size() == 1 ? "y" : "ies")
              << " done are not walked again, and the pages logged so far are replayed from the "
                 "archive (--no-resume starts over)\n";
  };

  // The lock first, before the archive is opened (or created): a second harvest changes nothing.
  std::string lock_error;
  std::optional<std::string> dir = ResolveArchiveDir(archive_location, &lock_error);
  if (!dir) {
    ErrorLine() << lock_error << "\n";
    return kExitUsage;
  }
  if (const std::filesystem::path parent = std::filesystem::path(*dir).parent_path();
      !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);  // an error shows when the lock is opened
  }
  std::unique_ptr<harvest::HarvestLock> lock;
  long holder = 0;
  switch (harvest::HarvestLock::Acquire(*dir, &lock, &holder, &lock_error)) {
    case harvest::HarvestLock::Outcome::kLocked: break;
    case harvest::HarvestLock::Outcome::kBusy:
      ErrorLine() << *dir << ": another harvest is running on this archive"
                  << (holder > 0 ? " (PID " + std::to_string(holder) + ")" : "") << "; its lock is "
                  << harvest::HarvestLock::PathFor(*dir) << "; nothing was done\n";
      return kExitBusy;
    case harvest::HarvestLock::Outcome::kError:
      ErrorLine() << lock_error << "\n";
      return kExitFailure;
  }

  RoundStop stop;
  const bool daemon = every.count() > 0;
  SignalStop signal_stop([&](int signal) {
    if (!stop.Stop() && daemon) {
      std::cerr << "\nxxgk: harvest: " << ingest::NowUtc() << " " << SignalName(signal)
                << ": the daemon ends (no round was running)\n";
      return;
    }
    std::cerr << "\nxxgk: harvest: " << SignalName(signal)
              << ": stopping (what was fetched is kept; the counties left are not run"
              << (daemon ? "; no more rounds" : "") << ")\n";
  });
  if (daemon) {
    return HarvestEvery(options, every, run_options, shard, std::move(plan), lock->path(), stop);
  }
  return HarvestRound(options, run_options, shard, *plan, /*round=*/0, stop).exit_code;
}

}  // namespace

Command AddHarvestCommand(CLI::App& parent) {
  auto options = std::make_shared<HarvestOptions>();
  CLI::App* app = parent.add_subcommand(
      "harvest",
      "Crawl every county of the seed list (or those named, or one shard of them) into one "
      "archive, county after county, and print one row per county (docs/harvest.md).");
  app->add_option("COUNTY", options->counties,
                  "counties to harvest (a seed row's name, unique prefix or code, as for fetch, "
                  "or a province or prefecture: every county in it); none: every county of the "
                  "seed list");
  app->add_option("--only", options->only,
                  "harvest only these: counties (name, unique prefix, code), provinces or "
                  "prefectures (in full or without 省/市/自治区…: 山西, 长治市), comma-separated "
                  "or repeated; the same as COUNTY arguments")
      ->delimiter(',')
      ->type_name("LIST");
  app->add_option("--archive", options->archive,
                  "archive directory (default: [archive] path of the configuration, else ./archive)");
  app->add_option("--seeds", options->seeds,
                  "seed list (default: [seeds] path of the configuration file, else "
                  "./seeds/portals.tsv, else the one of the source tree)");
  app->add_option("--shard", options->shard,
                  "K/N: only part K (counted from 0) of N of the counties, split by county code "
                  "(the same split on every machine)");
  app->add_option("--every", options->every,
                  "run as a daemon: a harvest every DURATION from now (whole numbers "
                  "with s, m, h or d: 30m, 6h, 24h, 7d, 1h30m) until SIGTERM or SIGINT, holding "
                  "the lock throughout; a round that runs over is followed at once")
      ->type_name("DURATION");
  app->add_flag("--json", options->json,
                "print the summary as one JSON object on one line (with --every: one per round, "
                "JSON Lines)");
  app->add_option(
         "--max-pages", options->run.max_pages,
         "requests per seed row's walk (default " + std::to_string(options->run.max_pages) + ")")
      ->check(Between(1, int64_t{1} << 40));
  app->add_flag("--full", options->full,
                "not incremental: request every known report again without validators, and "
                "record no removals");
  app->add_option("--revisit-days", options->revisit_days,
                  "a known report page or attachment is re-requested, with its ETag and "
                  "Last-Modified, at most once in this many days (fractions allowed; 0: every "
                  "harvest; default 7)")
      ->check(AtLeast(0));
  app->add_option("--gone-days", options->gone_days,
                  "a report that keeps answering 404/410, redirecting to its column or the home "
                  "page, or missing from its list is marked gone once this streak spans this many "
                  "days (default 3) ...")
      ->check(AtLeast(0));
  app->add_option("--gone-runs", options->gone_runs,
                  "... and at least this many harvests (default 2)")
      ->check(Between(1, 1000));
  app->add_option("--counties-at-once", options->at_once,
                  "counties walked at the same time, never two whose seed rows share a host "
                  "(default 4)")
      ->check(Between(1, 256));
  app->add_flag("--no-resume", options->run.no_resume,
                "start a new harvest even if the last one over the same counties was killed or "
                "stopped (it is abandoned: its counties done are walked again)");
  app->add_option("--warc", options->run.warc_dir,
                  "also write every fetch as WARC 1.1 into rolling files in this folder, one "
                  "series for all counties, the records export --warc would give (docs/warc.md)");
  app->add_option("--warc-max-bytes", options->run.warc_max_bytes,
                  "start a new WARC file once one reaches this size (default 1 GiB)")
      ->check(Between(1, int64_t{1} << 40));
  AddFetchFlags(app, &options->run.fetch);
  AddConversionOptions(app, &options->run.convert);
  return Command{app, [options] { return RunHarvest(*options); }};
}

}  // namespace xxgk::cli
