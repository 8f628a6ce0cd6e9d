// The fetch engine against a real server on 127.0.0.1: responses, politeness seen from the
// server side, retries and Retry-After, redirects and loops, timeouts, body limits (gzip bomb),
// conditional requests, robots.txt variants, the address guard, and shutdown.
// Timing assertions are only lower bounds (politeness); every wait is generous.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/fetch_harness.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

using namespace std::chrono_literals;

// The server sees a request when its header arrives, which is a little after the engine started
// it (a new connection's handshake, a descheduled thread). Start gaps seen by the server are
// therefore checked against the delay less this slack; the engine's own record of its starts
// (FetchResult::starts) is checked exactly.
constexpr auto kArrivalSlack = 50ms;

TestResponse RobotsAllowAll() { return Ok("User-agent: *\nDisallow:\n"); }

std::vector<TimePoint> AllStarts(const std::vector<FetchResult>& results) {
  std::vector<TimePoint> starts;
  for (const FetchResult& r : results) starts.insert(starts.end(), r.starts.begin(), r.starts.end());
  std::sort(starts.begin(), starts.end());
  return starts;
}

template <typename TimePointT>
std::chrono::nanoseconds MinGap(std::vector<TimePointT> points) {
  std::sort(points.begin(), points.end());
  std::chrono::nanoseconds gap = std::chrono::hours(1);
  for (size_t i = 1; i < points.size(); ++i) {
    gap = std::min(gap, std::chrono::duration_cast<std::chrono::nanoseconds>(points[i] - points[i - 1]));
  }
  return gap;
}

TEST(Fetcher, FetchesBodyHeadersAndTimings) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("hello " + r.target);
    response.headers.emplace_back("ETag", "\"v1\"");
    response.headers.emplace_back("X-Echo-UA", r.Header("user-agent"));
    return response;
  });
  const FetchResult r = h.RunOne(h.Url("A.TEST", "/x/../page?q=1#frag"));
  EXPECT_EQ(r.error, AttemptError::kNone) << r.reason;
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, "hello /page?q=1");
  EXPECT_EQ(r.final_url, h.Url("a.test", "/page?q=1"));
  EXPECT_EQ(r.Header("etag").value_or(""), "\"v1\"");
  EXPECT_EQ(r.Header("X-Echo-UA").value_or(""), DefaultUserAgent());
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(r.redirects.empty());
  EXPECT_GT(r.timings.total, 0);
  EXPECT_GE(r.timings.total, r.timings.first_byte);
  EXPECT_GE(r.timings.first_byte, r.timings.connect);
  EXPECT_EQ(h.server.CountRequests("a.test", "/robots.txt"), 1);
  EXPECT_TRUE(DefaultUserAgent().starts_with("xxgk/"));
}

TEST(Fetcher, RobotsTxtIsFetchedOncePerHost) {
  FetchHarness h([](const TestRequest& r) { return r.target == "/robots.txt" ? RobotsAllowAll() : Ok("p"); });
  std::vector<std::string> urls;
  for (int i = 0; i < 5; ++i) {
    urls.push_back(h.Url("a.test", "/p" + std::to_string(i)));
    urls.push_back(h.Url("b.test", "/p" + std::to_string(i)));
  }
  for (const FetchResult& r : h.Run(Requests(urls))) EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/robots.txt"), 1);
  EXPECT_EQ(h.server.CountRequests("b.test", "/robots.txt"), 1);
  EXPECT_EQ(h.server.Stats("a.test").requests, 6);
}

// Politeness, verified from the server: with one connection per host and 0.3 s between starts,
// the server never serves two requests of a host at once and never sees two arrivals of a host
// closer than the delay (less the arrival slack), while the hosts are served side by side.
TEST(Fetcher, PolitenessOneConnectionAndDelayPerHost) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("page");
    response.first_byte_delay = 30ms;
    return response;
  });
  h.options.politeness.min_delay = 300ms;
  std::vector<std::string> urls;
  for (int i = 0; i < 5; ++i) {
    for (const char* host : {"a.test", "b.test", "c.test"}) {
      urls.push_back(h.Url(host, "/p" + std::to_string(i)));
    }
  }
  const std::vector<FetchResult> results = h.Run(Requests(urls));
  for (const FetchResult& r : results) EXPECT_TRUE(r.ok()) << r.reason;
  for (const char* host : {"a.test", "b.test", "c.test"}) {
    const TestHttpServer::HostStats stats = h.server.Stats(host);
    EXPECT_EQ(stats.requests, 6) << host;  // robots.txt and five pages
    EXPECT_EQ(stats.max_concurrent, 1) << host;
    EXPECT_GE(MinGap(stats.arrivals), 300ms - kArrivalSlack) << host;
    std::vector<FetchResult> of_host;
    for (const FetchResult& r : results) {
      if (r.final_url.find(host) != std::string::npos) of_host.push_back(r);
    }
    EXPECT_GE(MinGap(AllStarts(of_host)), 300ms) << host;  // the engine's own record: exact
  }
  // Hosts do not wait for each other: three hosts at 0.3 s each are served in parallel.
  EXPECT_GE(h.server.max_concurrent_total(), 2);
}

