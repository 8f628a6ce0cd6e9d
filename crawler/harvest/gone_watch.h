// GoneWatch: which report URLs a portal took down — the rules that turn what one run saw of a
// known report URL into its gone mark in the archive (store::GoneMark, table `gone`).
//
// What a run can see of a report URL the archive holds (a report page or an attachment):
//   removed    it answers 404 or 410; or it redirects to the portal's home page (path "/" or
//              "/index.*") or to one of its own ancestor directories (its column: ".../xzf/" for
//              ".../xzf/202401/t20240129_1.shtml"); or it was not listed at all while its seed
//              row's walk ran whole (below);
//   present    it answers 2xx (or 304 to a conditional request): any mark is removed;
//   transient  anything else (no answer, timeouts, 5xx, 429, 403, robots.txt): the mark is left
//              as it is — neither counted nor reset;
//   unchecked  answered from the archive without a request (younger than the revisit interval).
// A mark counts the *runs* in a streak of removals. It becomes gone only when the streak has at
// least GonePolicy::min_runs runs and spans at least GonePolicy::gone_after, so that a portal
// down for a weekend, or a list rebuilt overnight, removes nothing. gone_since is then the first
// run of the streak (the date first seen gone). The archive keeps every document either way.
//
// "Not listed" is judged only where a list that still loads can be trusted to be complete: the
// run was not interrupted, the seed row's walk hit no limit and found at least one report, the
// URL's host answered some non-report page with 2xx in the run, none of its non-report pages
// failed transiently, and no challenge was met on it. The report URLs a seed row published are its documents'
// sources with that seed_code (the source's page, else its origin).
// Thread safety: pure functions, except RecordGoneMarks (one archive transaction).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/utc_time.h"
#include "crawler/discovery/report_walk.h"
#include "crawler/fetch/fetch_result.h"
#include "crawler/seeds/seed_list.h"
#include "store/archive.h"

namespace xxgk::harvest {

struct GonePolicy {
  std::chrono::seconds gone_after{3 * 24 * 3600};  // the streak spans at least this long
  uint32_t min_runs = 2;                           // ... and has at least this many runs
};

struct Sighting {
  enum class Kind { kPresent, kRemoved, kTransient, kUnchecked };
  Kind kind = Kind::kUnchecked;
  std::string reason;  // for kRemoved: http_404, http_410, redirect_home, redirect_column, unlisted
};

// What one run saw, collected by the RevisitSource (revisit_source.h) as answers arrive.
struct RunSightings {
  std::map<std::string, Sighting> reports;  // known report URLs requested in the run
  std::set<std::string> requested;          // every URL requested or reached (canonical)
  std::set<std::string> answering_hosts;    // hosts that answered a non-report page with 2xx
  std::set<std::string> troubled_hosts;     // hosts where a non-report page failed transiently
};

// What a fetch result of a known report URL says about it.
Sighting SightingOf(const crawl::FetchResult& result);
// "redirect_home" or "redirect_column" when `result` was redirected there, else "".
std::string RemovalRedirect(const crawl::FetchResult& result);

// The mark after one run's sighting at `now` (nullopt: no mark). `run_id` is the run's
// (store::RunJournal::id): a removal is counted once per run, even when the run is resumed after
// a kill and sees it again at a later `now`. "" for none (then only `now` tells runs apart).
std::optional<store::GoneMark> NextMark(const std::optional<store::GoneMark>& old,
                                        const Sighting& sighting, std::string_view seed_code,
                                        WallClock::time_point now, const GonePolicy& policy,
                                        std::string_view run_id = "");

// The seed codes of `rows` whose walk ran whole (see above). `walks` are the run's walks, in the
// order of `rows`. A challenge does not spoil a walk: the hosts it was met on are added to
// `*challenged` (host keys), and no URL on them is judged unlisted — a county's 政务服务 host
// behind a JS shield says nothing of the report column on its main host.
std::set<std::string> WholeWalks(const std::vector<const seeds::SeedRow*>& rows,
                                 const std::vector<std::unique_ptr<crawl::ReportWalk>>& walks,
                                 bool interrupted, std::set<std::string>* challenged);

struct GoneUpdate {
  size_t suspected = 0;  // marks written that are not gone (yet)
  std::vector<std::string> newly_gone;  // URLs that became gone in this run
  size_t cleared = 0;    // marks removed: the URL answered again
  size_t unlisted = 0;   // known report URLs seen missing from their lists
};

// Writes the run's sightings (and the unlisted reports of `whole_seeds`) as gone marks, in one
// transaction; `run_id` as for NextMark. Reads only the archive's sources filed under the hosts
// that answered in the run or of the report URLs it requested (Archive::SourcesOfHost), not every
// source: a national harvest calls it once per county.
Status RecordGoneMarks(store::Archive& archive, const RunSightings& run,
                       const std::set<std::string>& whole_seeds,
                       const std::set<std::string>& challenged_hosts, WallClock::time_point now,
                       const GonePolicy& policy, std::string_view run_id,
                       GoneUpdate* update);

// The host key ("http://h:80") of a URL, "" if it does not parse.
std::string HostKeyOf(std::string_view url);
// A source's report URL: the page that linked it, else its own origin.
inline const std::string& ReportUrlOf(const store::DocumentSource& source) {
  return source.page.empty() ? source.origin : source.page;
}

}  // namespace xxgk::harvest
