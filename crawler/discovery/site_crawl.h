// SiteCrawl: a recursive crawl of portals — from seed URLs, every page reachable through links on
// the seeds' own hosts, each URL fetched once, through the fetch engine (so robots.txt,
// politeness, retries and limits all hold). It is the walk that county harvests and the crawl
// benchmark build on.
//
// Division of work between threads:
//   - the network thread (the io_context's) owns the frontier (crawler/frontier: the URLs seen,
//     per-host queues and page counts), the scope (the seeds' hosts, plus the host a seed
//     redirects to) and the page source;
//   - one worker thread scans each fetched HTML page for links (link_extract.h) and hands every
//     page to the caller's sink; the links travel back to the network thread, which decides what
//     to fetch. The network thread does no per-byte work.
// Scope and limits: a link is followed when its host (scheme, host, port) is in scope, its depth
// (links from a seed) is at most max_depth, and its host has fetched fewer than
// max_pages_per_host pages. Links of pages marked <meta name=robots content=nofollow> are not
// followed.
//
// Thread safety: construct, AddSeed, Start and Stop on the network thread (Stop may also be
// posted to it). The sink runs on the worker thread, one page at a time.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "crawler/fetch/fetch_result.h"
#include "crawler/fetch/page_source.h"
#include "crawler/frontier/crawl_frontier.h"
#include "crawler/discovery/link_extract.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

struct SiteCrawlOptions {
  size_t max_depth = 20;              // links followed from a seed; the seed itself is depth 0
  size_t max_pages_per_host = 20000;  // fetches per host (scheme, host, port), robots.txt aside
  // Pages in the engine or with the worker at once: bounds the memory that bodies take when the
  // network outruns link scanning. URLs beyond it wait in the crawl's own per-host queues.
  size_t max_active = 256;
};

struct CrawledPage {
  FetchResult result;  // the engine's result, body included
  size_t depth = 0;
  bool html = false;  // scanned for links (an HTML 2xx response)
  size_t links = 0;   // crawlable links on the page (any host), repeats included
};

struct SiteCrawlTotals {
  size_t fetched = 0;       // results with a final HTTP response (any status)
  size_t failed = 0;        // results without one (network errors, refusals, limits)
  size_t cancelled = 0;     // requests the engine cancelled because the crawl was stopped
  size_t bytes = 0;         // body bytes received
  size_t out_of_scope = 0;  // distinct links to other hosts, not followed
  size_t over_limit = 0;    // links not followed because of max_depth or max_pages_per_host
  size_t seeds_failed = 0;  // seeds without a 2xx answer
};

class SiteCrawl {
 public:
  using Sink = std::function<void(const CrawledPage&)>;

  SiteCrawl(boost::asio::io_context& io, PageSource& source, SiteCrawlOptions options, Sink sink);
  ~SiteCrawl();  // joins the worker
  SiteCrawl(const SiteCrawl&) = delete;
  SiteCrawl& operator=(const SiteCrawl&) = delete;

  // Adds a seed and its host to the scope. An error names the URL when it is not an absolute
  // http(s) URL. Call before Start.
  Status AddSeed(std::string_view url);
  // Submits the seeds. `done` runs on the network thread once every reachable page has been
  // fetched and handed to the sink (after Stop: once nothing is outstanding); io.run() returns
  // then unless the caller holds other work on the io_context.
  void Start(std::function<void()> done = {});
  // Stop following links; the engine cancels what is queued (see Fetcher::Stop).
  void Stop();

  const SiteCrawlTotals& totals() const { return totals_; }  // network thread; final after run()

 private:
  struct Found {
    std::vector<CanonicalUrl> links;
    size_t depth = 0;
  };
  void Submit(const CanonicalUrl& url, size_t depth);
  void OnFetched(FetchResult result, size_t depth);
  void OnScanned(Found found);
  void Finished();  // one page is through: the frontier may hand out the next
  void Done();

  boost::asio::io_context& io_;
  SiteCrawlOptions options_;
  Sink sink_;
  std::function<void()> done_;
  std::vector<CanonicalUrl> seeds_;
  std::unordered_set<HostKey> scope_;
  std::unordered_set<std::string> out_of_scope_seen_;
  std::unordered_set<std::string> too_deep_;  // links beyond max_depth, counted once
  CrawlFrontier frontier_;
  bool stopping_ = false;
  SiteCrawlTotals totals_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> busy_;
  LinkResolver resolver_;  // used on the worker only
  boost::asio::thread_pool worker_{1};
};

}  // namespace xxgk::crawl
