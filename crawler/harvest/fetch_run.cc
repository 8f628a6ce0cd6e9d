// FetchRun: walk, fetch log, reports into the archive. See fetch_run.h.
#include "crawler/harvest/fetch_run.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "crawler/discovery/report_walks.h"
#include "store/warc_roller.h"
#include "crawler/ingest/crawl_ingest.h"
#include "crawler/ingest/document_pipeline.h"

namespace xxgk::harvest {
namespace {

// Pages of these roles are logged with their report (PrepareReport), in its transaction.
bool LoggedWithItsReport(crawl::PageRole role) {
  return role == crawl::PageRole::kReportPage || role == crawl::PageRole::kContinuation ||
         role == crawl::PageRole::kAttachment;
}

constexpr size_t kPageBatch = 64;  // fetch log entries per transaction

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
  }
  return "?";
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
  std::unique_ptr<RevisitSource> revisit;  // incremental: known reports from the archive
  if (options_.revisit.enabled) {
    revisit = std::make_unique<RevisitSource>(*fetcher, archive_, io, options_.revisit);
  }
  crawl::CrawlFrontier frontier(revisit ? static_cast<crawl::PageSource&>(*revisit) : *fetcher,
                                options_.frontier);

  const unsigned workers =
      options_.workers > 0 ? options_.workers : std::max(1u, std::thread::hardware_concurrency());
  boost::asio::thread_pool pool(workers);
  boost::asio::thread_pool writer(1);  // every archive write, in order
  std::mutex mutex;  // guards `result` and `progress_now` against the writer and workers
  FetchProgress progress_now;
  bool archive_failed = false;
  // --warc DIR: the records of each batch's fetches, on the writer thread, after its commit.
  std::unique_ptr<store::WarcRoller> warc;
  if (!options_.warc_dir.empty()) {
    store::ArchiveCounts counts;
    if (Status s = archive_.Counts(&counts); !s.ok()) return s;
    warc = std::make_unique<store::WarcRoller>(options_.warc_dir, options_.warc_max_bytes,
                                               options_.software, counts.fetches);
  }

  auto write = [&](store::IngestBatch batch, std::function<void(const store::IngestResult&)> then) {
    boost::asio::post(writer, [&, batch = std::move(batch), then = std::move(then)] {
      {
        std::lock_guard lock(mutex);
        if (archive_failed) return;
      }
      store::IngestResult ingested;
      Status s = archive_.Ingest(batch, &ingested);
      std::lock_guard lock(mutex);
      if (!s.ok()) {
        archive_failed = true;
        result->archive_errors.push_back(s.message());
        boost::asio::post(io, [&] { frontier.Stop(); });
        return;
      }
      if (warc) {
        for (const store::NewFetch& fetch : batch.fetches) {
          if (Status w = warc->Add(fetch); !w.ok()) {
            result->archive_errors.push_back("WARC: " + w.message());
            warc.reset();  // no more WARC writing; the archive goes on
            break;
          }
        }
      }
      if (then) then(ingested);
    });
  };

  store::IngestBatch pages;
  auto flush_pages = [&] {
    if (pages.fetches.empty()) return;
    write(std::exchange(pages, {}), nullptr);
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
    if (!LoggedWithItsReport(page.role)) {
      pages.fetches.push_back(
          ingest::PageFetch(r, crawl::PageRoleName(page.role), ingest::NowUtc()));
      if (pages.fetches.size() >= kPageBatch) flush_pages();
    }
    if (progress) {
      std::lock_guard lock(mutex);
      progress(progress_now);
    }
  };

  std::vector<crawl::FoundReport> found;
  auto report_sink = [&](crawl::FoundReport report) {
    found.push_back(std::move(report));
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

  // The reports: text and records on the workers, each into the archive on the writer.
  result->reports.resize(found.size());
  const std::string now = ingest::NowUtc();
  for (size_t i = 0; i < found.size(); ++i) {
    boost::asio::post(pool, [&, i] {
      const crawl::FoundReport& report = found[i];
      ReportOutcome outcome;
      outcome.seed_code = report.place.code;
      outcome.column = report.place.column;
      outcome.title = report.place.list_title;
      outcome.list_date = report.place.list_date;
      outcome.year = report.place.year;
      ingest::PreparedReport prepared = ingest::PrepareReport(report, now, options_.convert);
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
            [&, i, document, outcome](const store::IngestResult& ingested) mutable {
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
              result->reports[i] = std::move(outcome);  // under `mutex` (see write)
            });
    });
  }
  pool.join();
  writer.join();
  if (warc) {
    if (Status w = warc->Close(); !w.ok()) result->archive_errors.push_back("WARC: " + w.message());
    result->warc_files = warc->files();
  }
  if (revisit && result->archive_errors.empty()) {
    result->revisits = revisit->stats();
    std::set<std::string> challenged;
    const std::set<std::string> whole =
        WholeWalks(rows, walks.walks(), result->interrupted, &challenged);
    Status s = RecordGoneMarks(archive_, revisit->sightings(), whole, challenged, revisit->now(),
                               options_.revisit.gone, &result->gone);
    if (!s.ok()) result->archive_errors.push_back("gone marks: " + s.message());
  }
  revisit.reset();
  fetcher.reset();
  return Status::Ok();
}

}  // namespace xxgk::harvest