TEST(Fetcher, PolitenessAllowsNConnectionsPerHostAndNoMore) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("slow");
    response.first_byte_delay = 200ms;
    return response;
  });
  h.options.politeness.max_in_flight_per_host = 2;
  std::vector<std::string> urls;
  for (int i = 0; i < 8; ++i) urls.push_back(h.Url("a.test", "/p" + std::to_string(i)));
  for (const FetchResult& r : h.Run(Requests(urls))) EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(h.server.Stats("a.test").max_concurrent, 2);
}

TEST(Fetcher, CrawlDelayFromRobotsTxtIsHonoured) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return Ok("User-agent: *\nCrawl-delay: 0.4\n");
    return Ok("p");
  });
  h.options.politeness.min_delay = 50ms;
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) urls.push_back(h.Url("a.test", "/p" + std::to_string(i)));
  for (const FetchResult& r : h.Run(Requests(urls))) EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_GE(MinGap(h.server.Stats("a.test").arrivals), 400ms - kArrivalSlack);
}

// --- retries ------------------------------------------------------------------------------------

TEST(Fetcher, RetryAfterOn429HoldsTheHost) {
  std::atomic<int> calls{0};
  FetchHarness h([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.target == "/limited" && calls++ == 0) {
      TestResponse response = WithStatus(429, "slow down");
      response.headers.emplace_back("Retry-After", "1");
      return response;
    }
    return Ok("fine");
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/limited"), h.Url("a.test", "/other")}));
  EXPECT_TRUE(results[0].ok()) << results[0].reason;
  EXPECT_EQ(results[0].attempts, 2);
  EXPECT_TRUE(results[1].ok()) << results[1].reason;
  // After the 429 nothing reaches the host for a second: the retry, and /other, wait.
  std::vector<TestRequest> after;
  ServerClock::time_point limited_at{};
  for (const TestRequest& r : h.server.Requests()) {
    if (r.target == "/limited" && limited_at == ServerClock::time_point{}) {
      limited_at = r.received;
    } else if (limited_at != ServerClock::time_point{}) {
      after.push_back(r);
    }
  }
  ASSERT_EQ(after.size(), 2u);
  for (const TestRequest& r : after) EXPECT_GE(r.received - limited_at, 1s - kArrivalSlack) << r.target;
}

TEST(Fetcher, Storm503GivesUpAfterMaxAttemptsWithTheReason) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    return WithStatus(503, "busy");
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/busy"));
  EXPECT_EQ(r.error, AttemptError::kNone);  // a final HTTP response, not a network error
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.http_status, 503);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.reason.find("giving up"), std::string::npos) << r.reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/busy"), 3);
}

TEST(Fetcher, NotFoundIsNotRetried) {
  FetchHarness h([](const TestRequest& r) {
    return r.target == "/robots.txt" ? RobotsAllowAll() : WithStatus(404, "no");
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/missing"));
  EXPECT_EQ(r.http_status, 404);
  EXPECT_EQ(r.attempts, 1);
}

TEST(Fetcher, ConnectionResetMidBodyIsRetriedThenRecorded) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response;
    response.generated_body = 200000;
    response.reset_after = 1000;
    return response;
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/reset"));
  EXPECT_EQ(r.error, AttemptError::kTransfer) << r.reason;
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.reason.find("giving up"), std::string::npos) << r.reason;
}

TEST(Fetcher, ResetOnceThenSuccess) {
  std::atomic<int> calls{0};
  FetchHarness h([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response;
    response.generated_body = 100000;
    if (calls++ == 0) response.reset_after = 500;
    return response;
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/flaky"));
  EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.body.size(), 100000u);
}

TEST(Fetcher, ContentLengthLargerThanBodyIsABrokenTransfer) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("short body");
    response.declared_length = 10000;
    return response;
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/short"));
  EXPECT_EQ(r.error, AttemptError::kTransfer) << r.reason;
  EXPECT_FALSE(r.ok());
}

TEST(Fetcher, ConnectionRefusedIsAConnectError) {
  FetchHarness h([](const TestRequest&) { return Ok(""); });
  h.options.obey_robots = false;
  h.options.resolve = {"closed.test:1:127.0.0.1"};
  const FetchResult r = h.RunOne("http://closed.test:1/");
  EXPECT_EQ(r.error, AttemptError::kConnect) << r.reason;
  EXPECT_EQ(r.attempts, 3);
}

