// FetchRun: one crawl of seed rows into an archive, end to end — the run that `xxgk fetch COUNTY`
// (a county with its towns and departments) and `xxgk harvest` (many counties) are made of.
//
//   seed rows → ReportWalks over one CrawlFrontier over the Fetcher   (network thread)
//             → every fetched page: a fetch log entry with its payload (writer thread, batched:
//               64 pages or 1 s, whichever comes first)
//             → every found report, as soon as the walk hands it on: PrepareReport (worker threads)
//             → Archive::Ingest, one transaction per report           (writer thread)
// The network thread only fetches and walks; text, extraction and LMDB writes happen off it.
// Memory: the bodies queued for the workers and the writer count against the fetch engine's
// budget of bodies in flight (FetcherOptions::max_inflight_bytes, crawl::BodyHold) until they are
// written, so a slow worker or disk makes transfers wait instead of filling the queues; a report
// whose parts are not all in is kept by its walk, and the pages of a batch not yet full by the
// network thread (at most 64 pages or 8 MiB of bodies), outside the budget: they wait for more
// pages, and the engine must not wait for them.
//
// Crash resume (docs/fetch.md, "Crash resume"): every run has an entry in the archive's run
// journal (store::RunJournal), and every page it logs carries the run's id, in the transactions
// that store the pages and documents. A run that did not complete (kill -9, power loss, Stop) is
// resumed by the next run over the same rows and limits (RunFingerprint): the pages it completed
// are replayed from the archive (resume_source.h), not fetched again and not logged again; a
// report all of whose parts are replayed was archived already and is only read back (state
// kResumed). A run that walks to its end is marked completed and is never replayed.
//
// Stop() (SIGINT/SIGTERM) ends the walk early: what is queued is dropped, what was fetched is
// still archived, and the reports found so far are ingested — nothing fetched is lost.
// Failures of single pages do not fail the run; they are listed in the result.
// Thread safety: construct and Run on one thread; Stop may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/discovery/report_walk.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/frontier/crawl_frontier.h"
#include "crawler/harvest/gone_watch.h"
#include "crawler/harvest/revisit_source.h"
#include "crawler/ingest/document_input.h"
#include "crawler/seeds/seed_list.h"
#include "store/archive.h"

namespace xxgk::store {
class WarcRoller;
}  // namespace xxgk::store

