// `xxgk crawl` as a user runs it, against a small portal on the test HTTP server (127.0.0.1):
// one JSON line per fetched URL (status, depth, links, final_url after a redirect, error and
// reason when no answer came), -o FILE, --seeds FILE, the summary on stderr, exit codes (0, 1
// when a seed fails or the crawl is stopped, 2 on a bad command line or seed), and SIGTERM.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_run.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

TestResponse HtmlLinks(const std::vector<std::string>& hrefs) {
  TestResponse r;
  r.body = "<html><body>";
  for (const std::string& href : hrefs) r.body += "<a href=\"" + href + "\">x</a>\n";
  r.body += "</body></html>\n";
  r.headers.emplace_back("Content-Type", "text/html");
  return r;
}

class CrawlCli : public ::testing::Test {
 protected:
  CrawlCli()
      : server_([](const TestRequest& r) {
          TestResponse response;
          const std::string key = r.host + r.target;
          if (r.target == "/robots.txt") {
            response.body = "User-agent: *\nDisallow: /private\n";
          } else if (key == "portal.test/") {
            response = HtmlLinks({"/a.html", "/report.pdf", "/old", "/nope", "/private/x",
                                  "http://elsewhere.test/", "/a.html#again"});
          } else if (key == "portal.test/a.html") {
            response = HtmlLinks({"/"});
          } else if (key == "portal.test/report.pdf") {
            response.body = "%PDF-1.4\n";
            response.headers.emplace_back("Content-Type", "application/pdf");
          } else if (key == "portal.test/old") {
            response.status = 301;
            response.headers.emplace_back("Location", "/new.html");
          } else if (key == "portal.test/new.html" || key == "other.test/") {
            response = HtmlLinks({});
          } else if (key == "slow.test/") {
            std::vector<std::string> links;
            for (int i = 0; i < 30; ++i) links.push_back("/p" + std::to_string(i));
            response = HtmlLinks(links);
          } else if (r.host == "slow.test") {
            response = HtmlLinks({});
          } else {
            response.status = 404;
          }
          return response;
        }) {
    dir_ = std::filesystem::temp_directory_path() /
           ("xxgk_crawl_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~CrawlCli() override { std::filesystem::remove_all(dir_); }

  std::string Resolve() const {
    std::string flags;
    for (const char* host : {"portal.test", "other.test", "slow.test"}) {
      flags += " --resolve " + server_.ResolveEntry(host);
    }
    return flags;
  }
  std::string Url(const std::string& host, const std::string& path) const {
    return server_.Url(host, path);
  }
  CliRun Xxgk(const std::string& args) {
    return RunShell(std::string(XXGK_BINARY) + " " + args, dir_);
  }

  // The JSON lines of `out` by their "url".
  static std::map<std::string, nlohmann::json> Lines(const std::string& out) {
    std::map<std::string, nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(json.is_discarded()) << "not JSON: " << line;
      if (!json.is_discarded()) lines[json.value("url", "")] = json;
    }
    return lines;
  }

  // Runs `xxgk ARGS` (stdout to dir_/out, stderr to dir_/err) in the background and sends it
  // `signal` once the server has seen three requests for slow.test; its exit code.
  int CrawlAndSignal(const std::string& args, int signal) {
    const std::string pid_file = (dir_ / "pid").string();
    const std::string script = std::string(XXGK_BINARY) + " " + args + " >" +
                               (dir_ / "out").string() + " 2>" + (dir_ / "err").string() +
                               " & echo $! >" + pid_file + "; wait $!";
    int status = -1;
    std::thread runner([&] { status = std::system(("bash -c '" + script + "'").c_str()); });
    for (int i = 0; i < 1200 && server_.Stats("slow.test").requests < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const pid_t pid = static_cast<pid_t>(std::atoi(ReadFile(pid_file).c_str()));
    EXPECT_GT(pid, 0);
    if (pid > 0) ::kill(pid, signal);
    runner.join();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  TestHttpServer server_;
  std::filesystem::path dir_;
};

TEST_F(CrawlCli, WritesOneJsonLinePerFetchedUrl) {
  const CliRun run = Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --delay 0 --quiet");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::map<std::string, nlohmann::json> lines = Lines(run.out);
  EXPECT_EQ(lines.size(), 6u) << run.out;  // /, a.html, report.pdf, old, nope, private/x

  const nlohmann::json& root = lines.at(Url("portal.test", "/"));
  EXPECT_EQ(root["status"], 200);
  EXPECT_EQ(root["depth"], 0);
  EXPECT_EQ(root["links"], 7);  // repeats and other hosts included
  EXPECT_EQ(root["type"], "text/html");
  EXPECT_FALSE(root.contains("final_url"));

  const nlohmann::json& page = lines.at(Url("portal.test", "/a.html"));
  EXPECT_EQ(page["depth"], 1);
  EXPECT_EQ(page["links"], 1);

  const nlohmann::json& pdf = lines.at(Url("portal.test", "/report.pdf"));
  EXPECT_EQ(pdf["type"], "application/pdf");
  EXPECT_EQ(pdf["bytes"], 9);
  EXPECT_FALSE(pdf.contains("links"));

  const nlohmann::json& moved = lines.at(Url("portal.test", "/old"));
  EXPECT_EQ(moved["final_url"], Url("portal.test", "/new.html"));
  EXPECT_EQ(moved["status"], 200);

  const nlohmann::json& missing = lines.at(Url("portal.test", "/nope"));
  EXPECT_EQ(missing["status"], 404);
  EXPECT_FALSE(missing.contains("links"));

  const nlohmann::json& refused = lines.at(Url("portal.test", "/private/x"));
  EXPECT_EQ(refused["error"], "refused by the crawler");  // AttemptErrorName(kRefused)
  EXPECT_NE(refused["reason"].get<std::string>().find("robots.txt"), std::string::npos);
  EXPECT_FALSE(refused.contains("status"));

  EXPECT_EQ(server_.CountRequests("portal.test", "/a.html"), 1);
  EXPECT_EQ(server_.CountRequests("portal.test", "/private/x"), 0);
  EXPECT_EQ(server_.CountRequests("portal.test", "/new.html"), 1);
  EXPECT_NE(run.err.find("xxgk: crawl: 5 answered, 1 failed; "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("links to other hosts 1, not followed (limits) 0"), std::string::npos)
      << run.err;
}

TEST_F(CrawlCli, OptionsBeforeTheSeedsGiveTheSameCrawl) {
  // curl's order: the list flags (--resolve) before the URL must not swallow it.
  const CliRun after = Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --wait 0 -s");
  const CliRun before = Xxgk("crawl" + Resolve() + " --wait 0 -s " + Url("portal.test", "/"));
  EXPECT_EQ(before.exit_code, 0) << before.err;
  // The same lines (their order follows the answers' timing).
  auto sorted_lines = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted_lines(before.out), sorted_lines(after.out));
  EXPECT_FALSE(before.out.empty());
}

TEST_F(CrawlCli, HeadersGoWithEveryRequestAndControlledOnesAreRefused) {
  const CliRun run = Xxgk("crawl -H 'X-Probe: 1' -k" + Resolve() + " --wait 0 -s " +
                          Url("portal.test", "/") + " --header 'Accept-Language: zh'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::vector<TestRequest> requests = server_.Requests();
  EXPECT_GE(requests.size(), 6u);
  for (const TestRequest& r : requests) {
    EXPECT_EQ(r.Header("x-probe"), "1") << r.target;
    EXPECT_EQ(r.Header("accept-language"), "zh") << r.target;
  }
  const CliRun refused = Xxgk("crawl " + Url("portal.test", "/") + " -H 'Accept-Encoding: gzip'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "xxgk: crawl: -H 'Accept-Encoding: gzip': refused: xxgk asks for every encoding it can "
            "decode, and decodes it\n");
}

TEST_F(CrawlCli, DashOutputIsStandardOutput) {
  const CliRun run = Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --delay 0 -s -o -");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"status\":200"), std::string::npos) << run.out;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "-"));
}

