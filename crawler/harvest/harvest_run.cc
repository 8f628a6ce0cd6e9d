// HarvestRun: counties through FetchRun, several at a time, one WARC roller for all. See harvest_run.h.
#include "crawler/harvest/harvest_run.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "crawler/ingest/document_pipeline.h"
#include "store/warc_roller.h"

namespace xxgk::harvest {
namespace {

// Why a county that ran counts as failed, "" when it does not: no page answered (every request
// failed or was refused), so nothing of the county could be seen.
std::string FailureOf(const FetchRunResult& result) {
  const size_t refused_or_failed = result.failures.size() + result.skipped.size();
  if (result.pages > refused_or_failed) return "";
  if (!result.failures.empty()) {
    return "no page answered (" + result.failures.front().url + ": " +
           result.failures.front().reason + ")";
  }
  if (!result.skipped.empty()) {
    return "every page refused (" + result.skipped.front().url + ": " +
           result.skipped.front().reason + ")";
  }
  return "nothing was fetched";
}

}  // namespace

std::set<std::string> SeedHosts(const seeds::CountySelection& county) {
  std::set<std::string> hosts;
  for (const seeds::SeedRow* row : county.rows) {
    hosts.insert(row->portal_url.host_key().str());
    for (const crawl::CanonicalUrl& column : row->column_urls) hosts.insert(column.host_key().str());
  }
  return hosts;
}


size_t CountyOutcome::duplicates() const {
  size_t n = 0;
  for (const ReportOutcome& r : result.reports) n += r.state == ReportOutcome::State::kDuplicate;
  return n;
}

size_t CountyOutcome::no_document() const {
  size_t n = 0;
  for (const ReportOutcome& r : result.reports) n += r.state == ReportOutcome::State::kNoDocument;
  return n;
}

std::string_view CountyStateName(CountyOutcome::State state) {
  switch (state) {
    case CountyOutcome::State::kDone: return "done";
    case CountyOutcome::State::kFailed: return "failed";
    case CountyOutcome::State::kInterrupted: return "interrupted";
    case CountyOutcome::State::kNotRun: return "not_run";
  }
  return "?";
}

HarvestRun::HarvestRun(store::Archive& archive, FetchRunOptions options, size_t counties_at_once)
    : archive_(archive), options_(std::move(options)), at_once_(std::max<size_t>(1, counties_at_once)) {}

void HarvestRun::Stop() {
  stop_requested_ = true;
  std::lock_guard lock(run_mutex_);
  for (FetchRun* run : current_) run->Stop();
}

void HarvestRun::Walk(const seeds::CountySelection& county, const FetchRunOptions& options,
                      const std::function<void(const FetchProgress&)>& progress,
                      CountyOutcome* out) {
  FetchRun run(archive_, options);
  {
    std::lock_guard lock(run_mutex_);
    current_.insert(&run);
    if (stop_requested_) run.Stop();
  }
  const auto started = std::chrono::steady_clock::now();
  const Status s = run.Run(county.rows, &out->result, progress);
  {
    std::lock_guard lock(run_mutex_);
    current_.erase(&run);
  }
  out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!s.ok()) {
    out->state = CountyOutcome::State::kFailed;
    out->error = s.message();
  } else if (!out->result.archive_errors.empty()) {
    out->state = CountyOutcome::State::kFailed;
    out->error = "archive: " + out->result.archive_errors.front();
  } else if (out->result.interrupted) {
    out->state = CountyOutcome::State::kInterrupted;
  } else if (std::string failure = FailureOf(out->result); !failure.empty()) {
    out->state = CountyOutcome::State::kFailed;
    out->error = std::move(failure);
  } else if (Status done = archive_.MarkRunPartDone(journal_.number, county.code); !done.ok()) {
    out->state = CountyOutcome::State::kFailed;
    out->error = "archive: " + done.message();
    out->result.archive_errors.push_back(done.message());
  } else {
    out->state = CountyOutcome::State::kDone;
  }
}

