// HarvestRun: counties one after another through FetchRun. See harvest_run.h.
#include "crawler/harvest/harvest_run.h"

#include <chrono>

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

HarvestRun::HarvestRun(store::Archive& archive, FetchRunOptions options)
    : archive_(archive), options_(std::move(options)) {}

void HarvestRun::Stop() {
  stop_requested_ = true;
  std::lock_guard lock(run_mutex_);
  if (current_ != nullptr) current_->Stop();
}

void HarvestRun::Run(const std::vector<seeds::CountySelection>& counties,
                     std::vector<CountyOutcome>* outcomes,
                     const std::function<void(const HarvestProgress&)>& progress) {
  outcomes->assign(counties.size(), CountyOutcome{});
  bool archive_failed = false;
  for (size_t i = 0; i < counties.size(); ++i) {
    CountyOutcome& out = (*outcomes)[i];
    out.code = counties[i].code;
    out.name = counties[i].name;
    out.rows = counties[i].rows.size();
    if (stop_requested_ || archive_failed) continue;  // kNotRun

    FetchRun run(archive_, options_);
    {
      std::lock_guard lock(run_mutex_);
      current_ = &run;
      if (stop_requested_) run.Stop();
    }
    const auto started = std::chrono::steady_clock::now();
    HarvestProgress now{i, counties.size(), nullptr, {}};
    const Status s = run.Run(counties[i].rows, &out.result, [&](const FetchProgress& p) {
      if (!progress) return;
      now.pages = p;
      progress(now);
    });
    {
      std::lock_guard lock(run_mutex_);
      current_ = nullptr;
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!s.ok()) {
      out.state = CountyOutcome::State::kFailed;
      out.error = s.message();
    } else if (!out.result.archive_errors.empty()) {
      out.state = CountyOutcome::State::kFailed;
      out.error = "archive: " + out.result.archive_errors.front();
      archive_failed = true;
    } else if (out.result.interrupted) {
      out.state = CountyOutcome::State::kInterrupted;
    } else if (std::string failure = FailureOf(out.result); !failure.empty()) {
      out.state = CountyOutcome::State::kFailed;
      out.error = std::move(failure);
    } else {
      out.state = CountyOutcome::State::kDone;
    }
    if (progress) {
      now.finished = &out;
      progress(now);
    }
  }
}

}  // namespace xxgk::harvest