// With robots.txt obeyed, a host that refuses connections fails its pages as a connect error
// with the system's reason, not as "robots.txt unreachable" alone (nor as a robots refusal).
TEST(Fetcher, ConnectionRefusedForRobotsTxtIsReportedWithItsCause) {
  FetchHarness h([](const TestRequest&) { return Ok(""); });
  h.options.resolve = {"closed.test:1:127.0.0.1"};
  const FetchResult r = h.RunOne("http://closed.test:1/page");
  EXPECT_EQ(r.error, AttemptError::kConnect) << r.reason;
  EXPECT_NE(r.reason.find("robots.txt unreachable: "), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("connect"), std::string::npos) << r.reason;  // curl's own words
}

// --- timeouts -----------------------------------------------------------------------------------

TEST(Fetcher, SlowFirstByteHitsTheTransferTimeout) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("late");
    response.first_byte_delay = 5s;
    return response;
  });
  h.options.transfer_timeout = 500ms;
  h.options.retry.max_attempts = 1;
  const FetchResult r = h.RunOne(h.Url("a.test", "/late"));
  EXPECT_EQ(r.error, AttemptError::kTimeout) << r.reason;
}

TEST(Fetcher, SlowDripHitsTheLowSpeedLimit) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response;
    response.generated_body = 100000;
    response.drip_bytes = 10;
    response.drip_interval = 200ms;
    return response;
  });
  h.options.low_speed_bytes = 1000;
  h.options.low_speed_time = 1s;
  h.options.retry.max_attempts = 1;
  const FetchResult r = h.RunOne(h.Url("a.test", "/drip"));
  EXPECT_EQ(r.error, AttemptError::kTimeout) << r.reason;
}

TEST(Fetcher, SlowButSteadyDripCompletes) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response;
    response.generated_body = 4000;
    response.drip_bytes = 1000;
    response.drip_interval = 100ms;
    return response;
  });
  h.options.low_speed_bytes = 100;
  h.options.low_speed_time = 5s;
  const FetchResult r = h.RunOne(h.Url("a.test", "/drip"));
  EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.body.size(), 4000u);
}

// --- redirects ----------------------------------------------------------------------------------

TEST(Fetcher, RedirectsAreFollowedHopByHopAcrossHosts) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") {
      return r.host == "b.test" ? Ok("User-agent: *\nDisallow: /secret\n") : RobotsAllowAll();
    }
    if (r.target == "/start") return Redirect(301, "/next");
    if (r.target == "/next") return Redirect(302, "http://B.test:" + r.Header("host").substr(r.Header("host").find(':') + 1) + "/final");
    if (r.target == "/to-secret") return Redirect(302, "http://b.test:" + r.Header("host").substr(r.Header("host").find(':') + 1) + "/secret");
    return Ok("arrived at " + r.host + r.target);
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/start"), h.Url("a.test", "/to-secret")}));
  const FetchResult& r = results[0];
  EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.body, "arrived at b.test/final");
  EXPECT_EQ(r.final_url, h.Url("b.test", "/final"));
  ASSERT_EQ(r.redirects.size(), 2u);
  EXPECT_EQ(r.redirects[0].url, h.Url("a.test", "/start"));
  EXPECT_EQ(r.redirects[0].status, 301);
  EXPECT_EQ(r.redirects[1].url, h.Url("a.test", "/next"));
  EXPECT_EQ(r.redirects[1].status, 302);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(h.server.CountRequests("b.test", "/robots.txt"), 1);  // each hop is robots-checked
  // A redirect into a disallowed path is refused, and the server never sees it.
  EXPECT_EQ(results[1].error, AttemptError::kRefused) << results[1].reason;
  EXPECT_EQ(h.server.CountRequests("b.test", "/secret"), 0);
}

TEST(Fetcher, RedirectLoopIsDetected) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.target == "/loop1") return Redirect(302, "/loop2");
    return Redirect(302, "/loop1");
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/loop1"));
  EXPECT_EQ(r.error, AttemptError::kTooManyRedirects);
  EXPECT_NE(r.reason.find("loop"), std::string::npos) << r.reason;
  EXPECT_EQ(r.redirects.size(), 1u);
  EXPECT_EQ(h.server.CountRequests("a.test", "/loop1"), 1);
}

TEST(Fetcher, SelfRedirectThatSetsACookieIsFollowedOnceWithTheCookie) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.Header("cookie").find("verify=6e1f") == std::string::npos) {
      TestResponse response = Redirect(302, r.target);
      response.headers.emplace_back("Set-Cookie", "verify=6e1f; Path=/");
      return response;
    }
    return Ok("welcome " + r.target);
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/list.htm"), h.Url("a.test", "/other.htm")}));
  EXPECT_TRUE(results[0].ok()) << results[0].reason;
  EXPECT_EQ(results[0].body, "welcome /list.htm");
  EXPECT_EQ(results[0].redirects.size(), 1u);
  EXPECT_EQ(results[0].status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(results[0].ip, "127.0.0.1");  // the final response's peer (the test server)
  EXPECT_EQ(h.server.CountRequests("a.test", "/list.htm"), 2);
  // The jar keeps the cookie for the host: the next page needs no detour.
  EXPECT_TRUE(results[1].ok()) << results[1].reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/other.htm"), 1);
}

