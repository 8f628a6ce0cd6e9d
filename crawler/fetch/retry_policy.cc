// Retries: the retryable outcomes, full-jitter backoff and Retry-After.
#include "crawler/fetch/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <utility>

namespace xxgk::crawl {
namespace {

using std::chrono::duration_cast;
using Seconds = std::chrono::duration<double>;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string FormatSeconds(Duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", duration_cast<Seconds>(d).count());
  return text;
}

std::string Describe(const AttemptOutcome& outcome) {
  if (outcome.error == AttemptError::kNone) return "HTTP " + std::to_string(outcome.http_status);
  return std::string(AttemptErrorName(outcome.error));
}

// RFC 9110 section 15.6.2 (501) and 15.6.6 (505): the server cannot serve this request at all.
bool IsRetryableStatus(int status) {
  if (status == 408 || status == 429) return true;  // RFC 9110 15.5.9; RFC 6585 section 4
  return status >= 500 && status <= 599 && status != 501 && status != 505;
}

bool HonoursRetryAfter(const AttemptOutcome& outcome) {
  return outcome.error == AttemptError::kNone &&
         (outcome.http_status == 429 || outcome.http_status == 503);
}

}  // namespace

std::string_view AttemptErrorName(AttemptError error) {
  switch (error) {
    case AttemptError::kNone:
      return "none";
    case AttemptError::kResolve:
      return "host name not resolved";
    case AttemptError::kConnect:
      return "connection failed";
    case AttemptError::kTimeout:
      return "timed out";
    case AttemptError::kTransfer:
      return "transfer broken off";
    case AttemptError::kTls:
      return "TLS failure";
    case AttemptError::kTooLarge:
      return "body too large";
    case AttemptError::kTooManyRedirects:
      return "too many redirects";
    case AttemptError::kRefused:
      return "refused by the crawler";
    case AttemptError::kCancelled:
      return "cancelled";
    case AttemptError::kOther:
      return "other error";
  }
  return "other error";
}

AttemptError ClassifyCurlResult(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OK:
      return AttemptError::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return AttemptError::kResolve;
    case CURLE_COULDNT_CONNECT:
      return AttemptError::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return AttemptError::kTimeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return AttemptError::kTransfer;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return AttemptError::kTls;
    case CURLE_FILESIZE_EXCEEDED:
      return AttemptError::kTooLarge;
    case CURLE_TOO_MANY_REDIRECTS:
      return AttemptError::kTooManyRedirects;
    default:
      return AttemptError::kOther;
  }
}

bool IsRetryable(const AttemptOutcome& outcome) {
  switch (outcome.error) {
    case AttemptError::kNone:
      return IsRetryableStatus(outcome.http_status);
    case AttemptError::kResolve:
    case AttemptError::kConnect:
    case AttemptError::kTimeout:
    case AttemptError::kTransfer:
      return true;
    case AttemptError::kTls:
    case AttemptError::kTooLarge:
    case AttemptError::kTooManyRedirects:
    case AttemptError::kRefused:
    case AttemptError::kCancelled:
    case AttemptError::kOther:
      return false;
  }
  return false;
}

std::optional<Duration> ParseRetryAfter(std::string_view value,
                                        std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  // delay-seconds = 1*DIGIT. Saturate rather than overflow: anything over ten years is "never".
  constexpr int64_t kTenYears = int64_t{10} * 365 * 24 * 3600;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    for (char c : value) {
      seconds = std::min(kTenYears, seconds * 10 + (c - '0'));
    }
    return duration_cast<Duration>(std::chrono::seconds(seconds));
  }
  const std::string date(value);
  const time_t when = curl_getdate(date.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const auto target = std::chrono::system_clock::from_time_t(when);
  if (target <= now) return Duration::zero();
  const auto ahead = std::chrono::duration_cast<std::chrono::seconds>(target - now);
  return duration_cast<Duration>(std::min(ahead, std::chrono::seconds(kTenYears)));
}

RetryPolicy::RetryPolicy(RetryOptions options, UnitRandom random)
    : options_(options), random_(std::move(random)) {}

Duration RetryPolicy::Backoff(int attempt) const {
  Duration ceiling = options_.base_delay;
  for (int i = 1; i < attempt && ceiling < options_.max_backoff; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, options_.max_backoff);
  const double unit = std::clamp(random_(), 0.0, 1.0);
  return duration_cast<Duration>(Seconds(duration_cast<Seconds>(ceiling).count() * unit));
}

RetryDecision RetryPolicy::Decide(const AttemptOutcome& outcome, int attempt) const {
  RetryDecision decision;
  const std::string what = Describe(outcome) + ", attempt " + std::to_string(attempt) + " of " +
                           std::to_string(options_.max_attempts);
  if (!IsRetryable(outcome)) {
    decision.reason = what + ": not retryable";
    return decision;
  }
  std::optional<Duration> retry_after;
  if (HonoursRetryAfter(outcome)) retry_after = outcome.retry_after;
  const Duration backoff = Backoff(attempt);
  const Duration wait = std::max(backoff, retry_after.value_or(Duration::zero()));
  // A 429 or 503 is about the host, not this URL: hold the host as long as we wait.
  if (outcome.error == AttemptError::kNone &&
      (outcome.http_status == 429 || outcome.http_status == 503)) {
    decision.host_hold = std::min(wait, options_.max_retry_after);
  }
  if (retry_after && *retry_after > options_.max_retry_after) {
    decision.reason = what + ": Retry-After of " + FormatSeconds(*retry_after) +
                      " exceeds the limit of " + FormatSeconds(options_.max_retry_after) +
                      ", giving up";
    return decision;
  }
  if (attempt >= options_.max_attempts) {
    decision.reason = what + ": giving up";
    return decision;
  }
  decision.retry = true;
  decision.delay = wait;
  decision.reason = what + ": retrying in " + FormatSeconds(wait) +
                    (retry_after && *retry_after >= backoff ? " (Retry-After)" : "");
  return decision;
}

}  // namespace xxgk::crawl
