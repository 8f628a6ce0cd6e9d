// The flags of the commands that run harvest::FetchRun (`fetch`, `harvest`) which mean the same in
// both: the fetch engine's (fetch_flags.h), the walk's page limit, the conversion options, WARC
// output and resume; and the harvest::FetchRunOptions they make. Each command still registers
// them itself (its help says them in its own words and order) and adds what only it has
// (`harvest`'s revisit and gone options). Kept apart from fetch_flags.h so that `get` and
// `crawl`, which fetch without a FetchRun, do not depend on crawler/harvest.
// Thread safety: none needed (plain values, filled by CLI11 on the main thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/cli/fetch_flags.h"
#include "crawler/harvest/fetch_run.h"

namespace xxgk::cli {

struct FetchRunFlags {
  FetchFlags fetch;
  size_t max_pages = crawl::WalkLimits{}.max_pages;  // --max-pages: requests per seed row's walk
  ingest::ConvertOptions convert;
  std::string warc_dir;  // --warc DIR: rolling WARC files while crawling (docs/warc.md)
  uint64_t warc_max_bytes = uint64_t{1} << 30;
  bool no_resume = false;  // --no-resume: an interrupted run is abandoned, not continued
};

// The run options of `flags`: the fetcher's (BuildFetcherOptions), the walk limit, conversion,
// WARC files, the software named in them, resume. False with `*error` set when the
// configuration file is unusable (a usage error).
bool BuildRunOptions(const FetchRunFlags& flags, harvest::FetchRunOptions* out, std::string* error);

// "resuming run 3 (started T, interrupted 2 times)", `run_name` for "run": how the line begins
// that a command writes from FetchRunOptions::began when its run goes on with an interrupted one.
std::string ResumingRun(std::string_view run_name, const store::RunJournal& journal);

}  // namespace xxgk::cli
