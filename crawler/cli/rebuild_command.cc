// `xxgk rebuild`: re-derives and verifies everything the archive knows from what it holds, with
// no network (the work: crawler/ingest/archive_rebuild.h and archive_check.h). This file parses
// the options, shows progress, prints each problem and the summary. Exit 1 when anything is
// damaged or missing, or when interrupted (SIGINT/SIGTERM: the batch in hand is finished and
// the summary printed; the next run resumes where it stopped). --json: the summary as one JSON
// object.
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/input_file.h"
#include "crawler/cli/interrupt.h"
#include "crawler/cli/progress.h"
#include "crawler/ingest/archive_rebuild.h"
#include "crawler/ingest/parallel_for.h"
#include "store/archive.h"

namespace xxgk::cli {
namespace {

struct RebuildOptions {
  ArchiveLocation location;
  unsigned jobs = ingest::DefaultJobs();
  ingest::ConvertOptions convert;  // --max-input-bytes, --no-office, --soffice
  bool json = false;               // the summary as one JSON object, for cron jobs
  uint64_t stop_after = 0;         // test knob (hidden): stop as if interrupted after N documents
};

void PrintJsonSummary(const std::string& dir, const ingest::RebuildTally& t, double seconds,
                      bool interrupted) {
  const nlohmann::ordered_json summary = {
      {"command", "rebuild"}, {"archive", dir}, {"interrupted", interrupted},
      {"seconds", seconds}, {"documents", t.documents},
      {"resumed", t.resumed}, {"resumed_from", t.resumed_from},
      {"texts", {{"verified", t.texts_ok}, {"repaired", t.texts_repaired},
                 {"damaged", t.texts_damaged}, {"differ", t.texts_differ}}},
      {"payloads", {{"verified", t.payloads_ok}, {"missing", t.payloads_missing},
                    {"damaged", t.payloads_damaged}}},
      {"records", {{"unchanged", t.records_unchanged}, {"outdated", t.records_outdated},
                   {"missing", t.records_missing}, {"changed", t.records_changed}}},
      {"pending", {{"converted", t.pending_converted}, {"still", t.pending_still},
                   {"damaged", t.pending_damaged}}}};
  std::cout << summary.dump() << "\n";
}

void PrintSummary(const std::string& dir, const ingest::RebuildTally& t, double seconds) {
  if (t.resumed) {
    std::cout << "resumed where an interrupted rebuild stopped: "
              << (t.resumed_in_pending ? std::string("the payloads kept for later")
                                       : "document " + std::to_string(t.resumed_from))
              << (t.earlier_damage > 0 ? " (" + std::to_string(t.earlier_damage) +
                                             " problems found before, see its output)"
                                       : std::string())
              << "\n";
  }
  std::cout << "rebuilt " << dir << ": " << t.documents << " documents in " << seconds << " s ("
            << (seconds > 0 ? static_cast<double>(t.documents) / seconds : 0) << " /s)\n"
            << "  texts:    " << t.texts_ok << " verified, " << t.texts_repaired
            << " repaired from their payload, " << t.texts_damaged << " damaged, " << t.texts_differ
            << " differ from what their payload gives now (kept)\n"
            << "  payloads: " << t.payloads_ok << " verified, " << t.payloads_missing << " missing, "
            << t.payloads_damaged << " damaged\n"
            << "  records:  " << t.records_unchanged << " unchanged, " << t.records_outdated
            << " rewritten (older extractor), " << t.records_missing << " written (missing), "
            << t.records_changed << " rewritten (differed)\n"
            << "  pending:  converted " << t.pending_converted << ", still pending "
            << t.pending_still << ", " << t.pending_damaged << " missing or damaged\n";
}

int RunRebuild(const RebuildOptions& options) {
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(options.location, /*create=*/false, &dir, &exit_code);
  if (!archive) return exit_code;
  const auto start = std::chrono::steady_clock::now();
  InterruptWatch interrupt;  // Ctrl-C: stop after the batch in hand, print the summary
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  Progress progress("rebuilding", counts.documents);
  ingest::RebuildObserver observer;
  observer.problem = [&](const std::string& problem) {
    progress.Finish();
    ErrorLine() << problem << "\n";
    progress.AddError();
  };
  observer.progress = [&](const ingest::RebuildTally& t) { progress.Update(t.documents); };
  observer.stop = [&] { return interrupt.interrupted(); };
  ingest::RebuildTally tally;
  if (Status s = ingest::RebuildArchive(*archive, {options.jobs, options.convert, options.stop_after},
                                        observer, &tally);
      !s.ok()) {
    progress.Finish();
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  progress.Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool interrupted = interrupt.interrupted() || tally.stopped;
  if (interrupted) {
    ErrorLine() << "interrupted: " << tally.documents << " documents checked; every finished "
                << "batch is stored, a re-run resumes where this one stopped\n";
  }
  if (options.json) {
    PrintJsonSummary(dir, tally, seconds, interrupted);
  } else {
    PrintSummary(dir, tally, seconds);
  }
  return tally.Damage() > 0 || interrupted ? kExitFailure : kExitOk;
}

}  // namespace

Command AddRebuildCommand(CLI::App& parent) {
  auto options = std::make_shared<RebuildOptions>();
  CLI::App* app = parent.add_subcommand(
      "rebuild",
      "Verify every stored text and payload against its digest, repair texts from their payloads, "
      "and re-run the extractor, rewriting records that are missing, outdated or different; "
      "convert the payloads kept for later that convert now. No network; safe to interrupt and "
      "re-run.");
  AddArchiveOptions(app, &options->location);
  app->add_option("--jobs", options->jobs, "worker threads")->check(Between(1, 256));
  AddConversionOptions(app, &options->convert);
  app->add_flag("--json", options->json, "print the summary as one JSON object");
  app->add_option("--stop-after", options->stop_after,
                  "(tests) stop as if interrupted after N documents")
      ->group("");
  return Command{app, [options] { return RunRebuild(*options); }};
}

}  // namespace xxgk::cli
