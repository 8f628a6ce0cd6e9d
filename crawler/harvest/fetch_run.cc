// FetchRun: walk, fetch log, reports into the archive. See fetch_run.h.
#include "crawler/harvest/fetch_run.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "base/request_key.h"
#include "crawler/discovery/report_walks.h"
#include "crawler/harvest/resume_source.h"
#include "crawler/harvest/unchanged_report.h"
#include "crawler/ingest/crawl_ingest.h"
#include "crawler/ingest/document_pipeline.h"
#include "extract/text/doc_identity.h"
#include "store/warc_roller.h"

namespace xxgk::harvest {
namespace {

// Pages of these roles are logged with their report (PrepareReport), in its transaction.
bool LoggedWithItsReport(crawl::PageRole role) {
  return role == crawl::PageRole::kReportPage || role == crawl::PageRole::kContinuation ||
         role == crawl::PageRole::kAttachment;
}

constexpr size_t kPageBatch = 64;  // fetch log entries per transaction, at most
// ... and the bytes of their bodies: a batch is written once they reach this, so that the pages
// waiting on the network thread for their batch (not counted in the budget of bodies in flight:
// they wait for more pages) stay few whatever the pages are.
constexpr size_t kPageBatchBytes = size_t{8} << 20;
// A batch is written once its oldest entry is this old (checked as pages arrive), so that a
// run killed while pages come slowly (one host left, 1 s apart) loses at most a few seconds.
constexpr auto kPageBatchAge = std::chrono::seconds(1);

// What the table shows of a report's record: agency, year, checks.
void ReadRecord(const store::StoredRecord& record, ReportOutcome* out) {
  const nlohmann::json j = nlohmann::json::parse(record.json, nullptr, false);
  if (j.is_discarded()) return;
  if (auto it = j.find("agency"); it != j.end() && it->is_string()) out->agency = *it;
  if (auto it = j.find("year"); it != j.end() && it->is_number_integer()) out->year = *it;
  if (auto it = j.find("checks"); it != j.end() && it->is_array()) {
    for (const auto& check : *it) {
      const bool ok = check.contains("ok") && check["ok"].is_boolean() && check["ok"].get<bool>();
      ++(ok ? out->checks_passed : out->checks_failed);
    }
  }
}

// Every part of the report was replayed from the archive: the interrupted run archived it.
bool AllReplayed(const crawl::FoundReport& report) {
  size_t parts = 0;
  for (const auto* results : {&report.pages, &report.attachments}) {
    for (const crawl::FetchResult& r : *results) {
      if (!r.replayed) return false;
      ++parts;
    }
  }
  return parts > 0;
}

// What the table shows of a report archived before, read back: the document its pages' fetch
// log entries name (or `out->doc_id` when the caller knows it), its record, the source it was
// made from. `state`: kResumed (archived by the interrupted run) or kDuplicate (unchanged since).
void ReadBackOutcome(const store::Archive& archive, const crawl::FoundReport& report,
                     ReportOutcome::State state, ReportOutcome* out) {
  out->state = state;
  std::vector<std::string> urls;
  for (const auto* results : {&report.pages, &report.attachments}) {
    for (const crawl::FetchResult& r : *results) {
      urls.push_back(r.final_url);
      std::optional<store::FetchEntry> entry;
      if (out->doc_id.empty() &&
          archive.GetLatestFetch(RequestKey(r.requested_url, r.form_body), &entry).ok() && entry) {
        out->doc_id = entry->doc_id;
      }
    }
  }
  out->url = urls.front();
  if (out->doc_id.empty()) {
    out->state = ReportOutcome::State::kNoDocument;
    out->problems.push_back("no copy gave a document when the interrupted run archived it");
    return;
  }
  std::optional<store::StoredRecord> record;
  if (archive.GetRecord(out->doc_id, &record).ok() && record) ReadRecord(*record, out);
  std::vector<store::DocumentSource> sources;
  if (!archive.GetSources(out->doc_id, &sources).ok()) return;
  for (const store::DocumentSource& source : sources) {
    if (source.copy || std::find(urls.begin(), urls.end(), source.origin) == urls.end()) continue;
    out->url = source.origin;
    out->format = source.content_type.substr(0, source.content_type.find(';'));
    break;
  }
}

std::string HostOf(const std::string& url) {
  crawl::CanonicalUrl canonical;
  return crawl::CanonicalizeUrl(url, &canonical).ok() ? canonical.host_key().str() : url;
}

}  // namespace

std::string_view ReportStateName(ReportOutcome::State state) {
  switch (state) {
    case ReportOutcome::State::kNew: return "new";
    case ReportOutcome::State::kDuplicate: return "duplicate";
    case ReportOutcome::State::kCollision: return "collision";
    case ReportOutcome::State::kNoDocument: return "no_document";
    case ReportOutcome::State::kResumed: return "resumed";
    case ReportOutcome::State::kUnfinished: return "unfinished";
  }
  return "?";
}

std::string RunFingerprint(const std::vector<const seeds::SeedRow*>& rows,
                           const FetchRunOptions& options) {
  nlohmann::json j = nlohmann::json::array();
  for (const seeds::SeedRow* row : rows) {
    nlohmann::json columns = nlohmann::json::array();
    for (const crawl::CanonicalUrl& column : row->column_urls) columns.push_back(column.spec());
    j.push_back({row->code, row->portal_url.spec(), columns});
  }
  const crawl::WalkLimits& w = options.walk;
  const crawl::FrontierLimits& f = options.frontier;
  j.push_back({w.max_column_depth, w.max_list_pages_per_column, w.max_pages, w.max_url_length,
               f.max_pages_per_host});
  return extract::Sha256Hex(j.dump());
}

FetchRun::FetchRun(store::Archive& archive, FetchRunOptions options)
    : archive_(archive), options_(std::move(options)) {}

void FetchRun::Stop() {
  stop_requested_ = true;
  std::lock_guard lock(stop_mutex_);
  if (stop_) stop_();
}

Status FetchRun::Run(const std::vector<const seeds::SeedRow*>& rows, FetchRunResult* result,
                     const std::function<void(const FetchProgress&)>& progress) {
  *result = FetchRunResult{};
  boost::asio::io_context io;
  std::unique_ptr<crawl::Fetcher> fetcher;
  if (Status s = crawl::Fetcher::Create(io, options_.fetcher, &fetcher); !s.ok()) return s;

  const unsigned workers =
      options_.workers > 0 ? options_.workers : std::max(1u, std::thread::hardware_concurrency());
  boost::asio::thread_pool pool(workers);
  boost::asio::thread_pool writer(1);  // every archive write, in order
  std::mutex mutex;  // guards `result` and `progress_now` against the writer and workers
  FetchProgress progress_now;
  bool archive_failed = false;
  // --warc DIR: the records of each batch's fetches, on the writer thread, after its commit,
  // numbered as the commit logged them. A shared roller is its owner's to close.
  std::shared_ptr<store::WarcRoller> warc = options_.warc;
  const bool own_warc = !warc && !options_.warc_dir.empty();
  if (own_warc) {
    uint64_t next_fetch = 0;
    if (Status s = archive_.NextFetch(&next_fetch); !s.ok()) return s;
    warc = std::make_shared<store::WarcRoller>(options_.warc_dir, options_.warc_max_bytes,
                                               options_.software, next_fetch);
  }

  // The run journal: a new run, or the interrupted one going on.
  store::RunJournal run;
  if (options_.join != nullptr) {
    run = *options_.join;
    result->resumed = options_.join_resumed;
  } else {
    if (Status s = archive_.BeginRun(RunFingerprint(rows, options_), ingest::NowUtc(),
                                     options_.resume, &run, &result->resumed);
        !s.ok()) {
      return s;
    }
    if (options_.began) options_.began(run, result->resumed);
  }
  result->run = run.number;
  // The page sources, outermost first: frontier -> RevisitSource -> ResumeSource -> Fetcher.
  // ResumeSource sits next to the network so that a resumed run replays exactly what the
  // interrupted run was answered, and nothing else changes: RevisitSource above it treats a
  // replayed answer as it would the network's (a page the interrupted run logged is younger than
  // the revisit interval, so it is answered from the archive without even a conditional request),
  // and it sees every page of the run, replayed or not, so its sightings (lists that loaded,
  // hosts that answered) are those of the whole run and no gone mark is made from the half a
  // resume fetched. The other order would hide the replayed lists from the gone watch.
  crawl::PageSource* source = fetcher.get();
  std::unique_ptr<ResumeSource> replay;
  if (result->resumed) {
    replay = std::make_unique<ResumeSource>(*source, archive_, run.id, io);
    source = replay.get();
  }
  std::unique_ptr<RevisitSource> revisit;  // incremental: known reports from the archive
  if (options_.revisit.enabled) {
    revisit = std::make_unique<RevisitSource>(*source, archive_, io, options_.revisit);
    source = revisit.get();
  }
  crawl::CrawlFrontier frontier(*source, options_.frontier);

  // Bodies handed off the network thread (a report to a worker, a batch to the writer) count
  // against the engine's budget of bodies in flight until they are written or dropped (`hold`,
  // crawl::BodyHold): while workers and the writer lag, transfers wait instead of piling up
  // pages in their queues. docs/crawler.md, "Bodies in flight".
  auto write = [&](store::IngestBatch batch, std::function<void(const store::IngestResult&)> then,
                   crawl::BodyHold hold) {
    batch.run = run.number;
    boost::asio::post(writer, [&, batch = std::move(batch), then = std::move(then),
                               hold = std::move(hold)] {
      if (options_.before_write) options_.before_write();
      {
        std::lock_guard lock(mutex);
        if (archive_failed) return;
      }
      store::IngestResult ingested;
      Status s = archive_.Ingest(batch, &ingested);
      // Outside `mutex`: a shared roller may be busy with another county's batch. `warc` is
      // only touched on this thread.
      Status w = Status::Ok();
      if (s.ok() && warc) w = warc->Add(ingested.first_fetch, batch.fetches);
      std::lock_guard lock(mutex);
      if (!s.ok()) {
        archive_failed = true;
        result->archive_errors.push_back(s.message());
        boost::asio::post(io, [&] { frontier.Stop(); });
        return;
      }
      if (!w.ok()) {
        result->archive_errors.push_back("WARC: " + w.message());
        warc.reset();  // no more WARC writing; the archive goes on
      }
      if (then) then(ingested);
    });
  };

  store::IngestBatch pages;
  size_t pages_bytes = 0;  // of the bodies in `pages`
  std::chrono::steady_clock::time_point batch_started;  // of the oldest entry in `pages`
  auto flush_pages = [&] {
    if (pages.fetches.empty()) return;
    crawl::BodyHold hold = fetcher->Hold(std::exchange(pages_bytes, 0));
    write(std::exchange(pages, {}), nullptr, std::move(hold));
  };

  crawl::ReportWalks* walking = nullptr;  // set below; counts the report items seen so far
  auto page_sink = [&](const crawl::WalkedPage& page) {
    const crawl::FetchResult& r = page.result;
    if (r.error == crawl::AttemptError::kCancelled) return;
    HostOutcome& host = result->hosts[HostOf(r.final_url.empty() ? r.requested_url : r.final_url)];
    ++host.pages;
    ++result->pages;
    result->bytes += r.body.size();
    // A URL the engine refused to fetch (robots.txt, the address guard) is skipped, not failed.
    const bool refused = r.error == crawl::AttemptError::kRefused;
    const bool failed = !refused && (r.error != crawl::AttemptError::kNone || r.http_status >= 400);
    if (refused) {
      ++host.skipped;
      result->skipped.push_back(PageFailure{r.requested_url, r.reason});
    }
    if (failed) {
      ++host.errors;
      result->failures.push_back(PageFailure{
          r.requested_url, r.error != crawl::AttemptError::kNone
                               ? r.reason
                               : "HTTP " + std::to_string(r.http_status)});
    }
    {
      std::lock_guard lock(mutex);
      ++progress_now.pages;
      progress_now.errors += failed ? 1 : 0;
      progress_now.hosts = result->hosts.size();
      progress_now.replayed = result->replayed;
      if (progress) {
        progress_now.by_host = result->hosts;
        for (const auto& [key, queued] : frontier.QueuedByHost()) {
          HostOutcome& h = progress_now.by_host[key.str()];
          h.queued = queued;
          h.backing_off = fetcher->BackingOff(key);
        }
        for (const auto& [key, reason] : frontier.blocked()) {
          progress_now.by_host[key.str()].blocked = reason;
        }
      }
      if (walking != nullptr) {
        progress_now.reports_found = 0;
        for (const auto& walk : walking->walks()) progress_now.reports_found += walk->reports_listed();
      }
    }
    if (r.replayed) {
      ++result->replayed;  // logged by the interrupted run already
    } else if (!LoggedWithItsReport(page.role)) {
      const auto now = std::chrono::steady_clock::now();
      if (pages.fetches.empty()) batch_started = now;
      pages.fetches.push_back(
          ingest::PageFetch(r, crawl::PageRoleName(page.role), ingest::NowUtc()));
      pages_bytes += r.body.size();
      if (pages.fetches.size() >= kPageBatch || pages_bytes >= kPageBatchBytes ||
          now - batch_started >= kPageBatchAge) {
        flush_pages();
      }
    }
    if (progress) {
      std::lock_guard lock(mutex);
      progress(progress_now);
    }
  };

  // Each report as the walk hands it on: text and record on a worker, then into the archive on
  // the writer. Outcomes are kept by discovery order (walk, order) for the result.
  std::map<std::pair<size_t, size_t>, ReportOutcome> outcomes;  // guarded by `mutex`
  auto prepare = [&](const crawl::FoundReport& report, crawl::BodyHold hold) {
    ReportOutcome outcome;
    outcome.seed_code = report.place.code;
    outcome.column = report.place.column;
    outcome.title = report.place.list_title;
    outcome.list_date = report.place.list_date;
    outcome.year = report.place.year;
    const std::pair<size_t, size_t> key{report.walk, report.order};
    if (report.cut_short) {
      outcome.state = ReportOutcome::State::kUnfinished;
      outcome.problems.push_back(
          "stopped before every page and copy of it was fetched: not archived; the next run "
          "resumes and archives it");
      write(ingest::PartFetches(report, ingest::NowUtc()),
            [&, key, outcome](const store::IngestResult&) mutable {
              outcomes[key] = std::move(outcome);  // under `mutex` (see write)
            },
            std::move(hold));
      return;
    }
    if (AllReplayed(report)) {
      ReadBackOutcome(archive_, report, ReportOutcome::State::kResumed, &outcome);
      std::lock_guard lock(mutex);
      ++progress_now.reports_archived;
      outcomes[key] = std::move(outcome);
      return;
    }
    // Every part answered from the archive (an incremental run): not read again.
    if (std::optional<UnchangedReport> unchanged = AsUnchanged(archive_, report, ingest::NowUtc())) {
      outcome.doc_id = unchanged->doc_id;
      ReadBackOutcome(archive_, report, ReportOutcome::State::kDuplicate, &outcome);
      if (unchanged->batch.fetches.empty()) {
        std::lock_guard lock(mutex);
        ++progress_now.reports_archived;
        outcomes[key] = std::move(outcome);
        return;
      }
      write(std::move(unchanged->batch),
            [&, key, outcome](const store::IngestResult&) mutable {
              ++progress_now.reports_archived;
              outcomes[key] = std::move(outcome);  // under `mutex` (see write)
            },
            std::move(hold));
      return;
    }
    ingest::PreparedReport prepared = ingest::PrepareReport(report, ingest::NowUtc(), options_.convert);
    outcome.problems = std::move(prepared.problems);
    outcome.format = prepared.format;
    outcome.url = prepared.url.empty() && !report.pages.empty() ? report.pages[0].final_url
                                                                : prepared.url;
    if (prepared.document) {
      const store::NewDocument& doc = prepared.batch.documents[*prepared.document];
      outcome.doc_id = doc.doc_id;
      if (doc.record) ReadRecord(*doc.record, &outcome);
    }
    const std::optional<size_t> document = prepared.document;
    write(std::move(prepared.batch),
          [&, key, document, outcome](const store::IngestResult& ingested) mutable {
            if (document) {
              const store::AddResult& added = ingested.documents[*document];
              outcome.state = added.outcome == store::AddOutcome::kNew ? ReportOutcome::State::kNew
                              : added.outcome == store::AddOutcome::kDuplicate
                                  ? ReportOutcome::State::kDuplicate
                                  : ReportOutcome::State::kCollision;
              if (added.outcome == store::AddOutcome::kCollision) {
                outcome.problems.push_back(added.detail);
              }
              for (const store::AddResult& r : ingested.documents) {
                outcome.copies += r.source_added ? 1 : 0;
              }
              result->new_documents += added.outcome == store::AddOutcome::kNew ? 1 : 0;
            }
            ++progress_now.reports_archived;
            outcomes[key] = std::move(outcome);  // under `mutex` (see write)
          },
          std::move(hold));
  };
  auto report_sink = [&](crawl::FoundReport report) {
    size_t bytes = 0;
    for (const auto* results : {&report.pages, &report.attachments}) {
      for (const crawl::FetchResult& r : *results) bytes += r.body.size();
    }
    crawl::BodyHold hold = fetcher->Hold(bytes);
    boost::asio::post(pool, [&prepare, report = std::move(report), hold = std::move(hold)] {
      prepare(report, hold);
    });
  };

  crawl::ReportWalks walks(frontier, options_.walk, page_sink, report_sink);
  for (const seeds::SeedRow* row : rows) walks.Add(*row);
  walking = &walks;

  {
    std::lock_guard lock(stop_mutex_);
    stop_ = [&io, &frontier] { boost::asio::post(io, [&frontier] { frontier.Stop(); }); };
    if (stop_requested_) stop_();
  }
  walks.Start([&] { flush_pages(); });
  io.run();
  {
    std::lock_guard lock(stop_mutex_);
    stop_ = nullptr;
  }
  flush_pages();  // after a stop, what came before the walks finished
  result->interrupted = stop_requested_;
  for (const auto& [host, reason] : frontier.blocked()) result->hosts[host.str()].blocked = reason;

  pool.join();  // every report prepared and its write posted
  if (replay) result->replayed = replay->replayed();
  // The journal's last word, after every write of the run: completed, or stopped (resumable).
  // A run whose archive writes failed stays "running": the next run resumes it.
  const std::string_view end_state = stop_requested_ ? store::kRunStopped : store::kRunCompleted;
  boost::asio::post(writer, [&] {
    {
      std::lock_guard lock(mutex);
      if (archive_failed || options_.join != nullptr) return;  // a joined run: its caller ends it
    }
    if (Status s = archive_.EndRun(run.number, end_state, ingest::NowUtc()); !s.ok()) {
      std::lock_guard lock(mutex);
      result->archive_errors.push_back(s.message());
    }
  });
  writer.join();
  result->reports.reserve(outcomes.size());
  for (auto& [key, outcome] : outcomes) result->reports.push_back(std::move(outcome));
  if (warc && own_warc) {
    if (Status w = warc->Close(); !w.ok()) result->archive_errors.push_back("WARC: " + w.message());
    result->warc_files = warc->files();
  }
  if (revisit && result->archive_errors.empty()) {
    result->revisits = revisit->stats();
    std::set<std::string> challenged;
    const std::set<std::string> whole =
        WholeWalks(rows, walks.walks(), result->interrupted, &challenged);
    Status s = RecordGoneMarks(archive_, revisit->sightings(), whole, challenged, revisit->now(),
                               options_.revisit.gone, run.id, &result->gone);
    if (!s.ok()) result->archive_errors.push_back("gone marks: " + s.message());
  }
  revisit.reset();
  replay.reset();
  fetcher.reset();
  return Status::Ok();
}

}  // namespace xxgk::harvest