TEST(Fetcher, SelfRedirectWithoutACookieOrTwiceIsALoop) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Redirect(302, r.target);
    if (r.target == "/always") response.headers.emplace_back("Set-Cookie", "n=1; Path=/");
    return response;
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/plain"), h.Url("a.test", "/always")}));
  EXPECT_EQ(results[0].error, AttemptError::kTooManyRedirects) << results[0].reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/plain"), 1);
  EXPECT_EQ(results[1].error, AttemptError::kTooManyRedirects) << results[1].reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/always"), 2);  // followed once, not forever
}

// --resolve exempts its address from the guard for exactly the name and port it maps (curl's
// semantics): a redirect to the same address under another name, spelling or port is refused
// before any connection.
TEST(Fetcher, AResolvedAddressIsAllowedOnlyForItsNameAndPort) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    const std::string port = r.Header("host").substr(r.Header("host").find(':') + 1);
    if (r.target == "/to-ip") return Redirect(302, "http://127.0.0.1:" + port + "/secret");
    if (r.target == "/to-localhost") return Redirect(302, "http://localhost:" + port + "/secret");
    if (r.target == "/to-int") return Redirect(302, "http://2130706433:" + port + "/secret");
    if (r.target == "/to-mapped") return Redirect(302, "http://[::ffff:127.0.0.1]:" + port + "/secret");
    return Ok("page " + r.target);
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/to-ip"), h.Url("a.test", "/to-localhost"),
                      h.Url("a.test", "/to-int"), h.Url("a.test", "/to-mapped"),
                      h.Url("a.test", "/fine")}));
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(results[i].error, AttemptError::kRefused) << results[i].requested_url << ": "
                                                         << results[i].reason;
  }
  EXPECT_TRUE(results[4].ok()) << results[4].reason;
  EXPECT_EQ(h.server.CountRequests("127.0.0.1", "/secret") +
                h.server.CountRequests("localhost", "/secret") +
                h.server.CountRequests("2130706433", "/secret"),
            0);
}

TEST(Fetcher, AtMostTenRedirects) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    const int n = std::stoi(r.target.substr(3));
    return Redirect(301, "/r/" + std::to_string(n + 1));
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/r/0"));
  EXPECT_EQ(r.error, AttemptError::kTooManyRedirects) << r.reason;
  EXPECT_EQ(r.redirects.size(), 10u);
  EXPECT_EQ(r.attempts, 11);
}

// What a WARC record of each hop needs (fetch_result.h): the hop's own status line and headers
// (not the final response's), the peer, when it was sent, and its body when small; a body over
// kMaxHopBodyBytes is not kept, only its size.
TEST(Fetcher, EachRedirectHopKeepsItsOwnStatusLineHeadersAddressTimeAndSmallBody) {
  const std::string big(kMaxHopBodyBytes + 1, 'b');
  FetchHarness h([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.target == "/start") {
      TestResponse response = Redirect(301, "/next");
      response.body = "<html>moved to /next</html>";
      response.headers.emplace_back("X-Hop", "one");
      return response;
    }
    if (r.target == "/next") {
      TestResponse response = Redirect(302, "/final");
      response.body = big;
      return response;
    }
    TestResponse response = Ok("arrived");
    response.headers.emplace_back("X-Final", "yes");
    return response;
  });
  const WallClock::time_point before = WallClock::now();
  const FetchResult r = h.RunOne(h.Url("a.test", "/start"));
  const WallClock::time_point after = WallClock::now();
  ASSERT_TRUE(r.ok()) << r.reason;
  ASSERT_EQ(r.redirects.size(), 2u);
  const RedirectHop& first = r.redirects[0];
  EXPECT_EQ(first.status_line, "HTTP/1.1 301 Moved Permanently");
  const std::vector<std::pair<std::string, std::string>> first_headers = {
      {"Content-Length", "27"}, {"Location", "/next"}, {"X-Hop", "one"}};
  EXPECT_EQ(first.headers, first_headers);
  EXPECT_EQ(first.ip, "127.0.0.1");
  EXPECT_GE(first.time, before);
  EXPECT_LE(first.time, r.redirects[1].time);
  EXPECT_LE(r.redirects[1].time, after);
  EXPECT_EQ(first.body, "<html>moved to /next</html>");
  EXPECT_EQ(first.body_bytes, 27u);
  EXPECT_EQ(first.form_body, "");
  const RedirectHop& second = r.redirects[1];
  EXPECT_EQ(second.status_line, "HTTP/1.1 302 Found");
  EXPECT_EQ(second.body, "");  // over the cap: not kept ...
  EXPECT_EQ(second.body_bytes, big.size());  // ... but its size is
  // The final response's own head, not a hop's.
  EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(r.Header("X-Hop"), std::nullopt);
  EXPECT_EQ(r.Header("X-Final"), "yes");
  EXPECT_EQ(r.Header("Location"), std::nullopt);
}

