// The fetch engine through a forward proxy (the test server answering absolute-form requests as
// the origin would): every transfer, robots.txt included, goes to the proxy; the origin's name is
// resolved by the proxy, never by us; and the address guard judges the address actually
// connected to, the proxy's (docs/crawler.md, "Proxies and the address guard").
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "crawler/fetcher.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

class FetcherProxy : public ::testing::Test {
 protected:
  FetcherProxy()
      : proxy_([](const TestRequest& r) {
          TestResponse response;
          if (r.target == "/robots.txt") {
            response.status = 404;
          } else {
            response.body = (r.proxied ? "relayed to " : "served by ") + r.host + r.target;
          }
          return response;
        }) {
    options_.politeness.min_delay = Duration::zero();
    options_.retry.max_attempts = 1;
    options_.random_seed = 1;
    options_.proxy = "http://127.0.0.1:" + std::to_string(proxy_.port());
  }

  FetchResult Fetch(const std::string& url) {
    boost::asio::io_context io;
    std::unique_ptr<Fetcher> fetcher;
    const Status s = Fetcher::Create(io, options_, &fetcher);
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return {};
    FetchResult result;
    FetchRequest request;
    request.url = url;
    fetcher->Fetch(request, [&](FetchResult r) { result = std::move(r); });
    io.run();
    return result;
  }

  TestHttpServer proxy_;
  FetcherOptions options_;
};

TEST_F(FetcherProxy, EveryTransferGoesThroughTheProxy) {
  // far.example is never resolved here (no --resolve): only the proxy knows where it is.
  const FetchResult result = Fetch("http://far.example/report?id=7");
  EXPECT_EQ(result.error, AttemptError::kNone) << result.reason;
  EXPECT_EQ(result.body, "relayed to far.example/report?id=7");
  EXPECT_EQ(proxy_.proxied_requests(), 2);  // robots.txt and the page
  EXPECT_EQ(proxy_.CountRequests("far.example", "/robots.txt"), 1);
  EXPECT_EQ(proxy_.CountRequests("far.example", "/report?id=7"), 1);
}

TEST_F(FetcherProxy, TheGuardJudgesTheProxyNotTheTarget) {
  // A loopback target behind a proxy is the proxy's to refuse: we connect only to the proxy,
  // whose address the operator chose.
  const FetchResult result = Fetch("http://127.0.0.1:9/internal");
  EXPECT_EQ(result.error, AttemptError::kNone) << result.reason;
  EXPECT_EQ(result.body, "relayed to 127.0.0.1/internal");
}

TEST_F(FetcherProxy, WithoutTheProxyTheSameLoopbackTargetIsRefused) {
  options_.proxy.clear();
  setenv("no_proxy", "*", 1);  // whatever the environment says, go direct
  const FetchResult result = Fetch(proxy_.Url("127.0.0.1", "/internal"));
  unsetenv("no_proxy");
  EXPECT_EQ(result.error, AttemptError::kRefused) << result.reason;
  EXPECT_NE(result.reason.find("address guard"), std::string::npos) << result.reason;
  EXPECT_EQ(proxy_.connections_accepted(), 0);
}

TEST_F(FetcherProxy, OnlyTheProxysPortIsAllowedOnItsAddress) {
  // no_proxy sends 127.0.0.1 direct; that the proxy listens on 127.0.0.1 must not open every
  // port of the loopback to the crawler.
  setenv("no_proxy", "127.0.0.1", 1);
  const FetchResult result = Fetch("http://127.0.0.1:9/internal");
  unsetenv("no_proxy");
  EXPECT_EQ(result.error, AttemptError::kRefused) << result.reason;
  EXPECT_NE(result.reason.find("address guard"), std::string::npos) << result.reason;
  EXPECT_EQ(proxy_.connections_accepted(), 0);
}

}  // namespace
}  // namespace xxgk::crawl::testing
