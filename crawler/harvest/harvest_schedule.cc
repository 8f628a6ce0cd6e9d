// --every DURATION and the grid of round starts. See harvest_schedule.h.
#include "crawler/harvest/harvest_schedule.h"

#include <cctype>
#include <charconv>

namespace xxgk::harvest {
namespace {

constexpr int64_t kMaxSeconds = int64_t{366} * 86400;
constexpr char kForm[] =
    "a duration is whole numbers each with a unit s, m, h or d, such as 30m, 6h, 24h, 7d or 1h30m";

// The seconds of a unit letter, 0 for none.
int64_t UnitSeconds(char unit) {
  switch (unit) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    case 'd': return 86400;
    default: return 0;
  }
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

Status ParseEvery(std::string_view text, std::chrono::seconds* every) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (AllDigits(text)) {
    return Status::Error(quoted + " has no unit (" + std::string(text) + "h? " +
                         std::string(text) + "m?); " + kForm);
  }
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t digits = i;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + digits, n);
    const int64_t unit = digits < text.size() ? UnitSeconds(text[digits]) : 0;
    if (digits == i || ec != std::errc() || end != text.data() + digits || unit == 0) {
      return Status::Error("not a duration: " + quoted + "; " + kForm);
    }
    if (n > kMaxSeconds / unit || (total += n * unit) > kMaxSeconds) {
      return Status::Error(quoted + " is longer than 366d");
    }
    i = digits + 1;
  }
  if (text.empty()) return Status::Error("no duration given; " + std::string(kForm));
  if (total == 0) return Status::Error(quoted + " is no interval: it must be at least 1s");
  *every = std::chrono::seconds(total);
  return Status::Ok();
}

HarvestSchedule::HarvestSchedule(Clock::duration every, Clock::time_point first_start)
    : every_(every), first_(first_start) {}

HarvestSchedule::NextRound HarvestSchedule::AfterRound(Clock::time_point round_end) {
  NextRound next;
  next.round = ++round_;
  const Clock::duration elapsed = round_end - first_;
  // The latest grid point strictly before the end: a round that ends exactly on the next point
  // did not run over (it starts with no wait).
  const uint64_t passed = elapsed.count() > 0
                              ? static_cast<uint64_t>((elapsed.count() - 1) / every_.count())
                              : 0;
  if (passed > point_) {
    next.ran_over = true;
    next.over = round_end - (first_ + static_cast<int64_t>(point_ + 1) * every_);
    next.skipped = passed - point_ - 1;
    next.start = round_end;
    point_ = passed;
    return next;
  }
  ++point_;
  next.start = first_ + static_cast<int64_t>(point_) * every_;
  return next;
}

}  // namespace xxgk::harvest