// A POSTed hop keeps the body it was sent with; after a 302 the next request is a GET.
TEST(Fetcher, APostedRedirectHopKeepsItsFormBody) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.target == "/a") return Redirect(307, "/b");
    if (r.target == "/b") return Redirect(302, "/c");
    return Ok(r.method + " " + r.target);
  });
  FetchRequest post;
  post.url = h.Url("a.test", "/a");
  post.form_body = "columnid=1011";
  const std::vector<FetchResult> r = h.Run({post});
  ASSERT_EQ(r[0].redirects.size(), 2u);
  EXPECT_EQ(r[0].redirects[0].form_body, "columnid=1011");
  EXPECT_EQ(r[0].redirects[1].form_body, "columnid=1011");  // 307 repeated the POST
  EXPECT_EQ(r[0].body, "GET /c");
  EXPECT_EQ(r[0].form_body, "");
}

// A redirect to where nothing answers (robots.txt of a.test:1 is unreachable, so the request is
// never sent): the result has no status line or address (not the hop's).
TEST(Fetcher, ARedirectToNothingLeavesNoStatusLineOfTheHop) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    return Redirect(302, "http://a.test:1/gone");
  });
  h.options.retry.max_attempts = 1;
  const FetchResult r = h.RunOne(h.Url("a.test", "/start"));
  EXPECT_NE(r.error, AttemptError::kNone);
  ASSERT_EQ(r.redirects.size(), 1u);
  EXPECT_EQ(r.redirects[0].status_line, "HTTP/1.1 302 Found");
  EXPECT_EQ(r.status_line, "");
  EXPECT_EQ(r.ip, "");
}

// --- body limits and encodings ------------------------------------------------------------------

TEST(Fetcher, HugeBodyIsAbortedAtTheLimit) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response;
    response.generated_body = size_t{200} << 20;  // 200 MiB
    return response;
  });
  h.options.max_body_bytes = 1 << 20;
  const FetchResult r = h.RunOne(h.Url("a.test", "/huge"));
  EXPECT_EQ(r.error, AttemptError::kTooLarge) << r.reason;
  EXPECT_LE(r.body.size(), size_t{1} << 20);
  EXPECT_EQ(r.attempts, 1);  // not retried
}

TEST(Fetcher, GzipIsDecodedAndAGzipBombIsStopped) {
  const std::string text(50000, 'a');
  const std::string small = Gzip(text);
  const std::string bomb = Gzip(std::string(size_t{64} << 20, '\0'));  // 64 MiB of zeros
  ASSERT_LT(bomb.size(), size_t{200} << 10);
  FetchHarness h([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok(r.target == "/bomb" ? bomb : small);
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.headers.emplace_back("X-Accept-Encoding-Was", r.Header("accept-encoding"));
    return response;
  });
  h.options.max_body_bytes = 1 << 20;
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/small"), h.Url("a.test", "/bomb")}));
  EXPECT_TRUE(results[0].ok()) << results[0].reason;
  EXPECT_EQ(results[0].body, text);
  EXPECT_NE(results[0].Header("X-Accept-Encoding-Was").value_or("").find("gzip"), std::string::npos);
  EXPECT_EQ(results[1].error, AttemptError::kTooLarge) << results[1].reason;
  EXPECT_LE(results[1].body.size(), size_t{1} << 20);
}

// --- conditional requests -----------------------------------------------------------------------

TEST(Fetcher, ConditionalRequestGets304AsUnchanged) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.Header("if-none-match") == "\"v7\"" &&
        r.Header("if-modified-since") == "Tue, 01 Feb 2022 00:00:00 GMT") {
      return WithStatus(304);
    }
    return Ok("full");
  });
  FetchRequest conditional;
  conditional.url = h.Url("a.test", "/doc");
  conditional.etag = "\"v7\"";
  conditional.last_modified = "Tue, 01 Feb 2022 00:00:00 GMT";
  FetchRequest plain;
  plain.url = h.Url("a.test", "/doc");
  const std::vector<FetchResult> results = h.Run({conditional, plain});
  EXPECT_EQ(results[0].http_status, 304);
  EXPECT_TRUE(results[0].unchanged);
  EXPECT_EQ(results[0].error, AttemptError::kNone);
  EXPECT_EQ(results[1].http_status, 200);
  EXPECT_FALSE(results[1].unchanged);
  EXPECT_EQ(results[1].body, "full");
}

