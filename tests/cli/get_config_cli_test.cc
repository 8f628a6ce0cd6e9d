// `xxgk get` with its configuration, TLS, proxies and international host names, run as a user
// would against test servers on 127.0.0.1: [crawler] settings reach the engine (what the server
// sees), flags win over them, a bad configuration exits 2 naming the line; HTTPS with a
// self-signed certificate (refused, insecure_tls, --cacert); --proxy and the http_proxy /
// no_proxy environment; an IDN host under LC_ALL=C.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/cli/cli_run.h"
#include "tests/crawler/test_certificate.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

TestResponse Answer(const TestRequest& r) {
  TestResponse response;
  if (r.target == "/robots.txt") {
    response.status = 404;
  } else {
    response.body = std::string(r.proxied ? "relayed " : "origin ") + r.host + r.target;
  }
  return response;
}

class GetConfigCli : public ::testing::Test {
 protected:
  GetConfigCli() : server_(Answer) {
    dir_ = std::filesystem::temp_directory_path() /
           ("xxgk_get_config_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~GetConfigCli() override { std::filesystem::remove_all(dir_); }

  std::string WriteConfig(const std::string& text) {
    const std::string path = (dir_ / "xxgk.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  // Runs `env xxgk ARGS` in dir_ (so no ./config/default.toml applies) with the proxy
  // variables cleared unless `env` sets them.
  CliRun Xxgk(const std::string& args, const std::string& env = "") {
    const std::string command =
        "cd " + dir_.string() +
        " && env -u http_proxy -u https_proxy -u HTTPS_PROXY -u ALL_PROXY " +
        "-u all_proxy -u no_proxy -u NO_PROXY -u XXGK_CONFIG " + env + " " + XXGK_BINARY + " " +
        args;
    return RunShell(command, dir_);
  }

  std::string Port() const { return std::to_string(server_.port()); }
  std::string Resolve(const std::string& host) const {
    return " --resolve " + server_.ResolveEntry(host);
  }

  TestHttpServer server_;
  std::filesystem::path dir_;
};

// ---- configuration ---------------------------------------------------------------------------

TEST_F(GetConfigCli, ConfiguredUserAgentIsWhatTheServerSees) {
  const std::string config = WriteConfig(
      "[crawler]\nuser_agent = \"probe/1 (+https://example.org/contact)\"\ndelay = 0\n");
  const CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test") +
                          " --config " + config);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 2u);  // robots.txt and the page
  for (const TestRequest& r : requests) {
    EXPECT_EQ(r.Header("user-agent"), "probe/1 (+https://example.org/contact)") << r.target;
  }
}

TEST_F(GetConfigCli, XxgkConfigEnvironmentVariableIsRead) {
  const std::string config = WriteConfig("[crawler]\nuser_agent = \"from-env/1\"\ndelay = 0\n");
  const CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test"),
                          "XXGK_CONFIG=" + config);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_FALSE(server_.Requests().empty());
  EXPECT_EQ(server_.Requests().back().Header("user-agent"), "from-env/1");
}

TEST_F(GetConfigCli, UserAgentFlagWinsOverTheConfig) {
  const std::string config = WriteConfig("[crawler]\nuser_agent = \"configured/1\"\ndelay = 0\n");
  const CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test") +
                          " --config " + config + " --user-agent flag/2");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_FALSE(server_.Requests().empty());
  EXPECT_EQ(server_.Requests().back().Header("user-agent"), "flag/2");
}

TEST_F(GetConfigCli, DefaultUserAgentNamesXxgkAndAContactUrl) {
  const CliRun run =
      Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test") + " --delay 0");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_FALSE(server_.Requests().empty());
  const std::string agent = server_.Requests().back().Header("user-agent");
  EXPECT_EQ(agent.rfind("xxgk/", 0), 0u) << agent;
  EXPECT_NE(agent.find("+https://"), std::string::npos) << agent;
}

