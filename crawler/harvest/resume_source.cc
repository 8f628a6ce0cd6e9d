// ResumeSource: replays an interrupted run's pages from the archive. See resume_source.h.
#include "crawler/harvest/resume_source.h"

#include <boost/asio/post.hpp>
#include <utility>

#include "base/request_key.h"
#include "crawler/harvest/logged_response.h"

namespace xxgk::harvest {
namespace {

// A final answer worth keeping: the Fetcher retried transient failures already, but a resume is
// the moment to ask again for what still failed (no answer, 5xx, 429).
bool Final(const store::FetchEntry& entry) {
  return entry.error.empty() && entry.http_status > 0 && entry.http_status < 500 &&
         entry.http_status != 429;
}

crawl::FetchResult Cancelled(const crawl::FetchRequest& request) {
  crawl::FetchResult result;
  result.tag = request.tag;
  result.requested_url = request.url;
  result.final_url = request.url;
  result.error = crawl::AttemptError::kCancelled;
  result.reason = "cancelled";
  return result;
}

}  // namespace

ResumeSource::ResumeSource(crawl::PageSource& network, const store::Archive& archive,
                           std::string run_id, boost::asio::io_context& io)
    : network_(network), archive_(archive), run_id_(std::move(run_id)), io_(io) {}

std::optional<crawl::FetchResult> ResumeSource::Replay(const store::Archive& archive,
                                                       const std::string& run_id,
                                                       const crawl::FetchRequest& request) {
  if (run_id.empty()) return std::nullopt;
  std::optional<store::FetchEntry> entry;
  if (!archive.GetLatestFetch(RequestKey(request.url, request.form_body), &entry).ok() || !entry ||
      entry->run != run_id || !Final(*entry)) {
    return std::nullopt;
  }
  crawl::FetchResult result;
  if (!LoggedBody(archive, entry->payload_sha256, &result.body)) return std::nullopt;
  for (const std::string& logged : entry->redirects) {
    std::optional<crawl::RedirectHop> hop = LoggedHop(logged);
    if (!hop) return std::nullopt;
    result.redirects.push_back(std::move(*hop));
  }
  result.tag = request.tag;
  result.requested_url = request.url;
  result.final_url = entry->final_url.empty() ? entry->url : entry->final_url;
  result.form_body = entry->form_body;
  result.error = crawl::AttemptError::kNone;
  result.http_status = entry->http_status;
  result.status_line = entry->status_line;
  result.unchanged = entry->http_status == 304;
  result.headers = entry->headers;
  result.ip = entry->ip;
  result.replayed = true;
  return result;
}

void ResumeSource::Fetch(crawl::FetchRequest request, Callback done) {
  if (!network_.stopping()) {
    if (std::optional<crawl::FetchResult> replay = Replay(archive_, run_id_, request)) {
      ++replayed_;
      boost::asio::post(io_, [this, request = std::move(request), result = std::move(*replay),
                              done = std::move(done)]() mutable {
        done(network_.stopping() ? Cancelled(request) : std::move(result));
      });
      return;
    }
  }
  ++forwarded_;
  // A page the interrupted run saw refused by the engine itself (robots.txt, the address guard)
  // is asked of the engine again, with the robots.txt of now; refused again for the same reason,
  // it is the same fetch log entry: marked replayed, so it is not logged twice.
  std::optional<store::FetchEntry> entry;
  if (!run_id_.empty() &&
      archive_.GetLatestFetch(RequestKey(request.url, request.form_body), &entry).ok() && entry &&
      entry->run == run_id_ && entry->http_status == 0 && !entry->error.empty()) {
    network_.Fetch(std::move(request), [this, logged = std::move(entry->error),
                                        done = std::move(done)](crawl::FetchResult result) {
      if (result.error == crawl::AttemptError::kRefused && result.reason == logged) {
        result.replayed = true;
        ++refused_again_;
      }
      done(std::move(result));
    });
    return;
  }
  network_.Fetch(std::move(request), std::move(done));
}

void ResumeSource::Stop() { network_.Stop(); }

}  // namespace xxgk::harvest