TEST(Fetcher, AFormBodyIsPostedAndRedirectsTurnItIntoAGetAsBrowsersDo) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    if (r.target == "/see-other") return Redirect(303, "/list");
    if (r.target == "/temporary") return Redirect(307, "/list");
    return Ok(r.method + " " + r.target + " [" + r.body + "] " + r.Header("content-type"));
  });
  FetchRequest post;
  post.url = h.Url("a.test", "/list?startrecord=16");
  post.form_body = "webid=1&columnid=1011&path=%2F";
  post.etag = "\"v1\"";  // validators belong to GETs: not sent with a POST
  FetchRequest see_other = post, temporary = post, get;
  see_other.url = h.Url("a.test", "/see-other");
  temporary.url = h.Url("a.test", "/temporary");
  get.url = h.Url("a.test", "/list");  // after the POSTs on the same handle: a plain GET again
  const std::vector<FetchResult> r = h.Run({post, see_other, temporary, get});
  EXPECT_EQ(r[0].body,
            "POST /list?startrecord=16 [webid=1&columnid=1011&path=%2F] "
            "application/x-www-form-urlencoded");
  EXPECT_EQ(r[0].form_body, post.form_body);
  EXPECT_EQ(r[1].body, "GET /list [] ");  // 303: GET the new URL
  EXPECT_EQ(r[1].form_body, "");
  EXPECT_EQ(r[2].body, "POST /list [webid=1&columnid=1011&path=%2F] application/x-www-form-urlencoded");
  EXPECT_EQ(r[2].form_body, post.form_body);  // 307: the POST is repeated
  EXPECT_EQ(r[3].body, "GET /list [] ");
  for (const TestRequest& seen : h.server.Requests()) EXPECT_EQ(seen.Header("if-none-match"), "");
}

// --- robots.txt variants ------------------------------------------------------------------------

TEST(FetcherRobots, DisallowedPathIsRefusedWithoutAsking) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return Ok("User-agent: *\nDisallow: /private\n\nUser-agent: other\nDisallow: /\n");
    return Ok("p");
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/private/x"), h.Url("a.test", "/public")}));
  EXPECT_EQ(results[0].error, AttemptError::kRefused);
  EXPECT_NE(results[0].reason.find("robots.txt"), std::string::npos) << results[0].reason;
  EXPECT_EQ(results[0].attempts, 0);
  EXPECT_TRUE(results[1].ok()) << results[1].reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/private/x"), 0);
}

TEST(FetcherRobots, NotFoundAllowsEverything) {
  FetchHarness h([](const TestRequest& r) {
    return r.target == "/robots.txt" ? WithStatus(404) : Ok("p");
  });
  EXPECT_TRUE(h.RunOne(h.Url("a.test", "/anything")).ok());
}

TEST(FetcherRobots, ServerErrorDisallowsEverything) {
  FetchHarness h([](const TestRequest& r) {
    return r.target == "/robots.txt" ? WithStatus(500) : Ok("p");
  });
  const FetchResult r = h.RunOne(h.Url("a.test", "/page"));
  EXPECT_EQ(r.error, AttemptError::kRefused) << r.reason;
  EXPECT_NE(r.reason.find("robots.txt"), std::string::npos) << r.reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/page"), 0);
  EXPECT_EQ(h.server.CountRequests("a.test", "/robots.txt"), 3);  // retried like any 5xx
}

TEST(FetcherRobots, TimeoutDisallowsEverything) {
  FetchHarness h([](const TestRequest& r) {
    TestResponse response = RobotsAllowAll();
    if (r.target == "/robots.txt") response.first_byte_delay = 5s;
    return r.target == "/robots.txt" ? response : Ok("p");
  });
  h.options.transfer_timeout = 300ms;
  h.options.retry.max_attempts = 1;
  const FetchResult r = h.RunOne(h.Url("a.test", "/page"));
  // The page is not fetched, and fails as what happened to robots.txt: a timeout, with its cause.
  EXPECT_EQ(r.error, AttemptError::kTimeout) << r.reason;
  EXPECT_NE(r.reason.find("robots.txt unreachable: "), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("timed out"), std::string::npos) << r.reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/page"), 0);
}

TEST(FetcherRobots, RedirectIsFollowed) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return Redirect(301, "/real-robots.txt");
    if (r.target == "/real-robots.txt") return Ok("User-agent: xxgk\nDisallow: /no\n");
    return Ok("p");
  });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/no/1"), h.Url("a.test", "/yes")}));
  EXPECT_EQ(results[0].error, AttemptError::kRefused);
  EXPECT_TRUE(results[1].ok()) << results[1].reason;
}

TEST(FetcherRobots, MoreThanFiveRedirectsAllowsEverything) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target.starts_with("/robots")) {
      const int n = r.target == "/robots.txt" ? 0 : std::stoi(r.target.substr(8));
      return Redirect(302, "/robots/" + std::to_string(n + 1));
    }
    return Ok("p");
  });
  EXPECT_TRUE(h.RunOne(h.Url("a.test", "/page")).ok());
  EXPECT_EQ(h.server.CountRequests("a.test", "/robots/6"), 0);  // five redirects followed, no more
  EXPECT_EQ(h.server.CountRequests("a.test", "/robots/5"), 1);
}