Status HarvestRun::Run(const std::vector<seeds::CountySelection>& counties,
                       std::vector<CountyOutcome>* outcomes,
                       const std::function<void(const HarvestProgress&)>& progress) {
  outcomes->assign(counties.size(), CountyOutcome{});
  for (size_t i = 0; i < counties.size(); ++i) {
    (*outcomes)[i].code = counties[i].code;
    (*outcomes)[i].name = counties[i].name;
    (*outcomes)[i].rows = counties[i].rows.size();
  }
  // One run for the whole harvest: every county's rows, in order, with the limits.
  std::vector<const seeds::SeedRow*> all_rows;
  for (const seeds::CountySelection& c : counties) {
    all_rows.insert(all_rows.end(), c.rows.begin(), c.rows.end());
  }
  bool resumed = false;
  if (Status s = archive_.BeginRun(RunFingerprint(all_rows, options_), ingest::NowUtc(),
                                   options_.resume, &journal_, &resumed);
      !s.ok()) {
    return s;
  }
  if (options_.began) options_.began(journal_, resumed);
  const std::set<std::string> done_before(journal_.parts_done.begin(), journal_.parts_done.end());
  FetchRunOptions county_options = options_;
  county_options.join = &journal_;
  county_options.join_resumed = resumed;
  // One WARC roller for every county (harvest_run.h), its numbers from the archive's log.
  std::shared_ptr<store::WarcRoller> warc = options_.warc;
  if (!warc && !options_.warc_dir.empty()) {
    uint64_t next_fetch = 0;
    if (Status s = archive_.NextFetch(&next_fetch); !s.ok()) return s;
    warc = std::make_shared<store::WarcRoller>(options_.warc_dir, options_.warc_max_bytes,
                                               options_.software, next_fetch);
    county_options.warc = warc;
  }
  // The budget of bodies in flight is the harvest's: each county walked at once has its own
  // fetch engine, so each gets its share (a harvest of 4 at once holds what one would).
  if (const size_t at_once = std::min(at_once_, std::max<size_t>(1, counties.size()));
      county_options.fetcher.max_inflight_bytes > 0 && at_once > 1) {
    county_options.fetcher.max_inflight_bytes =
        std::max<size_t>(1, county_options.fetcher.max_inflight_bytes / at_once);
  }
  if (county_options.workers == 0) {
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    county_options.workers =
        static_cast<unsigned>(std::max<size_t>(1, cores / std::min(at_once_, counties.size() + 1)));
  }

  // The scheduler's state, guarded by `mutex`; `changed` wakes Run when a county ends.
  std::mutex mutex;
  std::condition_variable changed;
  std::mutex progress_mutex;  // one progress call at a time
  std::vector<std::set<std::string>> hosts(counties.size());
  for (size_t i = 0; i < counties.size(); ++i) hosts[i] = SeedHosts(counties[i]);
  std::multiset<std::string> busy_hosts;
  std::vector<bool> taken(counties.size(), false);
  std::map<size_t, std::thread> threads;  // by county; joined once ended
  std::vector<size_t> ended_threads;
  size_t walking = 0, ended = 0;
  bool archive_failed = false;

  auto report = [&](size_t i, const CountyOutcome* finished, const FetchProgress* pages) {
    if (!progress) return;
    std::lock_guard lock(progress_mutex);
    HarvestProgress now{i, counties.size(), 0, 0, finished, {}};
    {
      std::lock_guard state(mutex);
      now.walking = walking;
      now.ended = ended;
    }
    if (pages != nullptr) now.pages = *pages;
    progress(now);
  };
  auto shares_a_host = [&](size_t i) {
    for (const std::string& host : hosts[i]) {
      if (busy_hosts.count(host) != 0) return true;
    }
    return false;
  };

  std::unique_lock lock(mutex);
  for (;;) {
    for (size_t t : std::exchange(ended_threads, {})) {
      std::thread done = std::move(threads.at(t));
      threads.erase(t);
      lock.unlock();
      done.join();
      lock.lock();
    }
    if (stop_requested_ || archive_failed) break;  // the counties left are kNotRun
    // The first county not taken yet that shares no host with one being walked.
    std::optional<size_t> next;
    bool left = false;
    for (size_t i = 0; i < counties.size() && !next; ++i) {
      if (taken[i]) continue;
      left = true;
      if (walking < at_once_ && !shares_a_host(i)) next = i;
    }
    if (!left && walking == 0) break;
    if (!next) {
      changed.wait(lock);
      continue;
    }
    const size_t i = *next;
    taken[i] = true;
    CountyOutcome& out = (*outcomes)[i];
    if (resumed && done_before.count(counties[i].code) != 0) {
      out.state = CountyOutcome::State::kDone;
      out.done_earlier = true;
      ++ended;
      lock.unlock();
      report(i, &out, nullptr);
      lock.lock();
      continue;
    }
    ++walking;
    for (const std::string& host : hosts[i]) busy_hosts.insert(host);
    threads.emplace(i, std::thread([&, i] {
      CountyOutcome& county = (*outcomes)[i];
      Walk(counties[i], county_options, [&](const FetchProgress& p) { report(i, nullptr, &p); },
           &county);
      {
        std::lock_guard state(mutex);
        --walking;
        ++ended;
        for (const std::string& host : hosts[i]) busy_hosts.erase(busy_hosts.find(host));
        archive_failed |= !county.result.archive_errors.empty();
        ended_threads.push_back(i);
      }
      report(i, &county, nullptr);
      changed.notify_all();
    }));
  }
  lock.unlock();
  for (auto& [i, thread] : threads) thread.join();
  if (warc && warc != options_.warc) {
    if (Status s = warc->Close(); !s.ok()) warc_error_ = s.message();
    warc_files_ = warc->files();
  }

  // The journal's last word: completed once every county was walked (a failed county too: its
  // portal answered nothing, and a new harvest asks it again), stopped after Stop() (resumable).
  // After an archive error the run stays "running", and the next harvest resumes it.
  if (archive_failed) return Status::Ok();
  return archive_.EndRun(journal_.number, stop_requested_ ? store::kRunStopped : store::kRunCompleted,
                         ingest::NowUtc());
}

}  // namespace xxgk::harvest
