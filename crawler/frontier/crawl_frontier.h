// CrawlFrontier: which URL a crawl fetches next — the set of URLs seen, per-host queues and page
// counts, hosts stopped for the run, and the bound on pages in flight. Walks (SiteCrawl, the report
// walk of discovery) decide *what* to follow; the frontier decides *when* it goes to the page
// source, and makes sure each URL goes once.
//
// Order and bounds: hosts take turns round robin; a host has at most the source's
// per_host_connections() + 1 requests in the source at once (so the engine's politeness queue
// stays short and every host with work gets its turn), and at most max_active pages are in the
// source or with the caller (a page stays "active" from being handed to the source until the
// caller calls Done() for its callback) — this bounds the memory bodies take when the network
// outruns the caller.
//
// Contract: Add() queues a request once per crawl (by its canonical URL, and its form body for a
// POST: base/request_key.h) and calls its callback
// exactly once with the source's result — unless the URL is dropped while still waiting (Stop,
// BlockHost), in which case there is no callback and it is counted in dropped(). The caller
// calls Done() once per callback received, then Pump() (or lets the next Add/Done pump).
// Thread safety: none; use on the thread that runs the page source (the io_context's).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "crawler/fetch/fetch_result.h"
#include "crawler/fetch/page_source.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

struct FrontierLimits {
  size_t max_pages_per_host = 20000;  // URLs taken per host (scheme, host, port) in the crawl
  size_t max_active = 256;            // pages in the source or awaiting Done()
};

enum class Admit {
  kQueued,     // taken: its callback will run (or it is dropped and counted)
  kSeen,       // already taken in this crawl
  kOverLimit,  // its host has had max_pages_per_host URLs
  kBlocked,    // its host was stopped (BlockHost)
  kStopping,   // the frontier was stopped
};

class CrawlFrontier {
 public:
  using OnFetched = std::function<void(FetchResult)>;

  CrawlFrontier(PageSource& source, FrontierLimits limits);
  CrawlFrontier(const CrawlFrontier&) = delete;
  CrawlFrontier& operator=(const CrawlFrontier&) = delete;

  // Queues `request` (its url becomes `url`'s spec; etag/last_modified/form_body/tag pass through).
  Admit Add(const CanonicalUrl& url, OnFetched on_fetched);
  Admit Add(const CanonicalUrl& url, FetchRequest request, OnFetched on_fetched);

  // Marks a request as taken without fetching it (a redirect's final URL, fetched under another
  // name). Keys are RequestKey(url, form_body): a GET's is its URL.
  void MarkSeen(const std::string& spec) { seen_.insert(spec); }
  bool Seen(const std::string& spec) const { return seen_.count(spec) != 0; }

  // Hands queued URLs to the source within the bounds above.
  void Pump();
  // The caller is finished with one page whose callback ran: frees its active slot and pumps.
  void Done();

  // Stops a host for the rest of the crawl (a challenge page, a WAF): its waiting URLs are
  // dropped, later Adds refused. The first reason given is kept.
  void BlockHost(const HostKey& host, std::string reason);
  const std::map<HostKey, std::string>& blocked() const { return blocked_; }

  // Drops every waiting URL and stops the source (which completes what it holds as cancelled).
  void Stop();
  bool stopping() const { return stopping_; }

  // Nothing waiting, in the source, or awaiting Done().
  bool idle() const { return waiting_ == 0 && active_ == 0; }
  size_t waiting() const { return waiting_; }
  size_t active() const { return active_; }
  size_t dropped() const { return dropped_; }
  // URLs taken for `host` so far (against max_pages_per_host).
  size_t pages(const HostKey& host) const;
  // URLs of each host not answered yet (waiting here or in the source), hosts with none left out.
  std::map<HostKey, size_t> QueuedByHost() const;

 private:
  struct Entry {
    FetchRequest request;
    OnFetched on_fetched;
  };
  struct HostQueue {
    std::deque<Entry> waiting;
    size_t in_source = 0;
    size_t pages = 0;
    bool ready = false;  // in ready_
  };
  void MarkReady(const HostKey& host, HostQueue& queue);
  size_t DropWaiting(HostQueue& queue);

  PageSource& source_;
  FrontierLimits limits_;
  size_t per_host_cap_;
  std::unordered_set<std::string> seen_;
  std::unordered_map<HostKey, HostQueue> hosts_;
  std::deque<HostKey> ready_;
  std::map<HostKey, std::string> blocked_;
  size_t waiting_ = 0;
  size_t active_ = 0;
  size_t dropped_ = 0;
  bool stopping_ = false;
  bool pumping_ = false;  // Pump() is on the stack (a source may answer inside Fetch)
};

}  // namespace xxgk::crawl
