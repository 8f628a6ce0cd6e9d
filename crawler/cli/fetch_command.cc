// `xxgk fetch COUNTY [--archive DIR] [--json] [--seeds FILE] [--max-pages N] [fetch flags]`:
// crawls one county now — its government, office, departments and towns, as the seed list has
// them — finds every annual report and archives each once (harvest::FetchRun), then prints one
// line per report: year, agency, title, format, doc_id, new/duplicate, checks, URL.
// COUNTY is a seed row's name (exact, or a unique prefix), its code, or a URL (a seed row's host,
// or any portal or column URL not in the list, crawled as a one-off row).
// On a terminal, a live line shows pages, errors, reports and the hosts worth a look
// (fetch_progress_line.h); pages that failed are listed after the table, hosts stopped for the
// run (challenge pages) with their reason, and a per-host table.
// Exit codes: 0 the crawl completed (even if some pages failed); 1 it could not run to its end
// (the archive could not be written, or SIGINT/SIGTERM stopped it — what was fetched is kept);
// 2 a bad command line, configuration, seed list or COUNTY.
#include <cerrno>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/fetch_progress_line.h"
#include "crawler/cli/fetch_run_flags.h"
#include "crawler/cli/fetch_run_json.h"
#include "crawler/cli/input_file.h"
#include "crawler/cli/interrupt.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/progress.h"
#include "crawler/cli/seeds_options.h"
#include "crawler/harvest/fetch_run.h"
#include "crawler/seeds/seed_selection.h"

namespace xxgk::cli {
namespace {

struct FetchOptions {
  std::string county;
  std::string archive;
  std::string seeds;
  bool json = false;
  FetchRunFlags run;
};

void PrintTable(const harvest::FetchRunResult& result) {
  std::cout << "year\tagency\ttitle\tformat\tdoc_id\tstate\tchecks\turl\n";
  for (const harvest::ReportOutcome& r : result.reports) {
    std::cout << (r.year == 0 ? "-" : std::to_string(r.year)) << '\t'
              << (r.agency.empty() ? "-" : r.agency) << '\t' << r.title << '\t'
              << (r.format.empty() ? "-" : r.format) << '\t' << (r.doc_id.empty() ? "-" : r.doc_id)
              << '\t' << harvest::ReportStateName(r.state) << '\t' << r.checks_passed << " ok/"
              << r.checks_failed << " failed\t" << r.url << '\n';
  }
}

int RunFetch(FetchOptions& options) {
  // One --config for the three option groups.
  SeedsLocation seeds_location{options.seeds, options.run.fetch.config};
  ArchiveLocation archive_location{options.archive, options.run.fetch.config};
  seeds::SeedList list;
  int exit_code = kExitOk;
  if (!LoadSeedList(seeds_location, &list, &exit_code)) return exit_code;
  std::vector<const seeds::SeedRow*> rows;
  seeds::SeedRow ad_hoc;
  if (Status r = seeds::ResolveCounty(list, options.county, &rows, &ad_hoc); !r.ok()) {
    ErrorLine() << r.message() << "\n";
    return kExitUsage;
  }
  harvest::FetchRunOptions run_options;
  if (std::string error; !BuildRunOptions(options.run, &run_options, &error)) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }
  // Said before the first page, so that a log shows at once that this run goes on with another.
  run_options.began = [](const store::RunJournal& journal, bool resumed) {
    if (!resumed) return;
    std::cerr << "xxgk: fetch: " << ResumingRun("run", journal) << ": its " << journal.pages
              << " pages logged so far are replayed from the archive, not fetched again "
                 "(--no-resume starts over)\n";
  };
  std::string dir;
  std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(archive_location, /*create=*/true, &dir, &exit_code);
  if (!archive) return exit_code;

  harvest::FetchRun run(*archive, std::move(run_options));
  // SIGINT/SIGTERM stop the walk; what was fetched is still archived. The signals are taken by
  // a thread of our own (sigwait), so no handler runs inside the crawl's threads.
  auto signal_stop = std::make_unique<SignalStop>([&](int signal) {
    std::cerr << "\nxxgk: fetch: " << SignalName(signal)
              << ": stopping (what was fetched is kept)\n";
    run.Stop();
  });

  Progress progress("xxgk fetch:", 0);
  std::cerr << "xxgk: fetch: " << rows.front()->name << " (" << rows.size() << " seed row"
            << (rows.size() == 1 ? "" : "s") << ") into " << dir << "\n";
  harvest::FetchRunResult result;
  Status s = run.Run(rows, &result, [&](const harvest::FetchProgress& p) {
    progress.Show(FetchProgressLine(p, progress.LineWidth()));
  });
  progress.Finish();
  const bool signalled = signal_stop->signalled();
  signal_stop.reset();
  if (!s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitUsage;
  }

