// The fetch engine over HTTPS, against the test server in TLS mode with a throwaway self-signed
// certificate: verification is on by default (a failure, not retried), insecure_tls_hosts lets
// exactly the listed host through and logs it, and a CA file given explicitly verifies.
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

bool Contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const std::string& line : lines) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

class FetcherTls : public ::testing::Test {
 protected:
  FetcherTls()
      : tls_(MakeSelfSignedCertificate({"tls.test", "other.test"})),
        server_(
            [](const TestRequest& r) {
              TestResponse response;
              if (r.target == "/robots.txt") {
                response.status = 404;
              } else {
                response.body = "secret of " + r.host;
              }
              return response;
            },
            tls_) {
    options_.politeness.min_delay = Duration::zero();
    options_.retry.max_attempts = 3;
    options_.retry.base_delay = std::chrono::milliseconds(20);
    options_.random_seed = 1;
    for (const char* host : {"tls.test", "other.test", "wrong.test"}) {
      options_.resolve.push_back(server_.ResolveEntry(host));
    }
    options_.log = [this](std::string_view line) { log_.emplace_back(line); };
  }
  ~FetcherTls() override {
    if (!ca_file_.empty()) std::filesystem::remove(ca_file_);
  }

  FetchResult Fetch(const std::string& host) {
    boost::asio::io_context io;
    std::unique_ptr<Fetcher> fetcher;
    const Status s = Fetcher::Create(io, options_, &fetcher);
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return {};
    FetchResult result;
    FetchRequest request;
    request.url = server_.Url(host, "/page");
    fetcher->Fetch(request, [&](FetchResult r) { result = std::move(r); });
    io.run();
    return result;
  }

  // The certificate alone (never the key) as a CA file, removed by the fixture.
  std::string WriteCaFile() {
    ca_file_ = testing::WriteCaFile(tls_, "xxgk_tls_ca");
    return ca_file_;
  }

  TestTls tls_;
  TestHttpServer server_;
  FetcherOptions options_;
  std::vector<std::string> log_;
  std::string ca_file_;
};

TEST_F(FetcherTls, SelfSignedCertificateIsRefusedByDefaultAndNotRetried) {
  options_.obey_robots = false;
  const FetchResult result = Fetch("tls.test");
  EXPECT_EQ(result.error, AttemptError::kTls) << result.reason;
  EXPECT_NE(result.reason.find("certificate"), std::string::npos) << result.reason;
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(server_.connections_accepted(), 1);
  EXPECT_EQ(server_.Requests().size(), 0u);
  EXPECT_FALSE(Contains(log_, "NOT verified"));
}

TEST_F(FetcherTls, RobotsTxtBehindABadCertificateIsFetchedOnceAndNothingElse) {
  const FetchResult result = Fetch("tls.test");
  EXPECT_EQ(result.error, AttemptError::kRefused);
  EXPECT_NE(result.reason.find("robots.txt unreachable: SSL certificate problem"),
            std::string::npos)
      << result.reason;
  EXPECT_EQ(server_.connections_accepted(), 1);  // robots.txt, once: no retry storm
  EXPECT_EQ(server_.Requests().size(), 0u);
  EXPECT_TRUE(Contains(log_, "certificate")) << ::testing::PrintToString(log_);
}

TEST_F(FetcherTls, InsecureHostIsFetchedAndLogged) {
  options_.insecure_tls_hosts = {"TLS.test"};  // host names compare case-insensitively
  const FetchResult result = Fetch("tls.test");
  EXPECT_EQ(result.error, AttemptError::kNone) << result.reason;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body, "secret of tls.test");
  EXPECT_EQ(server_.CountRequests("tls.test", "/robots.txt"), 1);
  EXPECT_TRUE(Contains(log_, "TLS certificate NOT verified for tls.test"))
      << ::testing::PrintToString(log_);
}

TEST_F(FetcherTls, AnotherHostOnTheSameServerStaysVerified) {
  options_.insecure_tls_hosts = {"tls.test"};
  options_.obey_robots = false;
  const FetchResult result = Fetch("other.test");
  EXPECT_EQ(result.error, AttemptError::kTls) << result.reason;
  EXPECT_EQ(server_.Requests().size(), 0u);
  EXPECT_FALSE(Contains(log_, "NOT verified"));
}

TEST_F(FetcherTls, ExplicitCaFileVerifiesTheCertificate) {
  options_.ca_file = WriteCaFile();
  const FetchResult result = Fetch("other.test");
  EXPECT_EQ(result.error, AttemptError::kNone) << result.reason;
  EXPECT_EQ(result.body, "secret of other.test");
  EXPECT_FALSE(Contains(log_, "NOT verified"));
}

TEST_F(FetcherTls, ExplicitCaFileStillChecksTheHostName) {
  options_.ca_file = WriteCaFile();
  options_.obey_robots = false;
  const FetchResult result = Fetch("wrong.test");  // not in the certificate's names
  EXPECT_EQ(result.error, AttemptError::kTls) << result.reason;
  EXPECT_EQ(server_.Requests().size(), 0u);
}

}  // namespace
}  // namespace xxgk::crawl::testing
