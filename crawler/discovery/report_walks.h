// ReportWalks: several seed rows walked at once over one CrawlFrontier (a harvest, or `xxgk fetch`
// of a county with its towns and departments): hosts take turns in the frontier, each row keeps
// its own scope, column paths and reports (report_walk.h). The frontier's idleness belongs to all
// walks together, so this set moves them on together: when it is idle, every walk queues its
// deferred seed columns; when none did, every walk hands its remaining reports to the sink. Each
// report handed on carries its walk's index (FoundReport::walk, the order of Add) and its order
// in that walk (FoundReport::order): sorted by both, the reports are in discovery order.
//
// Thread safety: the frontier's thread only.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "crawler/discovery/report_walk.h"

namespace xxgk::crawl {

class ReportWalks {
 public:
  ReportWalks(CrawlFrontier& frontier, WalkLimits limits, ReportWalk::PageSink page_sink,
              ReportWalk::ReportSink report_sink);

  // Adds a row's walk. REQUIRES: before Start.
  ReportWalk& Add(const seeds::SeedRow& row);
  // Starts every walk; `done` runs once all have finished. The caller runs the io_context.
  void Start(std::function<void()> done = {});

  const std::vector<std::unique_ptr<ReportWalk>>& walks() const { return walks_; }

 private:
  void Idle();

  CrawlFrontier& frontier_;
  WalkLimits limits_;
  ReportWalk::PageSink page_sink_;
  ReportWalk::ReportSink report_sink_;
  std::vector<std::unique_ptr<ReportWalk>> walks_;
  std::function<void()> done_;
  bool started_ = false, finished_ = false;
};

}  // namespace xxgk::crawl