  size_t duplicates = 0, without = 0, unfinished = 0;
  for (const harvest::ReportOutcome& r : result.reports) {
    duplicates += r.state == harvest::ReportOutcome::State::kDuplicate ||
                          r.state == harvest::ReportOutcome::State::kResumed
                      ? 1
                      : 0;
    without += r.state == harvest::ReportOutcome::State::kNoDocument ? 1 : 0;
    unfinished += r.state == harvest::ReportOutcome::State::kUnfinished ? 1 : 0;
  }
  if (options.json) {
    nlohmann::ordered_json j;
    j["county"] = rows.front()->name;
    j["code"] = rows.front()->code;
    j["archive"] = dir;
    j["pages"] = result.pages;
    j["bytes"] = result.bytes;
    j["reports_found"] = result.reports.size();
    j["new_documents"] = result.new_documents;
    j["duplicates"] = duplicates;
    j["interrupted"] = result.interrupted;
    j["run"] = result.run;
    j["resumed"] = result.resumed;
    j["replayed"] = result.replayed;
    nlohmann::ordered_json reports = nlohmann::ordered_json::array();
    for (const harvest::ReportOutcome& r : result.reports) reports.push_back(ReportJson(r));
    j["reports"] = std::move(reports);
    nlohmann::ordered_json hosts = nlohmann::ordered_json::object();
    for (const auto& [host, h] : result.hosts) {
      hosts[host] = {
          {"pages", h.pages}, {"errors", h.errors}, {"skipped", h.skipped}, {"blocked", h.blocked}};
    }
    j["hosts"] = std::move(hosts);
    j["failures"] = PagesJson(result.failures);
    j["skipped"] = PagesJson(result.skipped);
    j["archive_errors"] = result.archive_errors;
    if (!options.run.warc_dir.empty()) j["warc_files"] = result.warc_files;
    std::cout << j.dump() << "\n";
  } else {
    PrintTable(result);
    for (const auto& [host, h] : result.hosts) {
      if (!h.blocked.empty()) std::cerr << "xxgk: fetch: " << host << " stopped: " << h.blocked << "\n";
    }
    if (!result.hosts.empty()) {
      std::cerr << "xxgk: fetch: hosts:\n";
      for (const std::string& line : HostTable(result.hosts)) std::cerr << "  " << line << "\n";
    }
    for (const harvest::PageFailure& f : result.skipped) {
      std::cerr << "xxgk: fetch: skipped: " << f.url << ": " << f.reason << "\n";
    }
    for (const harvest::PageFailure& f : result.failures) {
      std::cerr << "xxgk: fetch: failed: " << f.url << ": " << f.reason << "\n";
    }
    for (const harvest::ReportOutcome& r : result.reports) {
      for (const std::string& problem : r.problems) {
        std::cerr << "xxgk: fetch: " << r.title << ": " << problem << "\n";
      }
    }
  }
  std::cerr << "xxgk: fetch: " << result.reports.size() << " reports found, "
            << result.new_documents << " new, " << duplicates << " already archived";
  if (without > 0) std::cerr << ", " << without << " gave no document";
  if (unfinished > 0) {
    std::cerr << ", " << unfinished << " left for the next run (stopped before all their copies came)";
  }
  std::cerr << "; " << result.pages << " pages (" << result.failures.size() << " failed, "
            << result.skipped.size() << " skipped";
  if (result.resumed) std::cerr << ", " << result.replayed << " replayed from the interrupted run";
  std::cerr << ")";
  if (result.new_documents == 0 && !result.reports.empty()) std::cerr << "; nothing new";
  std::cerr << "\n";
  if (result.resumed) {
    std::cerr << "xxgk: fetch: went on with run " << result.run
              << " of the archive, which had not completed (docs/fetch.md, \"Crash resume\")\n";
  }
  for (const std::string& e : result.archive_errors) {
    ErrorLine() << "archive " << dir << ": " << e << "\n";
  }
  for (const std::string& f : result.warc_files) std::cerr << "xxgk: fetch: WARC: " << f << "\n";
  std::cout.flush();
  if (!std::cout) {
    ErrorLine() << "stdout: write failed: " << SystemReason(errno) << "\n";
    return kExitFailure;
  }
  return result.interrupted || !result.archive_errors.empty() || signalled ? kExitFailure
                                                                           : kExitOk;
}

}  // namespace

Command AddFetchCommand(CLI::App& parent) {
  auto options = std::make_shared<FetchOptions>();
  CLI::App* app = parent.add_subcommand(
      "fetch",
      "Crawl one county now (its government, office, departments and towns from the seed list) "
      "and archive every annual report it publishes, each once.");
  app->add_option("COUNTY", options->county,
                  "a seed row's name (or unique prefix), its code, or a portal/column URL")
      ->required();
  app->add_option("--archive", options->archive,
                  "archive directory (default: [archive] path of the configuration, else ./archive)");
  app->add_option("--seeds", options->seeds,
                  "seed list (default: [seeds] path of the configuration file, else "
                  "./seeds/portals.tsv, else the one of the source tree)");
  app->add_flag("--json", options->json, "print the result as one JSON object");
  app->add_option(
         "--max-pages", options->run.max_pages,
         "requests per seed row's walk (default " + std::to_string(options->run.max_pages) + ")")
      ->check(Between(1, int64_t{1} << 40));
  AddFetchFlags(app, &options->run.fetch);
  AddConversionOptions(app, &options->run.convert);
  app->add_option(
      "--warc", options->run.warc_dir,
      "also write every fetch as WARC 1.1 into rolling files in this folder (docs/warc.md)");
  app->add_option("--warc-max-bytes", options->run.warc_max_bytes,
                  "start a new WARC file once one reaches this size (default 1 GiB)")
      ->check(Between(1, int64_t{1} << 40));
  app->add_flag("--no-resume", options->run.no_resume,
                "start a new run even if the archive holds an interrupted one of these seed rows "
                "(which is then abandoned); by default it is resumed (docs/fetch.md)");
  return Command{app, [options] { return RunFetch(*options); }};
}

}  // namespace xxgk::cli
