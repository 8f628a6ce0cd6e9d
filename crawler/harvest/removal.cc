// Removal from the portal: see removal.h.
#include "crawler/harvest/removal.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace xxgk::harvest {

Status ReadGoneMarks(const store::Archive& archive, std::map<std::string, store::GoneMark>* gone) {
  std::string from, next;
  std::vector<store::GoneMark> marks;
  do {
    if (Status s = archive.ScanGoneMarks(from, 1024, &marks, &next); !s.ok()) return s;
    for (store::GoneMark& mark : marks) {
      if (mark.gone()) (*gone)[mark.url] = std::move(mark);
    }
    from = next;
  } while (!next.empty());
  return Status::Ok();
}

std::optional<Removal> RemovalOf(const std::vector<store::DocumentSource>& sources,
                                 const std::map<std::string, store::GoneMark>& gone) {
  if (gone.empty()) return std::nullopt;
  const store::GoneMark* latest = nullptr;
  for (const store::DocumentSource& src : sources) {
    if (src.kind != "url") continue;
    const store::GoneMark* first = nullptr;
    for (const std::string* url : {&src.origin, &src.page}) {
      auto it = url->empty() ? gone.end() : gone.find(*url);
      if (it != gone.end() && (!first || it->second.gone_since < first->gone_since)) {
        first = &it->second;
      }
    }
    if (!first) return std::nullopt;  // this copy is still on the portal (or was never judged)
    if (!latest || first->gone_since > latest->gone_since) latest = first;
  }
  if (!latest) return std::nullopt;  // imported only
  return Removal{ChinaDate(latest->gone_since), latest->reason};
}

std::string ChinaDate(const std::string& rfc3339) {
  int y = 0, m = 0, d = 0, hour = 0;
  if (rfc3339.size() < 13 ||
      std::sscanf(rfc3339.c_str(), "%d-%d-%dT%d", &y, &m, &d, &hour) != 4) {
    return rfc3339.substr(0, 10);
  }
  if (hour < 16) return rfc3339.substr(0, 10);
  using namespace std::chrono;
  const year_month_day next(sys_days(year{y} / month{static_cast<unsigned>(m)} /
                                     day{static_cast<unsigned>(d)}) +
                            days{1});
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(next.year()),
                static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
  return buf;
}

}  // namespace xxgk::harvest
