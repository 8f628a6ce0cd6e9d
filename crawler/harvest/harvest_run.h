// HarvestRun: `xxgk harvest` — many counties of the seed list into one archive, several at a time,
// each through its own FetchRun (fetch_run.h) on its own thread, so each county's outcome is its
// own:
//   for each CountySelection: FetchRun over its rows → a CountyOutcome (reports, pages, failures)
// A county that fails (its portal answered no page, the run could not start) is recorded and the
// harvest goes on with the next; only an archive that cannot be written stops it (the counties
// left are then not run, as every write would fail the same way). Stop() (SIGINT/SIGTERM) ends
// the county being walked as FetchRun::Stop does (what was fetched is archived) and leaves the
// others not run.
//
// Crash resume: the whole harvest is one run of the archive's run journal (store::RunJournal),
// its fingerprint that of every county's rows in order and the limits; each county's FetchRun is
// a part of it (FetchRunOptions::join), and a county walked to its end is added to the run's
// parts_done after its documents and gone marks are written. A harvest killed (or stopped) part
// way is resumed by the next harvest over the same counties: the counties done are not walked
// again (state kDone, `done_earlier`), the county it was in replays the pages it had completed
// from the archive (resume_source.h) and goes on, and the others run as usual. A kill between a
// county's gone marks and its part's end replays that county: its removals are not counted twice
// (gone marks carry the run's id). A harvest over other counties or limits abandons the
// interrupted one and starts afresh.
//
// Several at once: up to `counties_at_once` counties are walked together, started in the order
// given, but never two whose seed rows share a host (portal or column host): each FetchRun keeps
// the politeness limits per host of its own engine, so two counties on one platform would double
// the load on it. A county that shares a host with one being walked waits for it, and the next
// county that shares none goes first. Hosts found only during a walk (an attachment server shared
// by two counties) are not known in advance; two counties may meet there, each within its limits.
// Within a county FetchRun walks its hosts concurrently.
//
// WARC (FetchRunOptions::warc_dir, `harvest --warc DIR`): one store::WarcRoller for the whole
// harvest, shared by the counties' FetchRuns (each hands it what its archive writer committed,
// with the fetch log numbers the archive assigned), so the records are those `xxgk export --warc`
// makes of the same fetches, in log order, in one series of files. A WARC write error stops WARC
// writing and counts as an archive error of the counties that meet it (the harvest stops, as
// after any archive error, and can be resumed).
// Thread safety: construct and Run on one thread; Stop may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
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
  // kDone by the interrupted harvest this one resumed: not walked again, `result` is empty.
  bool done_earlier = false;

  size_t duplicates() const;    // reports already archived
  size_t no_document() const;   // reports that gave no document
};

// What the harvest sees as it goes, for log lines and a progress line. Calls come from the
// counties' threads, one at a time (never two at once).
struct HarvestProgress {
  size_t county = 0;  // 0-based index of the county this call is about
  size_t counties = 0;
  size_t walking = 0;  // counties being walked now
  size_t ended = 0;    // counties ended so far (this one included when `finished`)
  const CountyOutcome* finished = nullptr;  // set once per county, when it ends
  FetchProgress pages;                      // of county `county`, as it goes
};

class HarvestRun {
 public:
  // `counties_at_once` >= 1. FetchRunOptions::workers 0 shares the machine's cores between the
  // counties walked at once (at least one worker each); the budget of bodies in flight
  // (fetcher.max_inflight_bytes) is shared between them too, in equal parts.
  HarvestRun(store::Archive& archive, FetchRunOptions options, size_t counties_at_once = 1);

  // Walks `counties` in order; one outcome per county, in the same order, in `*outcomes`.
  // `progress` (optional) is called after each page (from the counties' network threads, one at
  // a time) and once more when each county ends. FetchRunOptions::began is called once the run
  // journal says which run the harvest is (resumed or new). An error when the run journal could
  // not be written: at the start (every outcome is then kNotRun) or at the end (the outcomes
  // stand; the next harvest resumes the run and finds every county done).
  Status Run(const std::vector<seeds::CountySelection>& counties,
             std::vector<CountyOutcome>* outcomes,
             const std::function<void(const HarvestProgress&)>& progress = {});

  // Stops the counties being walked and skips the rest (safe from any thread).
  void Stop();

  // After Run, with FetchRunOptions::warc_dir: the WARC files written, in order, and the error
  // that closing the last one met ("" if none).
  const std::vector<std::string>& warc_files() const { return warc_files_; }
  const std::string& warc_error() const { return warc_error_; }

 private:
  // One county on its own thread: its FetchRun, then its outcome (and its part done).
  void Walk(const seeds::CountySelection& county, const FetchRunOptions& options,
            const std::function<void(const FetchProgress&)>& progress, CountyOutcome* out);

  store::Archive& archive_;
  FetchRunOptions options_;
  size_t at_once_;
  std::atomic<bool> stop_requested_{false};
  store::RunJournal journal_;  // the harvest's run, once Run has begun it
  std::mutex run_mutex_;       // guards current_ against Stop()
  std::set<FetchRun*> current_;
  std::vector<std::string> warc_files_;
  std::string warc_error_;
};

// The hosts of a county's seed rows (their portals and columns), as host keys: two counties that
// share one are not walked at once; the live line's ETA counts them.
std::set<std::string> SeedHosts(const seeds::CountySelection& county);

std::string_view CountyStateName(CountyOutcome::State state);  // "done", "failed", …

}  // namespace xxgk::harvest
