// What the fetch engine is asked for (FetchRequest) and what it hands back (FetchResult): the
// final status, the final URL and the redirect chain, the last response's headers and body,
// timings, the number of attempts, and, when the fetch failed, why.
//
// Guarantees: every submitted request gets exactly one FetchResult. `error` is kNone exactly
// when a final HTTP response (any status, including 304 and 4xx/5xx after retries) was
// received; otherwise `reason` says what happened in words fit for a log.
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/utc_time.h"
#include "crawler/fetch/crawl_clock.h"
#include "crawler/fetch/retry_policy.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

struct FetchRequest {
  std::string url;  // absolute http(s) URL; canonicalised by the engine
  // Validators from a previous fetch of this URL: sent as If-None-Match / If-Modified-Since,
  // and a 304 answer is reported as unchanged.
  std::string etag;
  std::string last_modified;
  uint64_t tag = 0;  // the caller's own handle, copied to the result
  // Non-empty: the request is a form POST with this application/x-www-form-urlencoded body (what
  // a list's own script sends, e.g. Hanweb's dataproxy.jsp); empty: a GET. Validators are not sent
  // with a POST. A 301, 302 or 303 answer turns it into a GET of the new URL, as browsers do;
  // 307 and 308 repeat the POST.
  std::string form_body;
  // `url` already parsed, when the caller has it (the frontier does): the engine takes it instead
  // of parsing `url` again. Used only when its spec() is `url`; empty: the engine parses `url`.
  CanonicalUrl canonical;
};

// Seconds from the start of the final attempt, as libcurl measures them (CURLINFO_*_TIME_T).
struct FetchTimings {
  double name_lookup = 0;  // DNS done (0 when the name came from --resolve or a reused connection)
  double connect = 0;      // TCP connected
  double tls = 0;          // TLS handshake done (0 for http)
  double first_byte = 0;   // first byte of the response
  double total = 0;        // transfer done
};

// What a WARC response record of a redirect hop needs (docs/warc.md, "Redirects"), kept by the
// engine for each hop it follows.
inline constexpr size_t kMaxHopBodyBytes = 16 * 1024;  // a hop's body is kept up to this size

struct RedirectHop {
  RedirectHop() = default;
  RedirectHop(std::string url_in, int status_in) : url(std::move(url_in)), status(status_in) {}

  std::string url;  // the URL that answered with a redirect
  int status = 0;   // 301, 302, 303, 307 or 308
  std::string status_line;  // as sent ("HTTP/1.1 302 Found"); empty when not known
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string ip;    // the address the hop's answer came from (CURLINFO_PRIMARY_IP), "" if none
  WallClock::time_point time{};  // when the hop's request was handed to libcurl
  // The hop's body (decoded by libcurl, as every body), when it was at most kMaxHopBodyBytes;
  // body_bytes is its size either way, so body_bytes > body.size() says it was not kept.
  std::string body;
  uint64_t body_bytes = 0;
  std::string form_body;  // the POST body sent to this URL; empty when that was a GET
};

struct FetchResult {
  uint64_t tag = 0;
  std::string requested_url;  // as submitted
  std::string final_url;      // canonical; the last URL tried
  CanonicalUrl final_canonical;  // final_url parsed; empty when the request's URL was refused
  std::vector<RedirectHop> redirects;  // in order; the final URL is not part of it
  std::string form_body;  // the POST body sent to the final URL; empty when that was a GET

  AttemptError error = AttemptError::kOther;  // kNone: a final HTTP response arrived
  std::string reason;                          // why it failed, or notes ("TLS not verified")
  int http_status = 0;
  std::string status_line;  // of the final response, as sent ("HTTP/1.1 200 OK"); for WARC
  bool unchanged = false;  // 304 to a conditional request
  // Answered from the archive (crawler/harvest/revisit_source.h): status, headers and body are
  // the stored response's. With `unchanged`, a conditional request was sent and answered 304
  // (the stored response was revalidated); without it, no request was made at all (the stored
  // copy is younger than the revisit interval) and nothing is to be logged.
  bool from_archive = false;
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response, in order
  std::string body;  // decoded (gzip, deflate) by the engine (content_decoder.h)
  std::string ip;    // the address the final response came from (CURLINFO_PRIMARY_IP), "" if none

  FetchTimings timings;
  int attempts = 0;  // transfers made for this request, redirects and retries included
  // When each transfer for this request was handed to libcurl (engine-side politeness record).
  std::vector<TimePoint> starts;
  // Answered from the archive's record of an interrupted run (crawler/harvest/resume_source.h),
  // not fetched now: its fetch log entry and payload are stored already, so it is not logged again.
  bool replayed = false;

  bool ok() const { return error == AttemptError::kNone && http_status >= 200 && http_status < 300; }
  // The first header named `name` (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
};

}  // namespace xxgk::crawl