namespace xxgk::harvest {

struct FetchRunOptions {
  crawl::FetcherOptions fetcher;
  crawl::FrontierLimits frontier;
  crawl::WalkLimits walk;
  ingest::ConvertOptions convert;
  unsigned workers = 0;  // threads for text and extraction; 0: the machine's cores
  // Rolling WARC files of every logged fetch, written as it is committed (store/warc_roller.h);
  // empty: none. A WARC write failure ends WARC writing (an archive error), not the run.
  std::string warc_dir;
  uint64_t warc_max_bytes = uint64_t{1} << 30;
  // The roller to write them with, shared with other runs into the same archive (HarvestRun: one
  // for all its counties, so ids, order and file names are the harvest's); its owner closes it
  // and lists its files (FetchRunResult::warc_files stays empty). Null: with `warc_dir`, the run
  // makes one of its own.
  std::shared_ptr<store::WarcRoller> warc;
  std::string software = "xxgk";  // for the warcinfo records
  // Resume the last run when it did not complete and walked the same rows with the same limits;
  // false: always start a new run (the unfinished one is marked abandoned).
  bool resume = true;
  // Called once the run journal says which run this is (before any page is fetched): `resumed`
  // when it goes on with the interrupted `run` (its pages so far are replayed from the archive).
  std::function<void(const store::RunJournal& run, bool resumed)> began;
  // A part of a run its caller began and ends (HarvestRun: one run journal entry for the whole
  // harvest, one FetchRun per county): this FetchRun neither begins nor ends a run, logs its
  // pages with `join->id` and replays that run's pages when `join_resumed`. `resume` and `began`
  // are then not used. The caller marks the part done (Archive::MarkRunPartDone) once it walked
  // to its end. REQUIRES: `*join` outlives the FetchRun.
  const store::RunJournal* join = nullptr;
  bool join_resumed = false;
  // Incremental: known report pages answered from the archive or revalidated, gone marks
  // written after the run (revisit_source.h, gone_watch.h). Off by default.
  RevisitOptions revisit;
  // For tests: called on the writer thread before each archive write (to hold the writer back
  // and see that the bodies waiting for it are bounded). Empty: none.
  std::function<void()> before_write;
};

// One report of the run, as `xxgk fetch` shows it.
struct ReportOutcome {
  // kResumed: archived by the interrupted run this one resumed (every part replayed: the table's
  // fields are read back from the archive; `copies` is 0, `problems` empty).
  // kUnfinished: Stop() came before every page and copy of it was fetched: no document is made
  // from the part of its copies that came (the best reading of all of them could differ, and the
  // archive would keep both); the parts fetched are logged, so the resumed run replays them,
  // fetches the rest and archives the report whole.
  enum class State { kNew, kDuplicate, kCollision, kNoDocument, kResumed, kUnfinished };
  State state = State::kNoDocument;
  std::string seed_code;
  std::string column;
  std::string title;      // the list item's title
  std::string list_date;  // YYYY-MM-DD or ""
  int year = 0;           // the record's year, else the title's
  std::string agency;     // the record's agency, "" if none
  std::string format;     // the chosen copy's format
  std::string doc_id;
  std::string url;        // the chosen copy's URL (the report page when no copy gave text)
  int copies = 0;         // sources the document got in this run
  int checks_passed = 0;
  int checks_failed = 0;
  std::vector<std::string> problems;
};

// One host of the run: as it goes (FetchProgress::by_host) and at its end (FetchRunResult::hosts).
struct HostOutcome {
  size_t pages = 0;     // answers received (any status; refusals included)
  size_t errors = 0;    // no answer, or a status >= 400
  size_t skipped = 0;   // refused by the engine (robots.txt, the address guard): never sent
  size_t queued = 0;    // URLs not answered yet (waiting, or with the engine); live only
  bool backing_off = false;  // a retry waiting out its backoff, or a Retry-After hold (live only)
  std::string blocked;  // why the host was stopped for the run (a challenge), "" if it was not
};

struct PageFailure {
  std::string url;
  std::string reason;
};

// Counters as the run goes, for a progress line (read on any thread).
struct FetchProgress {
  size_t hosts = 0;  // hosts answered so far
  std::map<std::string, HostOutcome> by_host;  // by host key; hosts answered or with URLs queued
  size_t pages = 0;
  size_t errors = 0;
  size_t reports_found = 0;
  size_t reports_archived = 0;
  size_t replayed = 0;  // pages answered from the archive (a resumed run)
};

struct FetchRunResult {
  std::vector<ReportOutcome> reports;  // in discovery order
  std::map<std::string, HostOutcome> hosts;  // by host key ("https://www.a.gov.cn:443")
  std::vector<PageFailure> failures;  // no answer, or a status >= 400
  std::vector<PageFailure> skipped;   // refused by the engine: robots.txt, the address guard
  size_t pages = 0;
  size_t bytes = 0;
  size_t new_documents = 0;
  bool interrupted = false;
  std::vector<std::string> archive_errors;  // writes that failed (the run stops at the first)
  std::vector<std::string> warc_files;      // written with FetchRunOptions::warc_dir, in order
                                            // (empty with a shared FetchRunOptions::warc)
  uint64_t run = 0;       // the run's number in the archive's run journal
  bool resumed = false;   // it went on with an interrupted run
  size_t replayed = 0;    // pages answered from the archive (counted in `pages` too)
  RevisitStats revisits;  // with FetchRunOptions::revisit
  GoneUpdate gone;        // gone marks written after the run (with FetchRunOptions::revisit)
};

class FetchRun {
 public:
  FetchRun(store::Archive& archive, FetchRunOptions options);

  // Walks `rows` and archives what it finds; `progress` (optional) is called on the network
  // thread after each page. An error only when the run could not start (bad fetcher options).
  Status Run(const std::vector<const seeds::SeedRow*>& rows, FetchRunResult* result,
             const std::function<void(const FetchProgress&)>& progress = {});

  // Stops the walk (safe from a signal handler's thread: it is posted to the network thread).
  void Stop();

 private:
  store::Archive& archive_;
  FetchRunOptions options_;
  std::atomic<bool> stop_requested_{false};
  std::mutex stop_mutex_;       // guards stop_ against Stop() from another thread
  std::function<void()> stop_;  // set while Run is running
};

std::string_view ReportStateName(ReportOutcome::State state);  // "new", "duplicate", …

// What a run walks, as the run journal compares it: the rows (code, portal, columns, in order)
// and the walk and frontier limits, as 64 hex digits.
std::string RunFingerprint(const std::vector<const seeds::SeedRow*>& rows,
                           const FetchRunOptions& options);

}  // namespace xxgk::harvest
