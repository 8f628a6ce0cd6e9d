// PageSource: where the frontier and discovery get pages from — the narrow seam between them and
// the fetch engine. The Fetcher is the real one (robots.txt, politeness, retries, the address
// guard); tests of the frontier and of discovery use a fake that answers from memory, without
// sockets or sleeps (tests/crawler/fake_page_source.h).
//
// Contract (the Fetcher's, restated for every implementation):
//   - every Fetch() gets exactly one callback, with a FetchResult whose `tag` is the request's;
//   - the callback runs on the io_context's thread; it may run before Fetch() returns when the
//     request is refused at once (not an http(s) URL, or the source is stopping), so callers
//     update their own state before calling Fetch();
//   - after Stop(), queued requests complete as cancelled (AttemptError::kCancelled) and new
//     ones complete as cancelled at once;
//   - per_host_connections() is how many requests of one host the source runs at once, so a
//     frontier can keep its own queue short (it hands a host at most that many plus one).
// Thread safety: as the Fetcher's — call on the thread that runs the io_context.
#pragma once

#include <functional>

#include "crawler/fetch/fetch_result.h"

namespace xxgk::crawl {

class PageSource {
 public:
  using Callback = std::function<void(FetchResult)>;
  virtual ~PageSource() = default;

  virtual void Fetch(FetchRequest request, Callback done) = 0;
  virtual void Stop() = 0;
  virtual bool stopping() const = 0;
  virtual int per_host_connections() const = 0;
};

}  // namespace xxgk::crawl
