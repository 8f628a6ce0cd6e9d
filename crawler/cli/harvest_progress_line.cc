// `xxgk harvest`'s live line. See harvest_progress_line.h.
#include "crawler/cli/harvest_progress_line.h"

#include <algorithm>
#include <set>

#include "base/display_width.h"

#include "crawler/cli/fetch_progress_line.h"
#include "crawler/cli/progress.h"

namespace xxgk::cli {
namespace {

constexpr std::string_view kSeparator = " · ";

}  // namespace

HarvestLiveView::HarvestLiveView(const std::vector<seeds::CountySelection>& counties,
                                 Clock::time_point start)
    : start_(start) {
  for (const seeds::CountySelection& c : counties) {
    names_.push_back(c.name);
    hosts_.push_back(std::max<size_t>(1, harvest::SeedHosts(c).size()));
    total_hosts_ += hosts_.back();
  }
}

void HarvestLiveView::Update(const harvest::HarvestProgress& p) {
  if (p.county >= names_.size()) return;
  if (p.finished == nullptr) {
    walking_[p.county].pages = p.pages;
    return;
  }
  walking_.erase(p.county);
  ++ended_;
  ended_hosts_ += hosts_[p.county];
  const harvest::FetchRunResult& r = p.finished->result;
  pages_ += r.pages;
  errors_ += r.failures.size();
  reports_ += r.reports.size();
}

std::string HarvestLiveView::Line(size_t width, Clock::time_point now) const {
  size_t pages = pages_, errors = errors_, reports = reports_, busy = 0;
  for (const auto& [county, w] : walking_) {
    pages += w.pages.pages;
    errors += w.pages.errors;
    reports += w.pages.reports_found;
    for (const auto& [host, h] : w.pages.by_host) busy += h.queued > 0 ? 1 : 0;
  }
  std::string line = std::to_string(ended_) + "/" + std::to_string(names_.size()) + " counties, " +
                     std::to_string(walking_.size()) + " walking, " + std::to_string(busy) +
                     (busy == 1 ? " host busy" : " hosts busy");
  line += std::string(kSeparator) + std::to_string(pages) + " pages, " + std::to_string(errors) +
          (errors == 1 ? " error, " : " errors, ") + std::to_string(reports) +
          (reports == 1 ? " report" : " reports");
  if (ended_hosts_ > 0 && ended_ < names_.size()) {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double left = elapsed * static_cast<double>(total_hosts_ - ended_hosts_) /
                        static_cast<double>(ended_hosts_);
    line += std::string(kSeparator) + "ETA " + FormatDuration(left);
  }
  line = FitToWidth(line, width);
  for (const auto& [county, w] : walking_) {
    const std::string more = std::string(kSeparator) + names_[county] + " " +
                             std::to_string(w.pages.pages) + " pages";
    if (DisplayWidth(line + more) > width) break;
    line += more;
  }
  return line;
}

}  // namespace xxgk::cli
