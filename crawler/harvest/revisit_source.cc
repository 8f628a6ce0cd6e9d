// RevisitSource: known report pages answered from the archive or revalidated. See revisit_source.h.
#include "crawler/harvest/revisit_source.h"

#include <boost/asio/post.hpp>
#include <optional>
#include <utility>

#include "base/ascii_case.h"
#include "crawler/harvest/logged_response.h"

namespace xxgk::harvest {
namespace {

using crawl::AttemptError;
using crawl::FetchRequest;
using crawl::FetchResult;

// The roles whose pages are revisited (the rest — lists, columns, the root — always go out).
bool IsReportRole(std::string_view role) {
  return role == "report" || role == "continuation" || role == "attachment";
}

// A stored answer worth serving: a 2xx response whose payload was kept.
bool Servable(const store::FetchEntry& entry) {
  return entry.error.empty() && entry.http_status >= 200 && entry.http_status < 300 &&
         !entry.payload_sha256.empty();
}

// The stored response as a fetch result of `request`.
FetchResult StoredResult(const FetchRequest& request, const store::FetchEntry& entry,
                         std::string body) {
  FetchResult r;
  r.tag = request.tag;
  r.requested_url = request.url;
  r.final_url = entry.final_url.empty() ? entry.url : entry.final_url;
  for (const std::string& logged : entry.redirects) {
    if (std::optional<crawl::RedirectHop> hop = LoggedHop(logged)) r.redirects.push_back(*hop);
  }
  r.error = AttemptError::kNone;
  r.http_status = entry.http_status;
  r.status_line = entry.status_line;
  r.headers = entry.headers;
  r.body = std::move(body);
  r.from_archive = true;
  return r;
}

// RFC 9111 section 4.3.4: a 304 updates the stored response's headers it carries. Only those
// that say when and how long — never Content-Type or Content-Length of the body it confirms.
void Freshen(const FetchResult& not_modified, FetchResult* stored) {
  static constexpr std::string_view kFreshened[] = {"etag", "last-modified", "date", "expires",
                                                    "cache-control"};
  for (std::string_view name : kFreshened) {
    const std::optional<std::string> value = not_modified.Header(name);
    if (!value) continue;
    bool replaced = false;
    for (auto& [n, v] : stored->headers) {
      if (EqualsIgnoringAsciiCase(n, name)) {
        v = *value;
        replaced = true;
      }
    }
    if (!replaced) {
      for (const auto& [n, v] : not_modified.headers) {
        if (EqualsIgnoringAsciiCase(n, name)) {
          stored->headers.emplace_back(n, v);
          break;
        }
      }
    }
  }
}

FetchResult Cancelled(FetchResult r) {
  r.error = AttemptError::kCancelled;
  r.reason = "cancelled";
  r.http_status = 0;
  r.body.clear();
  r.headers.clear();
  r.from_archive = false;
  return r;
}

}  // namespace

RevisitSource::RevisitSource(crawl::PageSource& network, const store::Archive& archive,
                             boost::asio::io_context& io, RevisitOptions options)
    : network_(network), archive_(archive), io_(io), options_(std::move(options)) {
  std::string from, next;
  std::vector<store::GoneMark> marks;
  do {
    if (!archive_.ScanGoneMarks(from, 1024, &marks, &next).ok()) break;
    for (const store::GoneMark& mark : marks) marked_.insert(mark.url);
    from = next;
  } while (!next.empty());
}

void RevisitSource::Stop() {
  stopping_ = true;
  network_.Stop();
}

void RevisitSource::Passed(const FetchRequest& request, Callback done) {
  ++stats_.network;
  network_.Fetch(request, [this, done = std::move(done)](FetchResult r) {
    Note(r, false);
    done(std::move(r));
  });
}

void RevisitSource::Note(const FetchResult& r, bool known_report) {
  if (r.error == AttemptError::kCancelled) return;
  sightings_.requested.insert(r.requested_url);
  if (!r.final_url.empty()) sightings_.requested.insert(r.final_url);
  for (const crawl::RedirectHop& hop : r.redirects) sightings_.requested.insert(hop.url);
  if (known_report) {
    sightings_.reports[r.requested_url] = SightingOf(r);
    return;
  }
  const std::string host = HostKeyOf(r.final_url.empty() ? r.requested_url : r.final_url);
  if (r.ok()) {
    sightings_.answering_hosts.insert(host);
  } else if ((r.error != AttemptError::kNone && r.error != AttemptError::kRefused) ||
             r.http_status >= 500 || r.http_status == 429) {
    sightings_.troubled_hosts.insert(host);
  }
}

void RevisitSource::Fetch(FetchRequest request, Callback done) {
  if (stopping() || !request.form_body.empty()) return Passed(request, std::move(done));
  std::optional<store::FetchEntry> entry;
  if (!archive_.GetLatestFetch(request.url, &entry).ok() || !entry || !IsReportRole(entry->role)) {
    return Passed(request, std::move(done));
  }
  // A known report page or attachment.
  std::string body;
  if (!Servable(*entry) || !LoggedBody(archive_, entry->payload_sha256, &body)) {
    ++stats_.refetched;
    network_.Fetch(request, [this, done = std::move(done)](FetchResult r) {
      KnownAnswered(r);
      done(std::move(r));
    });
    return;
  }
  const std::optional<WallClock::time_point> seen = ParseUtc(entry->time);
  if (marked_.count(request.url) == 0 && options_.interval.count() > 0 && seen &&
      now() - *seen < options_.interval) {
    ++stats_.stored;
    FetchResult r = StoredResult(request, *entry, std::move(body));
    Note(r, true);
    boost::asio::post(io_, [this, r = std::move(r), done = std::move(done)]() mutable {
      done(stopping() ? Cancelled(std::move(r)) : std::move(r));
    });
    return;
  }
  request.etag = entry->etag;
  request.last_modified = entry->last_modified;
  ++(request.etag.empty() && request.last_modified.empty() ? stats_.refetched : stats_.conditional);
  network_.Fetch(request, [this, request, entry = std::move(*entry), body = std::move(body),
                           done = std::move(done)](FetchResult r) mutable {
    if (r.error == AttemptError::kNone && r.unchanged) {
      ++stats_.not_modified;
      FetchResult stored = StoredResult(request, entry, std::move(body));
      Freshen(r, &stored);
      stored.unchanged = true;
      stored.timings = r.timings;
      stored.attempts = r.attempts;
      stored.starts = std::move(r.starts);
      r = std::move(stored);
    }
    KnownAnswered(r);
    done(std::move(r));
  });
}

void RevisitSource::KnownAnswered(FetchResult& r) {
  Note(r, true);
  if (const std::string redirect = RemovalRedirect(r); !redirect.empty() && r.ok()) {
    r.error = AttemptError::kOther;
    r.reason = std::string("redirected to ") +
               (redirect == "redirect_home" ? "the portal's home page " : "its column ") +
               r.final_url + ": taken down from the portal";
    r.body.clear();
  }
}

}  // namespace xxgk::harvest