TEST_F(GetConfigCli, AllowNetworksLetsALoopbackUrlThrough) {
  const std::string url = server_.Url("127.0.0.1", "/page");  // no --resolve
  const CliRun refused = Xxgk("get " + url + " --delay 0");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("address guard"), std::string::npos) << refused.err;
  EXPECT_EQ(server_.connections_accepted(), 0);

  const std::string config =
      WriteConfig("[crawler]\ndelay = 0\nallow_networks = [\"127.0.0.0/8\"]\n");
  const CliRun allowed = Xxgk("get " + url + " --config " + config);
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("status: 200"), std::string::npos) << allowed.out;
  EXPECT_EQ(server_.CountRequests("127.0.0.1", "/page"), 1);
}

TEST_F(GetConfigCli, BadCidrExitsTwoNamingTheLine) {
  const std::string config =
      WriteConfig("[crawler]\ndelay = 0\nallow_networks = [\"10.0.0.1/8\"]\n");
  const CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test") +
                          " --config " + config);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(config + ":3: [crawler] allow_networks:"), std::string::npos) << run.err;
  EXPECT_EQ(server_.connections_accepted(), 0);
}

TEST_F(GetConfigCli, NegativeDelayAndUnknownKeyExitTwo) {
  std::string config = WriteConfig("[crawler]\ndelay = -1\n");
  CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + " --config " + config);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(config + ":2: [crawler] delay:"), std::string::npos) << run.err;

  config = WriteConfig("[crawler]\n\nmax_conections_per_host = 2\n");
  run = Xxgk("get " + server_.Url("portal.test", "/page") + " --config " + config);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(config + ":3: unknown key 'max_conections_per_host'"), std::string::npos)
      << run.err;
}

TEST_F(GetConfigCli, MissingConfigFileExitsTwo) {
  const CliRun run = Xxgk("get " + server_.Url("portal.test", "/page") + " --config nowhere.toml");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("nowhere.toml"), std::string::npos) << run.err;
}

// ---- TLS -------------------------------------------------------------------------------------

class GetTlsCli : public GetConfigCli {
 protected:
  GetTlsCli() : tls_(MakeSelfSignedCertificate({"tls.test", "other.test"})), https_(Answer, tls_) {}

  std::string Get(const std::string& host) const {
    return "get " + https_.Url(host, "/page") + " --delay 0 --resolve " + https_.ResolveEntry(host);
  }

  TestTls tls_;
  TestHttpServer https_;
};

TEST_F(GetTlsCli, SelfSignedCertificateIsRefusedWithAClearError) {
  const CliRun run = Xxgk(Get("tls.test") + " --quiet");  // the final error line alone
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("robots.txt unreachable: SSL certificate problem"), std::string::npos)
      << run.err;
  EXPECT_EQ(https_.connections_accepted(), 1);  // robots.txt, once; nothing retried
  EXPECT_TRUE(https_.Requests().empty());
}

TEST_F(GetTlsCli, InsecureTlsFromTheConfigIsUsedAndLogged) {
  const std::string config = WriteConfig("[crawler]\ninsecure_tls = [\"tls.test\"]\n");
  const CliRun run = Xxgk(Get("tls.test") + " --config " + config);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("TLS certificate NOT verified for tls.test (insecure_tls)"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(https_.CountRequests("tls.test", "/page"), 1);
}

TEST_F(GetTlsCli, InsecureTlsForOneHostLeavesAnotherVerified) {
  const std::string config = WriteConfig("[crawler]\ninsecure_tls = [\"tls.test\"]\n");
  const CliRun run = Xxgk(Get("other.test") + " --config " + config);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("certificate"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("NOT verified"), std::string::npos) << run.err;
  EXPECT_TRUE(https_.Requests().empty());
}

TEST_F(GetTlsCli, CacertVerifiesTheServer) {
  const std::string ca = (dir_ / "ca.pem").string();
  std::ofstream(ca) << tls_.certificate_pem;  // the certificate only, never the key
  const CliRun run = Xxgk(Get("other.test") + " --cacert " + ca);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("NOT verified"), std::string::npos) << run.err;
  EXPECT_EQ(https_.CountRequests("other.test", "/page"), 1);
}

