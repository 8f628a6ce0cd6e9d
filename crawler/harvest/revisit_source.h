// RevisitSource: the PageSource of an incremental re-harvest — a decorator over the network
// source (the Fetcher) that answers known report pages and attachments from the archive.
//
// For a GET of a URL whose latest fetch in the archive's URL index was made as a report page,
// continuation or attachment (FetchEntry::role) and gave a stored 2xx response:
//   - fetched (or revalidated) less than `interval` ago: answered from the stored response,
//     with no request (FetchResult::from_archive, not `unchanged`; ingest does not log it);
//   - otherwise: sent with the stored ETag / Last-Modified; a 304 answer becomes the stored
//     response, its validators and dates freshened from the 304 (from_archive and `unchanged`:
//     ingest logs it as a revalidated fetch, FetchEntry::revalidated, and stores no payload
//     again); any other answer passes through as it is.
// Everything else — list and column pages, new URLs, POSTs, a known URL whose stored answer was a
// failure or whose payload is not readable, a URL with a gone mark (always re-checked) — goes to
// the network unchanged. So discovery and ingest see the same page whether it came from the
// network or the archive, and a run with nothing changed sends only list requests and
// conditional ones.
//
// It also records what the run saw of known report URLs, for gone marks (gone_watch.h): a known
// report URL redirected to the home page or its column is turned into a failure (error kOther,
// the reason says where it went, status and redirects kept) so that no document is made from
// the page it landed on.
//
// Contract: PageSource's (page_source.h). Answers from the archive are posted to the io_context,
// never run inside Fetch(). Thread safety: the io_context's thread, like the Fetcher.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <set>
#include <string>

#include "base/utc_time.h"
#include "crawler/fetch/page_source.h"
#include "crawler/harvest/gone_watch.h"
#include "store/archive.h"

namespace xxgk::harvest {

// The options of an incremental run (FetchRunOptions::revisit).
struct RevisitOptions {
  bool enabled = false;  // off: every request goes to the network, no gone marks are written
  // Known report pages and attachments are not re-requested more often than this; 0: always
  // revalidated (a conditional request each run).
  std::chrono::seconds interval{7 * 24 * 3600};
  GonePolicy gone;
  // Now, for the interval and the gone marks (tests move it by hand); empty: the system clock.
  std::function<WallClock::time_point()> now;
};

struct RevisitStats {
  size_t stored = 0;        // answered from the archive without a request
  size_t conditional = 0;   // sent with validators
  size_t not_modified = 0;  // of those, answered 304 (served from the archive)
  size_t refetched = 0;     // known report URLs sent without validators (none were stored)
  size_t network = 0;       // every other request (lists, new URLs)
};

class RevisitSource final : public crawl::PageSource {
 public:
  // REQUIRES: `network`, `archive` and `io` outlive this source.
  RevisitSource(crawl::PageSource& network, const store::Archive& archive,
                boost::asio::io_context& io, RevisitOptions options);

  void Fetch(crawl::FetchRequest request, Callback done) override;
  void Stop() override;
  bool stopping() const override { return stopping_ || network_.stopping(); }
  int per_host_connections() const override { return network_.per_host_connections(); }

  const RevisitStats& stats() const { return stats_; }
  const RunSightings& sightings() const { return sightings_; }
  WallClock::time_point now() const { return options_.now ? options_.now() : WallClock::now(); }

 private:
  void Passed(const crawl::FetchRequest& request, Callback done);
  void Note(const crawl::FetchResult& result, bool known_report);
  // A known report URL's answer from the network: noted, and a removal redirect made a failure.
  void KnownAnswered(crawl::FetchResult& result);

  crawl::PageSource& network_;
  const store::Archive& archive_;
  boost::asio::io_context& io_;
  RevisitOptions options_;
  std::set<std::string> marked_;  // URLs with a gone mark when the run began
  RevisitStats stats_;
  RunSightings sightings_;
  bool stopping_ = false;
};

}  // namespace xxgk::harvest
