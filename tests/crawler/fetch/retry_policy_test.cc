// Retry policy: which outcomes retry, full-jitter backoff with an injected random source, the
// attempt limit, Retry-After parsing (seconds and the three HTTP-date forms) and its cap.
#include "crawler/fetch/retry_policy.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <vector>

namespace xxgk::crawl {
namespace {

using namespace std::chrono_literals;

AttemptOutcome Http(int status, std::optional<Duration> retry_after = std::nullopt) {
  return AttemptOutcome{AttemptError::kNone, status, retry_after};
}
AttemptOutcome Failed(AttemptError error) { return AttemptOutcome{error, 0, std::nullopt}; }

UnitRandom Constant(double value) {
  return [value] { return value; };
}

constexpr double kAlmostOne = 0.999999999;

TEST(RetryableTest, TransientHttpStatusesRetryOthersDoNot) {
  for (int status : {408, 429, 500, 502, 503, 504, 507, 599}) {
    EXPECT_TRUE(IsRetryable(Http(status))) << status;
  }
  for (int status : {200, 204, 301, 304, 400, 401, 403, 404, 410, 451, 501, 505}) {
    EXPECT_FALSE(IsRetryable(Http(status))) << status;
  }
}

TEST(RetryableTest, NetworkFailuresRetryOurOwnLimitsDoNot) {
  for (AttemptError e : {AttemptError::kResolve, AttemptError::kConnect, AttemptError::kTimeout,
                         AttemptError::kTransfer}) {
    EXPECT_TRUE(IsRetryable(Failed(e))) << AttemptErrorName(e);
  }
  for (AttemptError e :
       {AttemptError::kTls, AttemptError::kTooLarge, AttemptError::kTooManyRedirects,
        AttemptError::kRefused, AttemptError::kCancelled, AttemptError::kOther}) {
    EXPECT_FALSE(IsRetryable(Failed(e))) << AttemptErrorName(e);
  }
}

TEST(RetryableTest, CurlResultsAreClassified) {
  EXPECT_EQ(ClassifyCurlResult(CURLE_OK), AttemptError::kNone);
  EXPECT_EQ(ClassifyCurlResult(CURLE_COULDNT_RESOLVE_HOST), AttemptError::kResolve);
  EXPECT_EQ(ClassifyCurlResult(CURLE_COULDNT_CONNECT), AttemptError::kConnect);
  EXPECT_EQ(ClassifyCurlResult(CURLE_OPERATION_TIMEDOUT), AttemptError::kTimeout);
  EXPECT_EQ(ClassifyCurlResult(CURLE_RECV_ERROR), AttemptError::kTransfer);
  EXPECT_EQ(ClassifyCurlResult(CURLE_PARTIAL_FILE), AttemptError::kTransfer);
  EXPECT_EQ(ClassifyCurlResult(CURLE_GOT_NOTHING), AttemptError::kTransfer);
  EXPECT_EQ(ClassifyCurlResult(CURLE_PEER_FAILED_VERIFICATION), AttemptError::kTls);
  EXPECT_EQ(ClassifyCurlResult(CURLE_FILESIZE_EXCEEDED), AttemptError::kTooLarge);
  EXPECT_EQ(ClassifyCurlResult(CURLE_TOO_MANY_REDIRECTS), AttemptError::kTooManyRedirects);
  EXPECT_EQ(ClassifyCurlResult(CURLE_UNSUPPORTED_PROTOCOL), AttemptError::kOther);
}

TEST(BackoffTest, CeilingDoublesPerAttemptUpToTheCap) {
  RetryOptions options;
  options.base_delay = 2s;
  options.max_backoff = 60s;
  const RetryPolicy top(options, Constant(kAlmostOne));
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(1)).count(), 2.0, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(2)).count(), 4.0, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(3)).count(), 8.0, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(5)).count(), 32.0, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(6)).count(), 60.0, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(top.Backoff(100)).count(), 60.0, 1e-6);
}

TEST(BackoffTest, FullJitterScalesTheWholeRange) {
  RetryOptions options;
  options.base_delay = 1s;
  EXPECT_EQ(RetryPolicy(options, Constant(0.0)).Backoff(4), 0s);
  EXPECT_EQ(RetryPolicy(options, Constant(0.25)).Backoff(4), 2s);  // a quarter of 8 s
  EXPECT_EQ(RetryPolicy(options, Constant(0.5)).Backoff(3), 2s);   // half of 4 s
  // Out-of-range random values are clamped, never negative or beyond the ceiling.
  EXPECT_EQ(RetryPolicy(options, Constant(-3.0)).Backoff(2), 0s);
  EXPECT_EQ(RetryPolicy(options, Constant(7.0)).Backoff(2), 2s);
}

TEST(BackoffTest, DrawsFromTheInjectedSourceEachTime) {
  std::vector<double> values = {0.5, 0.25, 0.75};
  size_t next = 0;
  RetryOptions options;
  options.base_delay = 4s;
  const RetryPolicy policy(options, [&] { return values[next++ % values.size()]; });
  EXPECT_EQ(policy.Backoff(1), 2s);
  EXPECT_EQ(policy.Backoff(1), 1s);
  EXPECT_EQ(policy.Backoff(1), 3s);
}