TEST(FetcherRobots, HugeFileIsReadUpToTheLimit) {
  // 600 KiB of comments, then a rule past the 500 KiB limit: it must not apply.
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() < 600 * 1024) body += "# padding padding padding padding padding padding\n";
  body += "Disallow: /late\n";
  FetchHarness h([&](const TestRequest& r) { return r.target == "/robots.txt" ? Ok(body) : Ok("p"); });
  const std::vector<FetchResult> results =
      h.Run(Requests({h.Url("a.test", "/early"), h.Url("a.test", "/late")}));
  EXPECT_EQ(results[0].error, AttemptError::kRefused);
  EXPECT_TRUE(results[1].ok()) << results[1].reason;
}

// --- address guard ------------------------------------------------------------------------------

TEST(FetcherGuard, LoopbackWithoutResolveIsRefusedNotAConnectionError) {
  FetchHarness h([](const TestRequest&) { return Ok("should not be reached"); });
  h.options.obey_robots = false;
  h.options.resolve.clear();
  const std::string url = "http://127.0.0.1:" + std::to_string(h.server.port()) + "/";
  const FetchResult r = h.RunOne(url);
  EXPECT_EQ(r.error, AttemptError::kRefused) << r.reason;
  EXPECT_NE(r.reason.find("loopback"), std::string::npos) << r.reason;
  EXPECT_EQ(r.attempts, 1);  // refusals are not retried
  EXPECT_EQ(h.server.connections_accepted(), 0);
}

TEST(FetcherGuard, RobotsTxtRefusalGivesTheGuardsReason) {
  FetchHarness h([](const TestRequest&) { return Ok("should not be reached"); });
  h.options.resolve.clear();
  const FetchResult r = h.RunOne("http://localhost:" + std::to_string(h.server.port()) + "/x");
  EXPECT_EQ(r.error, AttemptError::kRefused) << r.reason;
  EXPECT_NE(r.reason.find("address guard"), std::string::npos) << r.reason;
  EXPECT_EQ(h.server.connections_accepted(), 0);
}

TEST(FetcherGuard, AllowedCidrLetsLoopbackThrough) {
  FetchHarness h([](const TestRequest& r) { return r.target == "/robots.txt" ? RobotsAllowAll() : Ok("in"); });
  h.options.resolve.clear();
  h.options.allowed_cidrs = {"127.0.0.0/8"};
  EXPECT_TRUE(h.RunOne("http://127.0.0.1:" + std::to_string(h.server.port()) + "/").ok());
}

TEST(FetcherOptionsCheck, BadResolveEntryIsRefused) {
  boost::asio::io_context io;
  std::unique_ptr<Fetcher> fetcher;
  FetcherOptions options;
  options.resolve = {"a.test:80"};
  EXPECT_FALSE(Fetcher::Create(io, options, &fetcher).ok());
  options.resolve = {"a.test:80:not-an-ip"};
  EXPECT_FALSE(Fetcher::Create(io, options, &fetcher).ok());
  options.resolve = {"a.test:80:10.0.0.1"};
  options.allowed_cidrs = {"10.0.0.1/8"};
  EXPECT_FALSE(Fetcher::Create(io, options, &fetcher).ok());
  options.allowed_cidrs = {};
  EXPECT_TRUE(Fetcher::Create(io, options, &fetcher).ok());
}

TEST(FetcherOptionsCheck, ExtraHeadersTheEngineControlsAreRefused) {
  boost::asio::io_context io;
  std::unique_ptr<Fetcher> fetcher;
  FetcherOptions options;
  for (const char* header : {"Host: a.test", "HOST: a.test", "If-Modified-Since: x", "Range: 0-1",
                             "X-Empty:", "X-Break: a\r\nHost: b", ": x", "No colon"}) {
    options.extra_headers = {header};
    EXPECT_FALSE(Fetcher::Create(io, options, &fetcher).ok()) << header;
    EXPECT_FALSE(CheckExtraHeader(header).ok()) << header;
  }
  options.extra_headers = {"Accept-Language: zh-CN", "Cookie: a=b", "X-Probe:1"};
  EXPECT_TRUE(Fetcher::Create(io, options, &fetcher).ok());
}

// --- shutdown -----------------------------------------------------------------------------------

