// Terminal progress line. See progress.h.
#include "crawler/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace xxgk::cli {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_draw_ < std::chrono::milliseconds(100)) {
    return;
  }
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  if (total_ > 0) {
    std::fprintf(stderr, "\r\033[K%s %llu/%llu (%.0f%%, %.0f/s)", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 100.0 * static_cast<double>(done) / static_cast<double>(total_), rate);
  } else {
    std::fprintf(stderr, "\r\033[K%s %llu (%.0f/s)", label_.c_str(),
                 static_cast<unsigned long long>(done), rate);
  }
  std::fflush(stderr);
  shown_ = true;
}

void Progress::Show(const std::string& line) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_draw_ < std::chrono::milliseconds(100)) {
    return;
  }
  last_draw_ = now;
  std::fprintf(stderr, "\r\033[K%s %s", label_.c_str(), line.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::Finish() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace xxgk::cli