TEST_F(GetTlsCli, DashKTrustsEveryHostAndLogsEachOne) {
  // curl's -k: no certificate is checked, for any host; each host is named in the log once.
  for (const std::string& order : {"get -k" + Get("other.test").substr(3),
                                   Get("other.test") + " --insecure"}) {
    const CliRun run = Xxgk(order);
    EXPECT_EQ(run.exit_code, 0) << order << "\n" << run.err;
    EXPECT_NE(run.err.find("TLS certificate NOT verified for other.test (-k/--insecure)"),
              std::string::npos)
        << run.err;
  }
  EXPECT_EQ(https_.CountRequests("other.test", "/page"), 2);
}

// ---- proxies ---------------------------------------------------------------------------------

class GetProxyCli : public GetConfigCli {
 protected:
  GetProxyCli() : proxy_(Answer) {}
  std::string ProxyUrl() const { return "http://127.0.0.1:" + std::to_string(proxy_.port()); }

  TestHttpServer proxy_;
};

TEST_F(GetProxyCli, ProxyFlagRoutesEveryRequest) {
  const std::string body = (dir_ / "body").string();
  const CliRun run =
      Xxgk("get http://far.example/page --delay 0 --proxy " + ProxyUrl() + " -o " + body);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(body), "relayed far.example/page");
  EXPECT_EQ(proxy_.proxied_requests(), 2);  // robots.txt and the page
}

TEST_F(GetProxyCli, HttpProxyEnvironmentRoutesEveryRequest) {
  const CliRun run = Xxgk("get http://far.example/page --delay 0", "http_proxy=" + ProxyUrl());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(proxy_.proxied_requests(), 2);
  EXPECT_EQ(proxy_.CountRequests("far.example", "/page"), 1);
}

TEST_F(GetProxyCli, NoProxyExcludesAHost) {
  const CliRun run =
      Xxgk("get " + server_.Url("portal.test", "/page") + Resolve("portal.test") + " --delay 0",
           "http_proxy=" + ProxyUrl() + " no_proxy=portal.test");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(proxy_.connections_accepted(), 0);
  EXPECT_EQ(server_.CountRequests("portal.test", "/page"), 1);
}

TEST_F(GetProxyCli, AHostExcludedFromTheProxyMeetsTheAddressGuard) {
  // Through the proxy only the proxy's address is connected to (allowed: the operator named
  // it); a host excluded with no_proxy is connected to directly and judged as usual.
  const std::string url = server_.Url("127.0.0.1", "/page");
  const CliRun proxied = Xxgk("get " + url + " --delay 0", "http_proxy=" + ProxyUrl());
  EXPECT_EQ(proxied.exit_code, 0) << proxied.err;
  EXPECT_EQ(proxy_.CountRequests("127.0.0.1", "/page"), 1);

  const CliRun direct =
      Xxgk("get " + url + " --delay 0", "http_proxy=" + ProxyUrl() + " no_proxy=127.0.0.1");
  EXPECT_EQ(direct.exit_code, 1);
  EXPECT_NE(direct.err.find("address guard"), std::string::npos) << direct.err;
  EXPECT_EQ(server_.connections_accepted(), 0);
}

// ---- international host names ----------------------------------------------------------------

TEST_F(GetConfigCli, IdnHostIsCanonicalisedUnderTheCLocale) {
  const CliRun run = Xxgk("get http://例子.test:" + Port() +
                              "/page --delay 0 --resolve xn--fsqu00a.test:" + Port() + ":127.0.0.1",
                          "LC_ALL=C LANG=C");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("final URL: http://xn--fsqu00a.test:" + Port() + "/page"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(server_.CountRequests("xn--fsqu00a.test", "/page"), 1);
}

}  // namespace
}  // namespace xxgk::crawl::testing
