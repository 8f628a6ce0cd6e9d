// `xxgk get` as a user runs it, against the test HTTP server on 127.0.0.1: what it prints, the
// body file, exit codes (0 on 2xx/304, 1 otherwise with the reason on stderr, 2 on usage errors),
// and SIGTERM ending a stuck fetch promptly.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_run.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

using namespace std::chrono_literals;

class GetCli : public ::testing::Test {
 protected:
  GetCli()
      : server_([](const TestRequest& r) {
          TestResponse response;
          if (r.target == "/robots.txt") {
            response.body = "User-agent: *\nDisallow: /private\n";
          } else if (r.target == "/page") {
            response.body = "the body\n";
            response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
            response.headers.emplace_back("ETag", "\"e1\"");
          } else if (r.target == "/moved") {
            response.status = 301;
            response.headers.emplace_back("Location", "/page");
          } else if (r.target == "/cond") {
            response.status = r.Header("if-none-match") == "\"e1\"" ? 304 : 200;
          } else if (r.target == "/stuck") {
            response.first_byte_delay = 60s;
          } else {
            response.status = 404;
          }
          return response;
        }) {
    dir_ = std::filesystem::temp_directory_path() /
           ("xxgk_get_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~GetCli() override { std::filesystem::remove_all(dir_); }

  std::string Resolve() const { return " --resolve " + server_.ResolveEntry("portal.test"); }
  std::string Url(const std::string& path) const { return server_.Url("portal.test", path); }

  CliRun Xxgk(const std::string& args) {
    return RunShell(std::string(XXGK_BINARY) + " " + args, dir_);
  }

  TestHttpServer server_;
  std::filesystem::path dir_;
};

TEST_F(GetCli, PrintsStatusHeadersTimingsAndWritesTheBody) {
  const std::string body_file = (dir_ / "body").string();
  const CliRun run = Xxgk("get " + Url("/page") + Resolve() + " --delay 0 -o " + body_file);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("status: 200"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("final URL: " + Url("/page")), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  ETag: \"e1\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("timings: name lookup"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("body: 9 bytes -> " + body_file), std::string::npos) << run.out;
  EXPECT_EQ(ReadFile(body_file), "the body\n");
  EXPECT_EQ(run.out.find("the body"), std::string::npos);  // the body is not printed
}

TEST_F(GetCli, OptionsBeforeTheUrlAsCurlTakesThem) {
  // Every list flag before the URL: none may take the URL as its second value.
  const CliRun run = Xxgk("get" + Resolve() + " --allow-cidr 127.0.0.0/8 --insecure-host x.test"
                          " --wait 0 -o " + (dir_ / "body").string() + " " + Url("/page"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("status: 200"), std::string::npos) << run.out;
  EXPECT_EQ(ReadFile(dir_ / "body"), "the body\n");
}

TEST_F(GetCli, CurlNamesMeanWhatTheyMeanInCurl) {
  const CliRun run =
      Xxgk("get -A 'probe/1.0' -m 5 --retry 0 -s --wait 0" + Resolve() + " " + Url("/page"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("attempts: 1"), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "");  // -s: no engine log
}

TEST_F(GetCli, DashHAddsHeadersToEveryRequestInEitherOrder) {
  const CliRun after = Xxgk("get " + Url("/page") + Resolve() +
                            " --wait 0 -H 'Accept-Language: zh-CN' --header 'X-Probe: 1'");
  EXPECT_EQ(after.exit_code, 0) << after.err;
  const CliRun before = Xxgk("get -H 'Accept-Language: zh-CN' --header 'X-Probe: 1'" + Resolve() +
                             " --wait 0 " + Url("/page"));
  EXPECT_EQ(before.exit_code, 0) << before.err;
  const std::vector<TestRequest> requests = server_.Requests();
  ASSERT_EQ(requests.size(), 4u);  // robots.txt and the page, twice
  for (const TestRequest& r : requests) {
    EXPECT_EQ(r.Header("accept-language"), "zh-CN") << r.target;
    EXPECT_EQ(r.Header("x-probe"), "1") << r.target;
  }
}

TEST_F(GetCli, DashHRefusesTheHeadersXxgkSetsItself) {
  struct Case {
    std::string header, error;
  };
  const Case cases[] = {
      {"Host: other.test",
       "xxgk: get: -H 'Host: other.test': refused: xxgk sends the URL's host (choose the address "
       "with --resolve HOST:PORT:ADDR)\n"},
      {"user-agent: x",
       "xxgk: get: -H 'user-agent: x': refused: give it with -A/--user-agent, which robots.txt "
       "is matched against\n"},
      {"If-None-Match: \"e1\"",
       "xxgk: get: -H 'If-None-Match: \"e1\"': refused: xxgk sends the validators of the copy it "
       "has (conditional requests)\n"},
      {"Range: bytes=0-9", "xxgk: get: -H 'Range: bytes=0-9': refused: xxgk archives whole bodies\n"},
      {"NoColon", "xxgk: get: -H 'NoColon': expected 'Name: value' (a header name, a colon, its "
                  "value)\n"},
      {"Bad Name: x", "xxgk: get: -H 'Bad Name: x': expected 'Name: value' (a header name, a "
                      "colon, its value)\n"},
      {"X-Empty:", "xxgk: get: -H 'X-Empty:': no value (removing a header xxgk sends is not "
                   "offered)\n"},
  };
  for (const Case& c : cases) {
    std::string quoted = "'";
    for (char ch : c.header) quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    quoted += "'";
    const CliRun run = Xxgk("get -H " + quoted + " " + Url("/page") + Resolve());
    EXPECT_EQ(run.exit_code, 2) << c.header;
    EXPECT_EQ(run.err, c.error);
  }
  EXPECT_TRUE(server_.Requests().empty());  // nothing was fetched
}

TEST_F(GetCli, DashOutputWritesTheBodyToStandardOutput) {
  const CliRun run = Xxgk("get -o -" + Resolve() + " --delay 0 " + Url("/page"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "the body\n");
  EXPECT_NE(run.err.find("status: 200"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "-"));
}

TEST_F(GetCli, WgetRobotsOffIsRefusedWithTheReason) {
  const CliRun run = Xxgk("get -e robots=off " + Url("/page") + Resolve());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("xxgk: get: -e robots=off: refused: xxgk always honours robots.txt", 0),
            0u)
      << run.err;
}

TEST_F(GetCli, AnInvalidUrlIsAUsageError) {
  const CliRun run = Xxgk("get http://");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("xxgk: get: http://: invalid URL", 0), 0u) << run.err;
}

TEST_F(GetCli, BadNumbersSayWhatIsWantedAndTyposGetASuggestion) {
  CliRun run = Xxgk("get --delay -1 " + Url("/page"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "xxgk: get: --wait: must be a number of at least 0, not '-1' (see 'xxgk get --help')\n");
  run = Xxgk("get --max-attempts 0 " + Url("/page"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("must be a whole number from 1 to 100, not '0'"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("0000000"), std::string::npos) << run.err;
  run = Xxgk("get --resolv x " + Url("/page"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "xxgk: get: --resolv: unknown option; did you mean --resolve? (see 'xxgk get --help')\n");
  run = Xxgk("gte " + Url("/page"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "xxgk: gte: unknown command; did you mean 'get'? (see 'xxgk --help')\n");
}

TEST_F(GetCli, PrintsTheRedirectChain) {
  const CliRun run = Xxgk("get " + Url("/moved") + Resolve() + " --delay 0");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("redirect: 301 " + Url("/moved")), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("final URL: " + Url("/page")), std::string::npos) << run.out;
}

TEST_F(GetCli, NotModifiedIsSuccess) {
  const CliRun run = Xxgk("get " + Url("/cond") + Resolve() + " --delay 0 --if-none-match '\"e1\"'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("status: 304 (unchanged)"), std::string::npos) << run.out;
}

TEST_F(GetCli, NotFoundExitsOneWithTheReason) {
  const CliRun run = Xxgk("get " + Url("/nothing") + Resolve() + " --delay 0");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("HTTP 404"), std::string::npos) << run.err;
}

TEST_F(GetCli, RobotsDisallowExitsOne) {
  const CliRun run = Xxgk("get " + Url("/private/x") + Resolve() + " --delay 0");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("robots.txt disallows"), std::string::npos) << run.err;
  EXPECT_EQ(server_.CountRequests("portal.test", "/private/x"), 0);
}

TEST_F(GetCli, LoopbackWithoutResolveIsRefused) {
  const CliRun run = Xxgk("get http://localhost:" + std::to_string(server_.port()) + "/page --delay 0");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("address guard"), std::string::npos) << run.err;
  EXPECT_EQ(server_.connections_accepted(), 0);
}

TEST_F(GetCli, BadResolveIsAUsageError) {
  const CliRun run = Xxgk("get " + Url("/page") + " --resolve nonsense");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--resolve"), std::string::npos) << run.err;
}

TEST_F(GetCli, SigtermEndsAStuckFetchWithinTheGracePeriod) {
  const auto begin = std::chrono::steady_clock::now();
  const std::string script = std::string(XXGK_BINARY) + " get " + Url("/stuck") + Resolve() +
                             " --delay 0 --grace 1 >" + (dir_ / "out").string() + " 2>" + (dir_ / "err").string() +
                             " & pid=$!; sleep 1; kill -TERM $pid; wait $pid";
  const int status = std::system(("bash -c '" + script + "'").c_str());
  const int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EXPECT_EQ(exit_code, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 30s);  // not the 60 s stuck response
  const std::string err = ReadFile(dir_ / "err");
  EXPECT_NE(err.find("SIGTERM"), std::string::npos) << err;
  EXPECT_NE(err.find("cancelled"), std::string::npos) << err;
}

}  // namespace
}  // namespace xxgk::crawl::testing