TEST(RetryDecisionTest, RetriesUntilTheLastAttemptThenGivesUpWithReason) {
  RetryOptions options;
  options.max_attempts = 3;
  options.base_delay = 1s;
  const RetryPolicy policy(options, Constant(0.5));
  const RetryDecision first = policy.Decide(Failed(AttemptError::kTimeout), 1);
  EXPECT_TRUE(first.retry);
  EXPECT_EQ(first.delay, 500ms);
  EXPECT_NE(first.reason.find("timed out, attempt 1 of 3: retrying in 0.5 s"), std::string::npos)
      << first.reason;
  const RetryDecision second = policy.Decide(Http(502), 2);
  EXPECT_TRUE(second.retry);
  EXPECT_EQ(second.delay, 1s);
  EXPECT_FALSE(second.host_hold.has_value());  // a 502 is about this request
  const RetryDecision last = policy.Decide(Http(502), 3);
  EXPECT_FALSE(last.retry);
  EXPECT_NE(last.reason.find("HTTP 502, attempt 3 of 3: giving up"), std::string::npos)
      << last.reason;
}

TEST(RetryDecisionTest, NonRetryableOutcomesAreNotRetried) {
  const RetryPolicy policy(RetryOptions{}, Constant(0.5));
  const RetryDecision d = policy.Decide(Http(404), 1);
  EXPECT_FALSE(d.retry);
  EXPECT_NE(d.reason.find("HTTP 404"), std::string::npos);
  EXPECT_NE(d.reason.find("not retryable"), std::string::npos);
  EXPECT_FALSE(policy.Decide(Failed(AttemptError::kTls), 1).retry);
}

TEST(RetryDecisionTest, RetryAfterOn503And429IsWaitedForAndHoldsTheHost) {
  RetryOptions options;
  options.base_delay = 1s;
  const RetryPolicy policy(options, Constant(0.5));
  const RetryDecision d503 = policy.Decide(Http(503, 30s), 1);
  EXPECT_TRUE(d503.retry);
  EXPECT_EQ(d503.delay, 30s);
  ASSERT_TRUE(d503.host_hold.has_value());
  EXPECT_EQ(*d503.host_hold, 30s);
  EXPECT_NE(d503.reason.find("Retry-After"), std::string::npos) << d503.reason;
  // A Retry-After shorter than the backoff does not shorten the wait.
  const RetryDecision short_after = policy.Decide(Http(429, 0s), 3);  // backoff: half of 4 s
  EXPECT_EQ(short_after.delay, 2s);
  // 429 without Retry-After still holds the host for the backoff.
  const RetryDecision d429 = policy.Decide(Http(429), 2);
  ASSERT_TRUE(d429.host_hold.has_value());
  EXPECT_EQ(*d429.host_hold, 1s);
  EXPECT_EQ(d429.delay, 1s);
}

TEST(RetryDecisionTest, RetryAfterIsIgnoredOnOtherStatuses) {
  RetryOptions options;
  options.base_delay = 1s;
  const RetryPolicy policy(options, Constant(0.5));
  const RetryDecision d = policy.Decide(Http(500, 600s), 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 500ms);
  EXPECT_FALSE(d.host_hold.has_value());
}

TEST(RetryDecisionTest, RetryAfterBeyondTheCapGivesUpAndHoldsTheHostForTheCap) {
  RetryOptions options;
  options.max_retry_after = 10min;
  const RetryPolicy policy(options, Constant(0.5));
  const RetryDecision d = policy.Decide(Http(503, 2h), 1);
  EXPECT_FALSE(d.retry);
  ASSERT_TRUE(d.host_hold.has_value());
  EXPECT_EQ(*d.host_hold, 10min);
  EXPECT_NE(d.reason.find("exceeds the limit"), std::string::npos) << d.reason;
  // Exactly the cap is still waited for.
  EXPECT_TRUE(policy.Decide(Http(503, 10min), 1).retry);
}

class RetryAfterTest : public ::testing::Test {
 protected:
  // Wed, 21 Oct 2015 07:28:00 GMT minus two minutes.
  const std::chrono::system_clock::time_point now_ =
      std::chrono::system_clock::from_time_t(1445412480) - 2min;
};

TEST_F(RetryAfterTest, DelaySeconds) {
  EXPECT_EQ(ParseRetryAfter("120", now_), Duration(120s));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now_), Duration(0s));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999999", now_),
            Duration(std::chrono::seconds(int64_t{10} * 365 * 24 * 3600)));
}

TEST_F(RetryAfterTest, HttpDateInAllThreeForms) {
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now_), Duration(120s));
  EXPECT_EQ(ParseRetryAfter("Wednesday, 21-Oct-15 07:28:00 GMT", now_), Duration(120s));
  EXPECT_EQ(ParseRetryAfter("Wed Oct 21 07:28:00 2015", now_), Duration(120s));
}

TEST_F(RetryAfterTest, DateInThePastIsZero) {
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now_), Duration(0s));
}

TEST_F(RetryAfterTest, AnythingElseIsNotARetryAfter) {
  for (const char* bad : {"", "   ", "soon", "-5", "1.5", "5s", "+30"}) {
    EXPECT_FALSE(ParseRetryAfter(bad, now_).has_value()) << bad;
  }
}

}  // namespace
}  // namespace xxgk::crawl