TEST_F(CrawlCli, OutputFileTakesTheLines) {
  const std::string file = (dir_ / "crawl.jsonl").string();
  const CliRun run =
      Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --delay 0 --quiet -o " + file);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(Lines(ReadFile(file)).size(), 6u);
}

TEST_F(CrawlCli, MaxDepthAndMaxPagesLimitTheCrawl) {
  const CliRun run =
      Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --delay 0 --quiet --max-depth 0");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Lines(run.out).size(), 1u) << run.out;
  EXPECT_NE(run.err.find("not followed (limits) 5"), std::string::npos) << run.err;

  const CliRun capped =
      Xxgk("crawl " + Url("slow.test", "/") + Resolve() + " --delay 0 --quiet --max-pages 3");
  EXPECT_EQ(capped.exit_code, 0) << capped.err;
  EXPECT_EQ(Lines(capped.out).size(), 3u) << capped.out;
  EXPECT_NE(capped.err.find("not followed (limits) 28"), std::string::npos) << capped.err;
}

TEST_F(CrawlCli, SeedsFileSkipsCommentsAndBlankLines) {
  const std::string seeds = (dir_ / "seeds").string();
  std::ofstream(seeds) << "# portals\n\n  " << Url("portal.test", "/a.html") << "  \n"
                       << "   # indented comment\n"
                       << Url("other.test", "/") << "\r\n\n";
  const CliRun run = Xxgk("crawl --seeds " + seeds + Resolve() + " --delay 0 --quiet");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::map<std::string, nlohmann::json> lines = Lines(run.out);
  EXPECT_EQ(lines.at(Url("portal.test", "/a.html"))["depth"], 0);
  EXPECT_EQ(lines.at(Url("other.test", "/"))["depth"], 0);
  EXPECT_EQ(server_.CountRequests("other.test", "/"), 1);
  EXPECT_EQ(server_.CountRequests("portal.test", "/"), 1);  // linked from a.html
}

