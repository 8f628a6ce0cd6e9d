// What `xxgk harvest` shows on a terminal as it goes: one live line of the whole harvest —
// counties ended and being walked, hosts busy, pages, errors and reports so far, and an ETA by
// the seed hosts left — then the counties being walked, as many as fit. HarvestLiveView keeps
// what the harvest's progress calls said (harvest::HarvestProgress, one county at a time) and
// formats it; the clock is passed in, so tests check the text on fixed states. progress.h draws
// the line, harvest_command.cc feeds it.
//
// The ETA counts seed hosts (the portal and column hosts of each county's rows, as HarvestRun
// schedules by them), not counties: a county with its towns and departments on thirty hosts is
// thirty times the work of a one-host county. It is the time so far × hosts left / hosts ended,
// shown once a county has ended. Widths are terminal columns (base/display_width.h).
// Thread safety: not thread-safe; HarvestRun's progress calls come one at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "crawler/harvest/harvest_run.h"
#include "crawler/seeds/seed_selection.h"

namespace xxgk::cli {

class HarvestLiveView {
 public:
  using Clock = std::chrono::steady_clock;
  HarvestLiveView(const std::vector<seeds::CountySelection>& counties, Clock::time_point start);

  void Update(const harvest::HarvestProgress& progress);

  // "12/500 counties, 4 walking, 9 hosts busy · 3120 pages, 12 errors, 260 reports · ETA 1 h 20
  // min · 星河县 80 pages · 月亮县 12 pages", at most `width` columns.
  std::string Line(size_t width, Clock::time_point now) const;

 private:
  struct Walking {
    harvest::FetchProgress pages;
  };
  std::vector<std::string> names_;
  std::vector<size_t> hosts_;  // seed hosts of each county
  size_t total_hosts_ = 0;
  size_t ended_hosts_ = 0;
  size_t ended_ = 0;
  Clock::time_point start_;
  // Totals of the counties ended, and the live progress of those being walked (by index).
  size_t pages_ = 0, errors_ = 0, reports_ = 0;
  std::map<size_t, Walking> walking_;
};

}  // namespace xxgk::cli
