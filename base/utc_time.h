// UTC times as the archive writes them: RFC 3339 with a "Z" and whole seconds
// ("2026-11-22T08:15:00Z"), to and from std::chrono::system_clock. One home for what the fetch
// log, revisits and gone marks all need (ingest::NowUtc writes the same form).
// Thread-safe: pure functions.
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk {

using WallClock = std::chrono::system_clock;

inline std::string FormatUtc(WallClock::time_point t) {
  const std::time_t seconds = WallClock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "YYYY-MM-DDTHH:MM:SS" followed by "Z" (fractions of a second are ignored); nullopt otherwise.
inline std::optional<WallClock::time_point> ParseUtc(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string head(text.substr(0, 19));
  char t = 0;
  if (std::sscanf(head.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &t, &h, &mi, &s) != 7 ||
      (t != 'T' && t != 't' && t != ' ') || text.back() != 'Z' || mo < 1 || mo > 12 || d < 1 ||
      d > 31 || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return WallClock::from_time_t(timegm(&tm));
}

}  // namespace xxgk
