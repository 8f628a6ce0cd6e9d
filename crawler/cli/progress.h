// Progress on a terminal: a single status line on standard error ("rebuilding 1200/5000 (24%,
// 830/s, ETA 4 s, 2 errors)"), redrawn at most ten times a second, shown only when standard error
// is a terminal and the work has lasted over a second; nothing when it is a pipe or file.
// Finish() erases it, so the final summary stands alone. Not thread-safe: call from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace xxgk::cli {

// "42 s", "3 min 05 s", "2 h 07 min".
std::string FormatDuration(double seconds);

class Progress {
 public:
  // `total` 0 means unknown.
  Progress(std::string label, uint64_t total);
  ~Progress() { Finish(); }
  void Update(uint64_t done);
  // Draws `line` instead of the label and count (same throttling), for work whose progress is
  // several counters (`xxgk fetch`: pages, errors, reports).
  void Show(const std::string& line);
  void AddError() { ++errors_; }  // counted on the line
  // Columns `line` may take in Show(): the terminal's width (stderr's, else $COLUMNS, else
  // 80) less the label's and a column kept free so the line never wraps.
  size_t LineWidth() const;
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  uint64_t total_;
  uint64_t errors_ = 0;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
};

}  // namespace xxgk::cli
