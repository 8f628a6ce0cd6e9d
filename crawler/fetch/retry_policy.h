// Retries: which outcomes of a fetch attempt are worth another try, how long to wait (exponential
// backoff with full jitter, or the server's Retry-After when it is longer), and when to give up
// with a reason for the fetch log.
//
// Guarantees: only transient failures are retried (connection errors, timeouts, broken
// transfers, 408, 429 and 5xx except 501/505); never more than max_attempts attempts in all;
// the delay never exceeds max(max_backoff, the server's Retry-After) and a Retry-After beyond
// max_retry_after is not waited for: the request fails at once, with the reason. Randomness comes
// from an injected source, so tests are deterministic.
//
// Thread safety: RetryPolicy's const methods are as thread-safe as the random source it is
// given; the free functions are reentrant.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "crawler/fetch/crawl_clock.h"

namespace xxgk::crawl {

// How an attempt ended, before HTTP semantics. The engine fills this from libcurl's result
// (ClassifyCurlResult) or from its own checks.
enum class AttemptError {
  kNone,              // a complete HTTP response arrived: see http_status
  kResolve,           // the host name did not resolve (often a transient DNS failure)
  kConnect,           // connection refused or unreachable
  kTimeout,           // connect timeout, whole-transfer timeout or too-slow transfer
  kTransfer,          // reset or cut off mid-transfer, empty reply, HTTP/2 stream error
  kTls,               // TLS handshake or certificate failure: retrying will not fix it
  kTooLarge,          // the body exceeded the size limit (the engine reports this itself)
  kTooManyRedirects,  // also redirect loops
  kRefused,           // we refused: address guard, robots.txt (the engine reports this itself)
  kCancelled,         // the engine was stopped before the request ended (Fetcher::Stop)
  kOther,             // anything else: not retried
};

std::string_view AttemptErrorName(AttemptError error);

// Maps a CURLcode (passed as int, so this header needs no curl.h). Note that a connection
// refused by the address guard in CURLOPT_OPENSOCKETFUNCTION comes back from libcurl as
// CURLE_COULDNT_CONNECT: the engine must remember that it refused and report kRefused.
AttemptError ClassifyCurlResult(int curl_code);

struct AttemptOutcome {
  AttemptError error = AttemptError::kNone;
  int http_status = 0;                  // when error is kNone
  std::optional<Duration> retry_after;  // the parsed Retry-After header, if any
};

// True if another attempt might succeed.
bool IsRetryable(const AttemptOutcome& outcome);

// Parses a Retry-After value (RFC 9110 section 10.2.3): delay-seconds ("120") or an HTTP-date
// (IMF-fixdate, and the obsolete RFC 850 and asctime forms, read by curl_getdate). A date in the
// past gives zero. Returns nullopt for anything else ("soon", "-5", "1.5", "").
std::optional<Duration> ParseRetryAfter(std::string_view value,
                                        std::chrono::system_clock::time_point now);

// A uniformly distributed number in [0, 1).
using UnitRandom = std::function<double()>;

struct RetryOptions {
  int max_attempts = 4;  // attempts in all, the first included
  Duration base_delay = std::chrono::seconds(2);
  Duration max_backoff = std::chrono::minutes(5);
  // A Retry-After longer than this is not waited for: the request fails with the reason, and
  // the host is held for this long.
  Duration max_retry_after = std::chrono::hours(1);
};

struct RetryDecision {
  bool retry = false;
  Duration delay{};  // wait this long before the next attempt (only if retry)
  // For 429 and 503: hold every request to the host for this long (HostQueue::HoldUntil), since
  // the server said it is overloaded, not that this one URL failed. Set even when giving up.
  std::optional<Duration> host_hold;
  std::string reason;  // e.g. "HTTP 503, attempt 2 of 4: retrying in 3.2 s"
};

class RetryPolicy {
 public:
  RetryPolicy(RetryOptions options, UnitRandom random);

  // `attempt` is the 1-based number of the attempt that ended with `outcome`.
  // REQUIRES: attempt >= 1.
  RetryDecision Decide(const AttemptOutcome& outcome, int attempt) const;

  // "Full jitter": uniform in [0, min(max_backoff, base_delay * 2^(attempt - 1))]. Spreads the
  // retries of many requests that failed together, instead of sending them back in waves.
  Duration Backoff(int attempt) const;

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  UnitRandom random_;
};

}  // namespace xxgk::crawl
