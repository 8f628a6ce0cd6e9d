// GoneWatch: sightings of report URLs → gone marks. See gone_watch.h.
#include "crawler/harvest/gone_watch.h"

#include <map>
#include <utility>

#include "crawler/url/url_canon.h"
#include "store/source_host.h"

namespace xxgk::harvest {
namespace {

// The last path segment names an index page ("index.shtml", "default.htm", "index.jsp", …).
bool IsIndexFile(std::string_view segment) {
  return segment.rfind("index.", 0) == 0 || segment.rfind("default.", 0) == 0;
}

// The directory a path names: itself when it ends with '/', its directory when its last segment
// is an index page, else "" (a document, not a directory).
std::string DirectoryNamed(const std::string& path) {
  if (!path.empty() && path.back() == '/') return path;
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || !IsIndexFile(std::string_view(path).substr(slash + 1))) {
    return "";
  }
  return path.substr(0, slash + 1);
}

}  // namespace

std::string HostKeyOf(std::string_view url) {
  crawl::CanonicalUrl canonical;
  return crawl::CanonicalizeUrl(url, &canonical).ok() ? canonical.host_key().str() : "";
}

std::string RemovalRedirect(const crawl::FetchResult& result) {
  if (result.redirects.empty()) return "";
  crawl::CanonicalUrl from, to;
  if (!crawl::CanonicalizeUrl(result.redirects.front().url, &from).ok() ||
      !crawl::CanonicalizeUrl(result.final_url, &to).ok() || from.spec() == to.spec()) {
    return "";
  }
  const std::string dir = DirectoryNamed(to.path());
  if (dir == "/") return "redirect_home";  // any host's home: a portal moved to a new domain
  if (dir.empty() || !(from.host_key() == to.host_key())) return "";
  const std::string& path = from.path();
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 ? "redirect_column" : "";
}

Sighting SightingOf(const crawl::FetchResult& result) {
  using Kind = Sighting::Kind;
  if (result.error == crawl::AttemptError::kCancelled) return {Kind::kUnchecked, ""};
  if (result.from_archive) return {result.unchanged ? Kind::kPresent : Kind::kUnchecked, ""};
  if (result.http_status == 404 || result.http_status == 410) {
    return {Kind::kRemoved, "http_" + std::to_string(result.http_status)};
  }
  // A removal redirect reaches a page that answers 2xx (its column, the home page); the
  // RevisitSource turns such a result into a failure, keeping the status.
  if (result.http_status >= 200 && result.http_status < 300) {
    if (std::string redirect = RemovalRedirect(result); !redirect.empty()) {
      return {Kind::kRemoved, std::move(redirect)};
    }
    if (result.error == crawl::AttemptError::kNone) return {Kind::kPresent, ""};
  }
  if (result.error == crawl::AttemptError::kNone && result.unchanged) return {Kind::kPresent, ""};
  return {Kind::kTransient, ""};
}

std::optional<store::GoneMark> NextMark(const std::optional<store::GoneMark>& old,
                                        const Sighting& sighting, std::string_view seed_code,
                                        WallClock::time_point now, const GonePolicy& policy,
                                        std::string_view run_id) {
  switch (sighting.kind) {
    case Sighting::Kind::kPresent: return std::nullopt;
    case Sighting::Kind::kTransient:
    case Sighting::Kind::kUnchecked: return old;
    case Sighting::Kind::kRemoved: break;
  }
  const std::string when = FormatUtc(now);
  store::GoneMark mark;
  if (old) {
    mark = *old;
  } else {
    mark.first_failed = when;
  }
  if (mark.seed_code.empty()) mark.seed_code = std::string(seed_code);
  if (mark.last_failed == when && mark.failures > 0) return mark;  // the same run, seen twice
  // The same run again: resumed after a kill between its gone marks and the end of its part.
  if (!run_id.empty() && mark.last_run == run_id && mark.failures > 0) return mark;
  mark.last_run = std::string(run_id);
  mark.last_failed = when;
  mark.reason = sighting.reason;
  ++mark.failures;
  if (!mark.gone()) {
    const std::optional<WallClock::time_point> first = ParseUtc(mark.first_failed);
    const bool long_enough = first && now - *first >= policy.gone_after;
    if (mark.failures >= policy.min_runs && long_enough) {
      mark.gone_since = mark.first_failed;
      mark.marked_at = when;
    }
  }
  return mark;
}