TEST_F(CrawlCli, MissingSeedsFileIsAUsageError) {
  const CliRun run = Xxgk("crawl --seeds " + (dir_ / "absent").string() + Resolve());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("absent: cannot read"), std::string::npos) << run.err;
}

TEST_F(CrawlCli, BadSeedIsAUsageErrorNamingIt) {
  const CliRun run = Xxgk("crawl " + Url("portal.test", "/") + " ftp://portal.test/x" + Resolve() +
                          " --delay 0 --quiet");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("ftp://portal.test/x"), std::string::npos) << run.err;
  EXPECT_EQ(server_.Requests().size(), 0u);
}

TEST_F(CrawlCli, NoSeedIsAUsageError) {
  const CliRun run = Xxgk("crawl" + Resolve());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no seed URL"), std::string::npos) << run.err;
}

TEST_F(CrawlCli, SeedAnsweringNotFoundExitsOne) {
  const CliRun run =
      Xxgk("crawl " + Url("portal.test", "/gone") + Resolve() + " --delay 0 --quiet");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(Lines(run.out).at(Url("portal.test", "/gone"))["status"], 404);
  EXPECT_NE(run.err.find("1 of 1 seeds gave no 2xx answer"), std::string::npos) << run.err;
}

TEST_F(CrawlCli, SigtermStopsASlowCrawl) {
  // 31 pages a second apart; SIGTERM once the server has seen the crawl under way. (Polled from
  // the server side: the JSON lines are buffered until the end.)
  EXPECT_EQ(CrawlAndSignal("crawl " + Url("slow.test", "/") + Resolve() +
                               " --delay 1 --quiet --grace 1",
                           SIGTERM),
            1);
  const std::string err = ReadFile(dir_ / "err");
  EXPECT_NE(err.find("SIGTERM: stopping"), std::string::npos) << err;
  EXPECT_NE(err.find("cancelled"), std::string::npos) << err;
  EXPECT_LT(server_.Stats("slow.test").requests, 32);  // robots.txt and 31 pages
  EXPECT_GE(Lines(ReadFile(dir_ / "out")).size(), 1u);
}

