// HarvestRun: `xxgk harvest` — many counties of the seed list into one archive, county after
// county, each through its own FetchRun (fetch_run.h), so each county's outcome is its own:
//   for each CountySelection: FetchRun over its rows → a CountyOutcome (reports, pages, failures)
// A county that fails (its portal answered no page, the run could not start) is recorded and the
// harvest goes on with the next; only an archive that cannot be written stops it (the counties
// left are then not run, as every write would fail the same way). Stop() (SIGINT/SIGTERM) ends
// the county being walked as FetchRun::Stop does (what was fetched is archived) and leaves the
// others not run.
//
// Counties go one at a time: within a county FetchRun walks its hosts concurrently, under the
// politeness limits; running several counties at once is left for later.
// Thread safety: construct and Run on one thread; Stop may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/harvest/fetch_run.h"
#include "crawler/seeds/seed_selection.h"
#include "store/archive.h"

namespace xxgk::harvest {

struct CountyOutcome {
  enum class State {
    kDone,         // walked to its end (some pages may have failed: see result.failures)
    kFailed,       // no page of it answered, or its run could not start; `error` says why
    kInterrupted,  // Stop() came while it was walked; what was fetched is archived
    kNotRun,       // Stop() or an archive error came before its turn
  };
  State state = State::kNotRun;
  std::string code, name;
  size_t rows = 0;
  std::string error;
  double seconds = 0;     // wall time of its walk
  FetchRunResult result;  // empty unless it ran

  size_t duplicates() const;    // reports already archived
  size_t no_document() const;   // reports that gave no document
};

// What the harvest sees as it goes, for log lines and a progress line (main thread).
struct HarvestProgress {
  size_t county = 0;  // 0-based index of the county being walked
  size_t counties = 0;
  const CountyOutcome* finished = nullptr;  // set once per county, when it ends
  FetchProgress pages;                      // of the county being walked
};

class HarvestRun {
 public:
  HarvestRun(store::Archive& archive, FetchRunOptions options);

  // Walks `counties` in order; one outcome per county, in the same order, in `*outcomes`.
  // `progress` (optional) is called after each page (from the crawl's network thread, one at a
  // time) and once more when each county ends.
  void Run(const std::vector<seeds::CountySelection>& counties,
           std::vector<CountyOutcome>* outcomes,
           const std::function<void(const HarvestProgress&)>& progress = {});

  // Stops the county being walked and skips the rest (safe from any thread).
  void Stop();

 private:
  store::Archive& archive_;
  FetchRunOptions options_;
  std::atomic<bool> stop_requested_{false};
  std::mutex run_mutex_;       // guards current_ against Stop()
  FetchRun* current_ = nullptr;
};

std::string_view CountyStateName(CountyOutcome::State state);  // "done", "failed", …

}  // namespace xxgk::harvest
