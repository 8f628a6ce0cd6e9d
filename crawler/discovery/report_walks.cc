// ReportWalks: see report_walks.h.
#include "crawler/discovery/report_walks.h"

#include <utility>

namespace xxgk::crawl {

ReportWalks::ReportWalks(CrawlFrontier& frontier, WalkLimits limits, ReportWalk::PageSink page_sink,
                         ReportWalk::ReportSink report_sink)
    : frontier_(frontier),
      limits_(limits),
      page_sink_(std::move(page_sink)),
      report_sink_(std::move(report_sink)) {}

ReportWalk& ReportWalks::Add(const seeds::SeedRow& row) {
  // Each report says which walk found it (FoundReport::walk), so that the reports of all walks
  // can be put back in discovery order whenever they are handed on.
  const size_t index = walks_.size();
  walks_.push_back(std::make_unique<ReportWalk>(
      row, frontier_, limits_, page_sink_, [this, index](FoundReport report) {
        report.walk = index;
        report_sink_(std::move(report));
      }));
  walks_.back()->set_idle_handler([this] { Idle(); });
  return *walks_.back();
}

void ReportWalks::Start(std::function<void()> done) {
  done_ = std::move(done);
  started_ = true;
  for (auto& walk : walks_) walk->Start();
  if (frontier_.idle()) Idle();
}

void ReportWalks::Idle() {
  if (!started_ || finished_) return;
  for (const auto& walk : walks_) {
    if (!walk->started()) return;  // Start is still admitting the roots
  }
  bool queued = false;
  for (auto& walk : walks_) queued |= walk->QueueDeferredColumns();
  if (queued || !frontier_.idle()) return;
  finished_ = true;
  for (auto& walk : walks_) walk->Finish();
  if (done_) std::exchange(done_, nullptr)();
}

}  // namespace xxgk::crawl