TEST_F(CrawlCli, ProgressOnATerminalNotWhenPiped) {
  // 31 pages 0.1 s apart (politeness): over three seconds, so the status line (drawn after the
  // first second) must show. `script` gives the crawl a pseudo-terminal.
  const std::string crawl = std::string(XXGK_BINARY) + " crawl " + Url("slow.test", "/") +
                            Resolve() + " --wait 0.1 -s -o " + (dir_ / "lines").string();
  const CliRun tty = RunShell("script -qec \"" + crawl + "\" " + (dir_ / "tty").string(), dir_);
  EXPECT_EQ(tty.exit_code, 0) << tty.err;
  const std::string screen = ReadFile(dir_ / "tty");
  EXPECT_NE(screen.find("\r\033[Kcrawling: "), std::string::npos) << screen;
  EXPECT_NE(screen.find(" pages, 0.0 MB ("), std::string::npos) << screen;
  EXPECT_NE(screen.find(" pages/s), 0 errors"), std::string::npos) << screen;
  EXPECT_NE(screen.find("xxgk: crawl: 31 answered, 0 failed"), std::string::npos) << screen;
  EXPECT_EQ(Lines(ReadFile(dir_ / "lines")).size(), 31u);

  const CliRun piped = RunShell(crawl, dir_);  // stderr is a file
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find('\r'), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find("crawling"), std::string::npos) << piped.err;
  EXPECT_NE(piped.err.find("xxgk: crawl: 31 answered, 0 failed"), std::string::npos) << piped.err;
}

TEST_F(CrawlCli, JsonSummaryForCronJobs) {
  // With -o FILE the summary is stdout's only line; with the page lines on stdout, stderr's.
  const CliRun to_file = Xxgk("crawl --json " + Url("portal.test", "/") + Resolve() +
                              " --wait 0 -s -o " + (dir_ / "lines").string());
  EXPECT_EQ(to_file.exit_code, 0) << to_file.err;
  const nlohmann::json summary = nlohmann::json::parse(to_file.out, nullptr, false);
  ASSERT_TRUE(summary.is_object()) << to_file.out;
  EXPECT_EQ(summary["command"], "crawl");
  EXPECT_EQ(summary["interrupted"], false);
  EXPECT_EQ(summary["seeds"], 1);
  EXPECT_EQ(summary["seeds_failed"], 0);
  EXPECT_EQ(summary["answered"], 5);
  EXPECT_EQ(summary["failed"], 1);
  EXPECT_EQ(summary["out_of_scope"], 1);
  EXPECT_EQ(to_file.err, "");  // -s, and the summary is the JSON
  const CliRun to_stdout = Xxgk("crawl " + Url("portal.test", "/") + Resolve() + " --wait 0 -s --json");
  EXPECT_EQ(Lines(to_stdout.out).size(), 6u);
  EXPECT_EQ(nlohmann::json::parse(to_stdout.err, nullptr, false)["answered"], 5) << to_stdout.err;
}

TEST_F(CrawlCli, SigintEndsWithTheSummaryToo) {
  EXPECT_EQ(CrawlAndSignal("crawl " + Url("slow.test", "/") + Resolve() +
                               " --delay 1 --quiet --grace 1 --json -o " +
                               (dir_ / "lines").string(),
                           SIGINT),
            1);
  EXPECT_EQ(ReadFile(dir_ / "err"), "xxgk: crawl: SIGINT: stopping\n");
  const nlohmann::json summary = nlohmann::json::parse(ReadFile(dir_ / "out"), nullptr, false);
  ASSERT_TRUE(summary.is_object()) << ReadFile(dir_ / "out");
  EXPECT_EQ(summary["interrupted"], true);
  EXPECT_GT(summary["cancelled"].get<int>(), 0);
  EXPECT_GE(summary["answered"].get<int>(), 1);
}

}  // namespace
}  // namespace xxgk::crawl::testing
