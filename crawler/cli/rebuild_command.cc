// `xxgk rebuild`: re-derives and verifies everything the archive knows from what it holds, with
// no network (the work: crawler/ingest/archive_rebuild.h and archive_check.h). This file parses
// the options, shows progress, prints each problem and the summary. Exit 1 when anything is
// damaged or missing.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/input_file.h"
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
};

void PrintSummary(const std::string& dir, const ingest::RebuildTally& t, double seconds) {
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
      OpenArchive(options.location, /*create=*/false, &dir, &exit_code);
  if (!archive) return exit_code;
  const auto start = std::chrono::steady_clock::now();
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  Progress progress("rebuilding", counts.documents);
  ingest::RebuildObserver observer;
  observer.problem = [&](const std::string& problem) {
    progress.Finish();
    ErrorLine() << problem << "\n";
  };
  observer.progress = [&](const ingest::RebuildTally& t) { progress.Update(t.documents); };
  ingest::RebuildTally tally;
  if (Status s = ingest::RebuildArchive(*archive, {options.jobs, options.convert}, observer, &tally);
      !s.ok()) {
    progress.Finish();
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  progress.Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSummary(dir, tally, seconds);
  return tally.Damage() > 0 ? kExitFailure : kExitOk;
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
  return Command{app, [options] { return RunRebuild(*options); }};
}

}  // namespace xxgk::cli