TEST(FetcherStop, QueuedWorkIsCancelledAndInFlightEndsWithinGrace) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("slow");
    response.first_byte_delay = r.target == "/quick" ? 100ms : 30s;
    return response;
  });
  h.options.shutdown_grace = 1s;
  const auto begin = Clock::now();
  const std::vector<FetchResult> results = h.Run(
      Requests({h.Url("a.test", "/quick"), h.Url("b.test", "/stuck"), h.Url("a.test", "/queued")}),
      [&h](boost::asio::io_context& io, Fetcher& fetcher) {
        auto timer = std::make_shared<boost::asio::steady_timer>(io, 50ms);
        // Stop once both transfers are in flight (polled: the engine has no event for it). The
        // server must have both requests: in_flight() counts the two hosts' robots.txt fetches
        // too, and a stop while those ran cancelled /stuck before it started (seen once in a
        // loaded ctest run: "cancelled: the engine is shutting down", not the grace's reason).
        auto poll = std::make_shared<std::function<void(const boost::system::error_code&)>>();
        *poll = [timer, poll, &fetcher, &h](const boost::system::error_code&) {
          if (fetcher.in_flight() >= 2 && h.server.CountRequests("a.test", "/quick") == 1 &&
              h.server.CountRequests("b.test", "/stuck") == 1) {
            fetcher.Stop();
            *poll = nullptr;
            return;
          }
          timer->expires_after(10ms);
          timer->async_wait(*poll);
        };
        timer->async_wait(*poll);
      });
  EXPECT_LT(Clock::now() - begin, 20s);  // not the stuck response's 30 s
  EXPECT_TRUE(results[0].ok()) << results[0].reason;  // ended within the grace period
  EXPECT_EQ(results[1].error, AttemptError::kCancelled);
  EXPECT_NE(results[1].reason.find("grace"), std::string::npos) << results[1].reason;
  EXPECT_EQ(results[2].error, AttemptError::kCancelled);
  EXPECT_NE(results[2].reason.find("cancelled"), std::string::npos) << results[2].reason;
  EXPECT_EQ(h.server.CountRequests("a.test", "/queued"), 0);
}

// --- scale --------------------------------------------------------------------------------------

// 1,000 host names on the one server, delay 0: every host busy at once, none failing, each one
// with its own robots.txt fetched exactly once and never two requests of a host at once.
// A polite crawl has few transfers in flight at once, and libcurl's default connection cache
// holds only four connections per transfer in flight: at the end of each wave of requests it
// would close most hosts' connections, and the next wave would connect again. The engine sizes
// the cache itself, so each host keeps its one connection between its requests.
TEST(Fetcher, ConnectionsAreKeptBetweenAHostsPoliteRequests) {
  FetchHarness h([](const TestRequest& r) {
    return r.target == "/robots.txt" ? RobotsAllowAll() : Ok("p");
  });
  constexpr int kHosts = 20;
  h.options.politeness.min_delay = 150ms;
  h.options.resolve.clear();
  std::vector<std::string> urls;
  for (int i = 0; i < kHosts; ++i) {
    const std::string host = "h" + std::to_string(i) + ".test";
    h.options.resolve.push_back(h.server.ResolveEntry(host));
    for (int p = 0; p < 3; ++p) urls.push_back(h.Url(host, "/p" + std::to_string(p)));
  }
  for (const FetchResult& r : h.Run(Requests(urls))) EXPECT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(static_cast<int>(h.server.Requests().size()), kHosts * 4);  // robots.txt + 3 pages
  EXPECT_EQ(h.server.connections_accepted(), kHosts);  // one per host, reused
}

TEST(FetcherScale, ThousandHostsConcurrently) {
  FetchHarness h([](const TestRequest& r) {
    if (r.target == "/robots.txt") return RobotsAllowAll();
    TestResponse response = Ok("page " + r.host + r.target);
    response.first_byte_delay = 100ms;  // keeps many transfers open at the same time
    return response;
  });
  constexpr int kHosts = 1000;
  constexpr int kPagesPerHost = 3;
  h.options.resolve.clear();
  std::vector<std::string> urls;
  for (int i = 0; i < kHosts; ++i) {
    const std::string host = "h" + std::to_string(i) + ".county.test";
    h.options.resolve.push_back(h.server.ResolveEntry(host));
    for (int p = 0; p < kPagesPerHost; ++p) urls.push_back(h.Url(host, "/p" + std::to_string(p)));
  }
  h.options.max_transfers = kHosts;
  h.options.connect_timeout = 60s;
  h.options.transfer_timeout = 120s;
  const std::vector<FetchResult> results = h.Run(Requests(urls), {}, std::chrono::seconds(300));
  int failures = 0;
  for (const FetchResult& r : results) {
    if (!r.ok() || r.attempts != 1) {
      if (++failures <= 5) ADD_FAILURE() << r.requested_url << ": " << r.reason;
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(static_cast<int>(h.server.Requests().size()), kHosts * (kPagesPerHost + 1));
  int max_per_host = 0;
  for (int i = 0; i < kHosts; i += 37) {
    max_per_host = std::max(max_per_host, h.server.Stats("h" + std::to_string(i) + ".county.test").max_concurrent);
  }
  EXPECT_EQ(max_per_host, 1);
  // Hundreds of hosts were being served at the same moment.
  EXPECT_GE(h.server.max_concurrent_total(), 200);
}

}  // namespace
}  // namespace xxgk::crawl::testing
