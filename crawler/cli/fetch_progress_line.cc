// `xxgk fetch`'s per-host line and table. See fetch_progress_line.h.
#include "crawler/cli/fetch_progress_line.h"

#include <algorithm>
#include <cwchar>

#include "base/display_width.h"

namespace xxgk::cli {
namespace {

constexpr std::string_view kSeparator = " · ";

std::string Count(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// The order hosts are worth a look in: stopped, backing off, most work left, most done, name.
bool Before(const std::pair<std::string, harvest::HostOutcome>& a,
            const std::pair<std::string, harvest::HostOutcome>& b) {
  const auto rank = [](const harvest::HostOutcome& h) {
    return !h.blocked.empty() ? 0 : h.backing_off ? 1 : 2;
  };
  if (rank(a.second) != rank(b.second)) return rank(a.second) < rank(b.second);
  if (a.second.queued != b.second.queued) return a.second.queued > b.second.queued;
  if (a.second.pages != b.second.pages) return a.second.pages > b.second.pages;
  return a.first < b.first;
}

// Whether a host name is served over both http and https in `hosts` (then the label says which).
bool BothSchemes(const std::map<std::string, harvest::HostOutcome>& hosts, std::string_view key) {
  const std::string label = HostLabel(key);
  size_t n = 0;
  for (const auto& [other, h] : hosts) n += HostLabel(other) == label ? 1 : 0;
  return n > 1;
}

std::string PadLeft(const std::string& text, size_t width) {
  const size_t w = DisplayWidth(text);
  return w >= width ? text : std::string(width - w, ' ') + text;
}
std::string PadRight(const std::string& text, size_t width) {
  const size_t w = DisplayWidth(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

}  // namespace

std::string HostLabel(std::string_view key, bool show_scheme) {
  std::string_view scheme;
  if (const size_t at = key.find("://"); at != std::string_view::npos) {
    scheme = key.substr(0, at);
    key.remove_prefix(at + 3);
  }
  if ((scheme == "http" && key.ends_with(":80")) || (scheme == "https" && key.ends_with(":443"))) {
    key.remove_suffix(scheme == "http" ? 3 : 4);
  }
  return show_scheme && !scheme.empty() ? std::string(scheme) + "://" + std::string(key)
                                        : std::string(key);
}

std::string HostSummary(std::string_view label, const harvest::HostOutcome& host, bool brief) {
  std::string out(label);
  if (!host.blocked.empty()) out += brief ? " stopped" : " stopped (" + host.blocked + ")";
  if (host.backing_off) out += " backoff";
  if (host.queued > 0) out += " " + std::to_string(host.queued) + " queued";
  out += " " + std::to_string(host.pages) + " done";
  if (host.errors > 0) out += " " + std::to_string(host.errors) + " failed";
  return out;
}

std::string FetchProgressLine(const harvest::FetchProgress& progress, size_t width) {
  std::string line = Count(progress.pages, "page", "pages") + ", " +
                     Count(progress.errors, "error", "errors") + ", " +
                     Count(progress.reports_found, "report", "reports");
  if (DisplayWidth(line) >= width) return FitToWidth(line, width);
  std::vector<std::pair<std::string, harvest::HostOutcome>> hosts(progress.by_host.begin(),
                                                                   progress.by_host.end());
  std::sort(hosts.begin(), hosts.end(), Before);
  const size_t separator = DisplayWidth(kSeparator);
  auto more = [&](size_t n) { return std::string(kSeparator) + "+" + Count(n, "host", "hosts"); };
  size_t used = DisplayWidth(line);
  for (size_t i = 0; i < hosts.size(); ++i) {
    const std::string label =
        HostLabel(hosts[i].first, BothSchemes(progress.by_host, hosts[i].first));
    const size_t left = hosts.size() - i - 1;
    // This host whole, else without its stop reason; with room for "+N hosts" when more follow.
    const size_t tail = left > 0 ? DisplayWidth(more(left)) : 0;
    std::string item = HostSummary(label, hosts[i].second, /*brief=*/false);
    if (used + separator + DisplayWidth(item) + tail > width) {
      item = HostSummary(label, hosts[i].second, /*brief=*/true);
    }
    if (used + separator + DisplayWidth(item) + tail > width) {
      if (used + DisplayWidth(more(hosts.size() - i)) <= width) line += more(hosts.size() - i);
      break;
    }
    line += std::string(kSeparator) + item;
    used += separator + DisplayWidth(item);
  }
  return line;
}

std::vector<std::string> HostTable(const std::map<std::string, harvest::HostOutcome>& hosts) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, h] : hosts) {
    const std::string state = h.blocked.empty() ? "ok" : "stopped: " + h.blocked;
    rows.push_back({HostLabel(key, BothSchemes(hosts, key)), std::to_string(h.pages),
                    std::to_string(h.errors), std::to_string(h.skipped), state});
  }
  std::sort(rows.begin(), rows.end());  // by the name a user reads
  rows.insert(rows.begin(), {"host", "pages", "failed", "skipped", "state"});
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::string line = PadRight(row[0], widths[0]);
    for (size_t c = 1; c + 1 < row.size(); ++c) line += "  " + PadLeft(row[c], widths[c]);
    line += "  " + row.back();
    out.push_back(std::move(line));
  }
  return out;
}

std::string FitToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  constexpr std::string_view kEllipsis = "…";
  const size_t budget = width - std::min(width, DisplayWidth(kEllipsis));
  // Whole characters while they fit (a byte that does not decode counts as one, as in
  // DisplayWidth).
  std::mbstate_t state{};
  size_t at = 0, used = 0;
  while (at < text.size()) {
    wchar_t c;
    size_t n = std::mbrtowc(&c, text.data() + at, text.size() - at, &state);
    size_t w = 1;
    if (n == 0 || n == static_cast<size_t>(-1) || n == static_cast<size_t>(-2)) {
      n = 1;
      state = std::mbstate_t{};
    } else {
      const int cw = ::wcwidth(c);
      w = cw > 0 ? static_cast<size_t>(cw) : 0;
    }
    if (used + w > budget) break;
    used += w;
    at += n;
  }
  return std::string(text.substr(0, at)) + (budget < width ? std::string(kEllipsis) : "");
}

}  // namespace xxgk::cli
