// Terminal progress line. See progress.h.
#include "crawler/cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/display_width.h"

namespace xxgk::cli {

std::string FormatDuration(double seconds) {
  const long long s = static_cast<long long>(seconds + 0.5);
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%lld s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", s / 3600, s % 3600 / 60);
  }
  return buf;
}

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
  const std::string errors =
      errors_ > 0 ? ", " + std::to_string(errors_) + (errors_ == 1 ? " error" : " errors") : "";
  if (total_ > 0) {
    // ETA from the mean rate so far: the work is many similar documents.
    const double left = rate > 0 && done < total_ ? static_cast<double>(total_ - done) / rate : 0;
    std::fprintf(stderr, "\r\033[K%s %llu/%llu (%.0f%%, %.0f/s, ETA %s%s)", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 100.0 * static_cast<double>(done) / static_cast<double>(total_), rate,
                 FormatDuration(left).c_str(), errors.c_str());
  } else {
    std::fprintf(stderr, "\r\033[K%s %llu (%.0f/s%s)", label_.c_str(),
                 static_cast<unsigned long long>(done), rate, errors.c_str());
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

size_t Progress::LineWidth() const {
  size_t columns = 80;
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    columns = size.ws_col;
  } else if (const char* env = std::getenv("COLUMNS"); env != nullptr && std::atoi(env) > 0) {
    columns = static_cast<size_t>(std::atoi(env));
  }
  const size_t taken = DisplayWidth(label_) + 2;  // the label, its space, the free last column
  return columns > taken ? columns - taken : 0;
}

void Progress::Finish() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace xxgk::cli
