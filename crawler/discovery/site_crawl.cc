// SiteCrawl: the frontier on the network thread, link scanning on one worker thread.
#include "crawler/discovery/site_crawl.h"

#include <boost/asio/post.hpp>
#include <memory>
#include <utility>

namespace xxgk::crawl {
namespace {

// HTML by its Content-Type, or, when the server sent none, by a body that starts with markup.
bool LooksLikeHtml(const FetchResult& result) {
  if (std::optional<std::string> type = result.Header("content-type")) {
    return type->find("html") != std::string::npos || type->find("HTML") != std::string::npos;
  }
  const size_t first = result.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && result.body[first] == '<';
}

}  // namespace

SiteCrawl::SiteCrawl(boost::asio::io_context& io, PageSource& source, SiteCrawlOptions options,
                     Sink sink)
    : io_(io),
      options_(options),
      sink_(std::move(sink)),
      frontier_(source, FrontierLimits{options.max_pages_per_host, options.max_active}) {}

SiteCrawl::~SiteCrawl() { worker_.join(); }

Status SiteCrawl::AddSeed(std::string_view url) {
  CanonicalUrl seed;
  if (Status s = CanonicalizeUrl(url, &seed); !s.ok()) return s;
  scope_.insert(seed.host_key());
  seeds_.push_back(std::move(seed));
  return Status::Ok();
}

void SiteCrawl::Start(std::function<void()> done) {
  done_ = std::move(done);
  busy_.emplace(io_.get_executor());
  for (const CanonicalUrl& seed : seeds_) Submit(seed, 0);
  frontier_.Pump();
  if (frontier_.idle()) Done();
}

void SiteCrawl::Stop() {
  if (stopping_) return;
  stopping_ = true;
  const size_t dropped = frontier_.dropped();
  frontier_.Stop();  // never handed to the engine: cancelled here
  totals_.cancelled += frontier_.dropped() - dropped;
  if (frontier_.idle()) Done();
}

void SiteCrawl::Submit(const CanonicalUrl& url, size_t depth) {
  const Admit admit = frontier_.Add(url, [this, depth](FetchResult result) {
    OnFetched(std::move(result), depth);
  });
  if (admit == Admit::kOverLimit) ++totals_.over_limit;
}

void SiteCrawl::OnFetched(FetchResult result, size_t depth) {
  if (result.error == AttemptError::kCancelled) {
    ++totals_.cancelled;
    Finished();
    return;
  }
  if (result.error == AttemptError::kNone) {
    ++totals_.fetched;
  } else {
    ++totals_.failed;
  }
  totals_.bytes += result.body.size();
  // The final URL of a redirect is fetched now: never again under its own name.
  if (!result.redirects.empty()) frontier_.MarkSeen(result.final_url);
  if (depth == 0) {
    if (!result.ok()) {
      ++totals_.seeds_failed;
    } else if (CanonicalUrl landed; CanonicalizeUrl(result.final_url, &landed).ok()) {
      scope_.insert(landed.host_key());  // http:// → https://, or to www.: still the portal
    }
  }
  auto page = std::make_shared<CrawledPage>();
  page->depth = depth;
  page->html = result.ok() && LooksLikeHtml(result);
  page->result = std::move(result);
  // Pages at max_depth are scanned too: their links count on the page and in over_limit.
  const bool follow = page->html && !stopping_;
  boost::asio::post(worker_, [this, page, follow] {
    Found found;
    found.depth = page->depth;
    if (follow) {
      // The engine's parse of the final URL; parsed here only for a source that gives none.
      CanonicalUrl parsed;
      const CanonicalUrl* url = &page->result.final_canonical;
      if (url->spec() != page->result.final_url) {
        url = CanonicalizeUrl(page->result.final_url, &parsed).ok() ? &parsed : nullptr;
      }
      if (url != nullptr) {
        PageLinks links = resolver_.Links(*url, page->result.body);
        found.links = std::move(links.fresh);
        page->links = links.count;
      }
    }
    sink_(*page);
    boost::asio::post(io_,
                      [this, found = std::move(found)]() mutable { OnScanned(std::move(found)); });
  });
}

void SiteCrawl::OnScanned(Found found) {
  for (const CanonicalUrl& link : found.links) {
    if (scope_.count(link.host_key()) == 0) {
      if (out_of_scope_seen_.insert(link.spec()).second) ++totals_.out_of_scope;
      continue;
    }
    if (found.depth >= options_.max_depth) {
      if (!frontier_.Seen(link.spec()) && too_deep_.insert(link.spec()).second) {
        ++totals_.over_limit;
      }
      continue;
    }
    Submit(link, found.depth + 1);
  }
  Finished();
}

void SiteCrawl::Finished() {
  frontier_.Done();
  if (frontier_.idle()) Done();
}

void SiteCrawl::Done() {
  busy_.reset();
  if (done_) std::exchange(done_, nullptr)();
}

}  // namespace xxgk::crawl
