// CrawlFrontier: per-host queues taken round robin, bounded per host and in all.
#include "crawler/frontier/crawl_frontier.h"

#include <utility>

#include "base/request_key.h"

namespace xxgk::crawl {

CrawlFrontier::CrawlFrontier(PageSource& source, FrontierLimits limits)
    : source_(source),
      limits_(limits),
      per_host_cap_(static_cast<size_t>(source.per_host_connections()) + 1) {}

Admit CrawlFrontier::Add(const CanonicalUrl& url, OnFetched on_fetched) {
  FetchRequest request;
  request.url = url.spec();
  return Add(url, std::move(request), std::move(on_fetched));
}

Admit CrawlFrontier::Add(const CanonicalUrl& url, FetchRequest request, OnFetched on_fetched) {
  if (stopping_) return Admit::kStopping;
  if (blocked_.count(url.host_key()) != 0) return Admit::kBlocked;
  std::string key = RequestKey(url.spec(), request.form_body);
  if (seen_.count(key) != 0) return Admit::kSeen;
  HostQueue& queue = hosts_[url.host_key()];
  if (queue.pages >= limits_.max_pages_per_host) return Admit::kOverLimit;
  seen_.insert(std::move(key));
  ++queue.pages;
  ++waiting_;
  request.url = url.spec();
  request.canonical = url;  // the engine need not parse it again
  queue.waiting.push_back(Entry{std::move(request), std::move(on_fetched)});
  MarkReady(url.host_key(), queue);
  return Admit::kQueued;
}

size_t CrawlFrontier::pages(const HostKey& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.pages;
}

std::map<HostKey, size_t> CrawlFrontier::QueuedByHost() const {
  std::map<HostKey, size_t> out;
  for (const auto& [host, queue] : hosts_) {
    if (const size_t n = queue.waiting.size() + queue.in_source; n > 0) out[host] = n;
  }
  return out;
}

void CrawlFrontier::MarkReady(const HostKey& host, HostQueue& queue) {
  if (!queue.ready && !queue.waiting.empty() && queue.in_source < per_host_cap_) {
    queue.ready = true;
    ready_.push_back(host);
  }
}

void CrawlFrontier::Pump() {
  if (pumping_) return;  // the loop below on the stack picks up what changed
  pumping_ = true;
  while (active_ < limits_.max_active && !ready_.empty() && !stopping_) {
    const HostKey host = std::move(ready_.front());
    ready_.pop_front();
    HostQueue& queue = hosts_[host];
    queue.ready = false;
    if (queue.waiting.empty() || queue.in_source >= per_host_cap_) continue;
    Entry entry = std::move(queue.waiting.front());
    queue.waiting.pop_front();
    --waiting_;
    ++queue.in_source;
    ++active_;
    MarkReady(host, queue);
    source_.Fetch(std::move(entry.request),
                  [this, host, done = std::move(entry.on_fetched)](FetchResult result) {
                    HostQueue& returned = hosts_[host];
                    --returned.in_source;
                    MarkReady(host, returned);
                    done(std::move(result));  // active until the caller's Done()
                  });
  }
  pumping_ = false;
}

void CrawlFrontier::Done() {
  if (active_ > 0) --active_;
  Pump();
}

size_t CrawlFrontier::DropWaiting(HostQueue& queue) {
  const size_t n = queue.waiting.size();
  queue.waiting.clear();
  waiting_ -= n;
  dropped_ += n;
  return n;
}

void CrawlFrontier::BlockHost(const HostKey& host, std::string reason) {
  blocked_.emplace(host, std::move(reason));
  if (auto it = hosts_.find(host); it != hosts_.end()) DropWaiting(it->second);
}

void CrawlFrontier::Stop() {
  if (stopping_) return;
  stopping_ = true;
  for (auto& [host, queue] : hosts_) DropWaiting(queue);
  ready_.clear();
  source_.Stop();
}

}  // namespace xxgk::crawl
