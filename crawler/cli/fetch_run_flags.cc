// The flags `fetch` and `harvest` share, made into harvest::FetchRunOptions. See fetch_run_flags.h.
#include "crawler/cli/fetch_run_flags.h"

namespace xxgk::cli {

bool BuildRunOptions(const FetchRunFlags& flags, harvest::FetchRunOptions* out,
                     std::string* error) {
  if (!BuildFetcherOptions(flags.fetch, &out->fetcher, error)) return false;
  out->walk.max_pages = flags.max_pages;
  out->convert = flags.convert;
  out->warc_dir = flags.warc_dir;
  out->warc_max_bytes = flags.warc_max_bytes;
  out->software = "xxgk/" XXGK_VERSION;
  out->resume = !flags.no_resume;
  return true;
}

std::string ResumingRun(std::string_view run_name, const store::RunJournal& journal) {
  return "resuming " + std::string(run_name) + " " + std::to_string(journal.number) + " (started " +
         journal.started + ", interrupted " + std::to_string(journal.resumes) + " time" +
         (journal.resumes == 1 ? "" : "s") + ")";
}

}  // namespace xxgk::cli
