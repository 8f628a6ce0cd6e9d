// Removal: whether the portal took a document down, from its sources and the archive's gone
// marks — the one rule `xxgk report` (coverage.h) and `xxgk export` (the `source` object's
// removed_since / removed_reason) both show:
//   every source of it that was crawled (kind "url"; imported files say nothing of the portal)
//   is gone, a source being gone when the gone mark (store::GoneMark, gone_watch.h) of its own
//   URL or of the report page that linked it is gone — suspected marks do not count. Since: the
//   day (China Standard Time) its last source went, per source the earlier of its two marks.
// Thread safety: pure functions, except ReadGoneMarks (one archive read).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/archive.h"

namespace xxgk::harvest {

struct Removal {
  std::string since;   // YYYY-MM-DD, China Standard Time
  std::string reason;  // the latest gone source's: http_404, http_410, redirect_home, …
};

// The gone marks of the archive that are gone, by URL.
Status ReadGoneMarks(const store::Archive& archive, std::map<std::string, store::GoneMark>* gone);

// The removal of a document with `sources`, nullopt while it is still on the portal (or never
// crawled).
std::optional<Removal> RemovalOf(const std::vector<store::DocumentSource>& sources,
                                 const std::map<std::string, store::GoneMark>& gone);

// The date (YYYY-MM-DD) in China Standard Time (UTC+8) of an RFC 3339 UTC time.
std::string ChinaDate(const std::string& rfc3339);

}  // namespace xxgk::harvest