std::set<std::string> WholeWalks(const std::vector<const seeds::SeedRow*>& rows,
                                 const std::vector<std::unique_ptr<crawl::ReportWalk>>& walks,
                                 bool interrupted, std::set<std::string>* challenged) {
  std::set<std::string> whole;
  for (size_t i = 0; i < walks.size(); ++i) {
    for (const auto& [host, reason] : walks[i]->totals().challenged) challenged->insert(host);
  }
  if (interrupted) return whole;
  for (size_t i = 0; i < rows.size() && i < walks.size(); ++i) {
    const crawl::WalkTotals& t = walks[i]->totals();
    if (walks[i]->finished() && t.over_limit == 0 && t.reports > 0) {
      whole.insert(rows[i]->code);
    }
  }
  return whole;
}

namespace {

// The report URLs the archive holds on the hosts this run can judge — those that answered (a URL
// is unlisted only on one) and those of the known report URLs it requested — with the seed row
// that found each: its first source's, in the archive's order. No other report URL is sighted or
// unlisted by the run, so the sources of other counties' hosts are not read (store's
// source_hosts index, store/source_host.h: a host's sources come in the archive's order, and a
// URL's sources are all filed under one host, so each URL's first source is the same as in a
// scan of the whole archive; the sources of unusual hosts are read by every run).
Status SeedsOfReportUrls(const store::Archive& archive, const RunSightings& run,
                         std::map<std::string, std::string>* seed_of) {
  std::set<std::string> hosts{std::string(store::kUnusualHost)};
  for (const std::string& host_key : run.answering_hosts) hosts.insert(store::UrlHostOf(host_key));
  for (const auto& [url, sighting] : run.reports) hosts.insert(store::UrlHostOf(url));
  std::vector<std::pair<std::string, store::DocumentSource>> sources;
  for (const std::string& host : hosts) {
    if (Status s = archive.SourcesOfHost(host, &sources); !s.ok()) return s;
    for (const auto& [doc_id, source] : sources) {
      if (source.kind != "url" || ReportUrlOf(source).empty()) continue;
      seed_of->emplace(ReportUrlOf(source), source.seed_code);
    }
  }
  return Status::Ok();
}

}  // namespace

Status RecordGoneMarks(store::Archive& archive, const RunSightings& run,
                       const std::set<std::string>& whole_seeds,
                       const std::set<std::string>& challenged_hosts, WallClock::time_point now,
                       const GonePolicy& policy, std::string_view run_id,
                       GoneUpdate* update) {
  *update = GoneUpdate{};
  std::map<std::string, std::string> seed_of;
  if (Status s = SeedsOfReportUrls(archive, run, &seed_of); !s.ok()) return s;

  std::map<std::string, Sighting> sightings;
  for (const auto& [url, sighting] : run.reports) {
    if (sighting.kind != Sighting::Kind::kUnchecked) sightings[url] = sighting;
  }
  for (const auto& [url, seed] : seed_of) {
    if (seed.empty() || whole_seeds.count(seed) == 0 || run.requested.count(url) != 0) continue;
    const std::string host = HostKeyOf(url);
    if (run.answering_hosts.count(host) == 0 || run.troubled_hosts.count(host) != 0 ||
        challenged_hosts.count(host) != 0) {
      continue;
    }
    sightings[url] = Sighting{Sighting::Kind::kRemoved, "unlisted"};
    ++update->unlisted;
  }
  if (sightings.empty()) return Status::Ok();

  std::vector<std::string> urls;
  for (const auto& [url, sighting] : sightings) urls.push_back(url);
  // The callback may run again when the write is retried: count from scratch each time.
  GoneUpdate counted;
  Status s = archive.UpdateGoneMarks(
      urls, [&](std::string_view url, const std::optional<store::GoneMark>& old) {
        if (url == urls.front()) counted = GoneUpdate{.unlisted = update->unlisted};
        const std::string key(url);
        auto seed = seed_of.find(key);
        std::optional<store::GoneMark> mark =
            NextMark(old, sightings.at(key), seed == seed_of.end() ? "" : seed->second, now, policy,
                     run_id);
        if (old && !mark) ++counted.cleared;
        if (mark && mark->gone() && !(old && old->gone())) counted.newly_gone.push_back(key);
        if (mark && !mark->gone()) ++counted.suspected;
        return mark;
      });
  if (s.ok()) *update = std::move(counted);
  return s;
}

}  // namespace xxgk::harvest
