// ResumeSource: the PageSource of a resumed run (crawl resume after kill -9, power loss or a
// stop). It answers a request for a page the interrupted run completed from the archive — the
// fetch log entry the run logged (its status, headers, redirects; table `urls`, the latest fetch
// of the request) and the payload kept with it — instead of the network, so the walk replays
// quickly through everything the run had already done and goes on from where it stopped. Every
// other request goes to the wrapped source (the Fetcher), with its politeness, robots.txt and
// retries.
//
// Which pages are replayed: those whose latest fetch in the archive carries this run's id
// (store::FetchEntry::run) and was a final answer — an HTTP status below 500 other than 429, with
// its payload readable. A page that failed (no answer, 5xx, 429) is asked again: a resume is a
// second chance for it. Pages of other runs (a completed earlier run, `xxgk get`) are never
// replayed: keeping those up to date is the incremental re-crawl's job.
//
// A request the interrupted run saw refused by the engine (robots.txt, the address guard: no
// request was made) is asked of the wrapped source again, so the refusal follows the robots.txt
// of now; refused again for the same reason, its result is marked `replayed` too (its fetch log
// entry exists already).
//
// A replayed result has `replayed` set (crawl::FetchResult): FetchRun does not log it again, and a
// report all of whose parts are replayed was archived by the interrupted run already (its pages
// are logged in the same transaction as its document).
//
// Contract: PageSource's (page_source.h). Replayed answers are posted to the io_context, never
// run inside Fetch; after Stop() they complete as cancelled like the wrapped source's.
// Thread safety: the io_context's thread, as the wrapped source; the archive is read from it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <optional>
#include <string>

#include "crawler/fetch/page_source.h"
#include "store/archive.h"

namespace xxgk::harvest {

class ResumeSource final : public crawl::PageSource {
 public:
  // REQUIRES: `network` and `archive` outlive this source; `run_id` is the resumed run's id.
  ResumeSource(crawl::PageSource& network, const store::Archive& archive, std::string run_id,
               boost::asio::io_context& io);

  void Fetch(crawl::FetchRequest request, Callback done) override;
  void Stop() override;
  bool stopping() const override { return network_.stopping(); }
  int per_host_connections() const override { return network_.per_host_connections(); }

  size_t replayed() const { return replayed_; }  // requests answered from the archive
  size_t forwarded() const { return forwarded_; }  // requests sent to the wrapped source
  // Of those, refused by it again as the interrupted run logged them (marked replayed).
  size_t refused_again() const { return refused_again_; }

  // The result of `request` from the interrupted run's record, or nullopt when it is not to be
  // replayed (not fetched by run `run_id`, a failure, a payload missing or damaged).
  static std::optional<crawl::FetchResult> Replay(const store::Archive& archive,
                                                  const std::string& run_id,
                                                  const crawl::FetchRequest& request);

 private:
  crawl::PageSource& network_;
  const store::Archive& archive_;
  std::string run_id_;
  boost::asio::io_context& io_;
  size_t replayed_ = 0;
  size_t forwarded_ = 0;
  size_t refused_again_ = 0;
};

}  // namespace xxgk::harvest
