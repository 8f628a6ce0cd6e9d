// The fetch engine through a forward proxy (the test server answering absolute-form requests as
// the origin would): every transfer, robots.txt included, goes to the proxy; the origin's name is
// resolved by the proxy, never by us; and the address guard judges the address actually
// connected to, the proxy's (docs/crawler.md, "Proxies and the address guard"). An https://
// URL goes through a CONNECT tunnel to a TLS origin, and its certificate is still verified.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/test_certificate.h"
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

// An HTTPS origin behind the proxy: the proxy's CONNECT tunnels lead to it, whatever port the
// client asks for, so https://far.example/ (port 443, a name nobody here resolves) reaches it.
class FetcherProxyTunnel : public FetcherProxy {
 protected:
  FetcherProxyTunnel()
      : tls_(MakeSelfSignedCertificate({"far.example"})),
        origin_(
            [](const TestRequest& r) {
              TestResponse response;
              if (r.target == "/robots.txt") {
                response.status = 404;
              } else {
                response.body = "tunnelled to " + r.host + r.target;
              }
              return response;
            },
            tls_) {
    proxy_.TunnelTo(origin_.port());
  }
  ~FetcherProxyTunnel() override {
    if (!ca_file_.empty()) std::filesystem::remove(ca_file_);
  }

  // The certificate alone (never the key) as a CA file, removed by the fixture.
  std::string WriteCaFile() {
    ca_file_ = testing::WriteCaFile(tls_, "xxgk_proxy_ca");
    return ca_file_;
  }

  TestTls tls_;
  TestHttpServer origin_;
  std::string ca_file_;
};

TEST_F(FetcherProxyTunnel, HttpsGoesThroughAConnectTunnelAndIsVerified) {
  options_.ca_file = WriteCaFile();
  const FetchResult result = Fetch("https://far.example/report?id=7");
  EXPECT_EQ(result.error, AttemptError::kNone) << result.reason;
  EXPECT_EQ(result.body, "tunnelled to far.example/report?id=7");
  EXPECT_EQ(origin_.CountRequests("far.example", "/robots.txt"), 1);
  EXPECT_EQ(origin_.CountRequests("far.example", "/report?id=7"), 1);
  // One tunnel, named by host (the proxy resolves it), kept for both requests; the proxy saw
  // no request itself, only ciphertext.
  EXPECT_EQ(proxy_.connect_requests(), 1);
  EXPECT_EQ(proxy_.ConnectTargets(), std::vector<std::string>{"far.example:443"});
  EXPECT_EQ(proxy_.Requests().size(), 0u);
}

TEST_F(FetcherProxyTunnel, TheCertificateIsStillCheckedThroughTheTunnel) {
  options_.obey_robots = false;
  const FetchResult result = Fetch("https://far.example/report");
  EXPECT_EQ(result.error, AttemptError::kTls) << result.reason;
  EXPECT_NE(result.reason.find("certificate"), std::string::npos) << result.reason;
  EXPECT_EQ(proxy_.connect_requests(), 1);  // the tunnel was made; TLS over it was refused
  // The origin counts the broken handshake when it reads the client's alert, possibly after
  // the fetch has returned: wait for that event.
  EXPECT_EQ(origin_.WaitForTlsHandshakesFailed(1), 1);
  EXPECT_EQ(origin_.Requests().size(), 0u);
}

TEST_F(FetcherProxyTunnel, AnUnreachableTunnelTargetIsAnError) {
  proxy_.TunnelTo(0);  // the request's port, 1: nothing listens there on 127.0.0.1
  options_.obey_robots = false;
  const FetchResult result = Fetch("https://far.example:1/report");
  EXPECT_NE(result.error, AttemptError::kNone);
  EXPECT_EQ(proxy_.ConnectTargets(), std::vector<std::string>{"far.example:1"});
  EXPECT_EQ(origin_.connections_accepted(), 0);
}

}  // namespace
}  // namespace xxgk::crawl::testing
