// `xxgk get URL [-o FILE] [--resolve HOST:PORT:ADDR]... [--proxy URL] [--insecure-host HOST]...
//  [--delay S] [--user-agent UA] ...`: fetches one URL through the whole fetch engine (robots.txt,
// politeness, retries, redirects, limits, address guard) and prints the status, the final URL,
// the redirect chain, the response headers and the timings. The body goes to FILE, or nowhere.
// Exit 0 on 2xx and 304, 1 otherwise (the reason on stderr), 2 on a bad command line.
// SIGINT/SIGTERM stop the engine: the transfer may end within the grace period.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/cli/command.h"
#include "crawler/fetcher.h"

namespace xxgk::cli {
namespace {

struct GetOptions {
  std::string url;
  std::string output;
  std::vector<std::string> resolve;
  std::string proxy;
  std::vector<std::string> insecure_hosts;
  std::vector<std::string> allow_cidrs;
  double delay = 1.0;
  std::string user_agent = crawl::DefaultUserAgent();
  bool ignore_robots = false;
  int max_attempts = 4;
  double retry_base = 2.0;
  double connect_timeout = 30;
  double timeout = 300;
  size_t max_body = size_t{64} << 20;
  std::string if_none_match;
  std::string if_modified_since;
  bool quiet_log = false;
  double grace = 10;
};

crawl::Duration Seconds(double seconds) {
  return std::chrono::duration_cast<crawl::Duration>(std::chrono::duration<double>(seconds));
}

std::string Fixed(double value) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << value;
  return out.str();
}

void Print(const crawl::FetchResult& result, const GetOptions& options) {
  std::cout << "status: " << result.http_status;
  if (result.unchanged) std::cout << " (unchanged)";
  std::cout << "\nfinal URL: " << result.final_url << "\n";
  for (const crawl::RedirectHop& hop : result.redirects) {
    std::cout << "redirect: " << hop.status << " " << hop.url << "\n";
  }
  std::cout << "attempts: " << result.attempts << "\n";
  const crawl::FetchTimings& t = result.timings;
  std::cout << "timings: name lookup " << Fixed(t.name_lookup) << " s, connect "
            << Fixed(t.connect) << " s, TLS " << Fixed(t.tls) << " s, first byte "
            << Fixed(t.first_byte) << " s, total " << Fixed(t.total) << " s\n";
  std::cout << "headers:\n";
  for (const auto& [name, value] : result.headers) std::cout << "  " << name << ": " << value << "\n";
  std::cout << "body: " << result.body.size() << " bytes";
  if (!options.output.empty()) std::cout << " -> " << options.output;
  std::cout << "\n";
}

int RunGet(const GetOptions& options) {
  crawl::FetcherOptions fetcher_options;
  fetcher_options.user_agent = options.user_agent;
  fetcher_options.politeness.min_delay = Seconds(options.delay);
  fetcher_options.retry.max_attempts = options.max_attempts;
  fetcher_options.retry.base_delay = Seconds(options.retry_base);
  fetcher_options.obey_robots = !options.ignore_robots;
  fetcher_options.connect_timeout = Seconds(options.connect_timeout);
  fetcher_options.transfer_timeout = Seconds(options.timeout);
  fetcher_options.max_body_bytes = options.max_body;
  fetcher_options.resolve = options.resolve;
  fetcher_options.proxy = options.proxy;
  fetcher_options.insecure_tls_hosts = options.insecure_hosts;
  fetcher_options.allowed_cidrs = options.allow_cidrs;
  fetcher_options.shutdown_grace = Seconds(options.grace);
  if (!options.quiet_log) {
    fetcher_options.log = [](std::string_view line) { std::cerr << "xxgk: " << line << "\n"; };
  }

  boost::asio::io_context io;
  std::unique_ptr<crawl::Fetcher> fetcher;
  if (crawl::Status s = crawl::Fetcher::Create(io, std::move(fetcher_options), &fetcher); !s.ok()) {
    std::cerr << "xxgk: " << s.message() << "\n";
    return kExitUsage;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    std::cerr << "xxgk: " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
    fetcher->Stop();
  });

  std::optional<crawl::FetchResult> result;
  crawl::FetchRequest request;
  request.url = options.url;
  request.etag = options.if_none_match;
  request.last_modified = options.if_modified_since;
  fetcher->Fetch(std::move(request), [&](crawl::FetchResult r) {
    result = std::move(r);
    signals.cancel();
  });
  io.run();
  fetcher.reset();

  if (!result) {
    std::cerr << "xxgk: no result\n";
    return kExitFailure;
  }
  if (!options.output.empty() && result->error == crawl::AttemptError::kNone) {
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out.write(result->body.data(), static_cast<std::streamsize>(result->body.size()));
    if (!out.flush()) {
      std::cerr << "xxgk: " << options.output << ": cannot write\n";
      return kExitFailure;
    }
  }
  if (result->error != crawl::AttemptError::kNone) {
    std::cout << "final URL: " << result->final_url << "\n";
    for (const crawl::RedirectHop& hop : result->redirects) {
      std::cout << "redirect: " << hop.status << " " << hop.url << "\n";
    }
    std::cout << "attempts: " << result->attempts << "\n";
    std::cerr << "xxgk: " << options.url << ": " << crawl::AttemptErrorName(result->error) << ": "
              << result->reason << "\n";
    return kExitFailure;
  }
  Print(*result, options);
  const bool success = result->http_status == 304 ||
                       (result->http_status >= 200 && result->http_status < 300);
  if (!success) {
    std::cerr << "xxgk: " << options.url << ": HTTP " << result->http_status
              << (result->reason.empty() ? "" : " (" + result->reason + ")") << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Command AddGetCommand(CLI::App& parent) {
  auto options = std::make_shared<GetOptions>();
  CLI::App* app = parent.add_subcommand(
      "get",
      "Fetch one URL through the crawler's engine (robots.txt, politeness, retries, redirects, "
      "limits) and print status, final URL, redirects, headers and timings. Exit 0 on 2xx/304.");
  app->add_option("URL", options->url, "absolute http or https URL")->required();
  app->add_option("-o,--output", options->output, "write the body to FILE");
  app->add_option("--resolve", options->resolve,
                  "HOST:PORT:ADDR[,ADDR...]: use ADDR for HOST:PORT (curl's --resolve); repeatable");
  app->add_option("--proxy", options->proxy,
                  "proxy URL (default: the http_proxy/HTTPS_PROXY/ALL_PROXY environment)");
  app->add_option("--insecure-host", options->insecure_hosts,
                  "do not verify the TLS certificate of HOST (logged); repeatable");
  app->add_option("--allow-cidr", options->allow_cidrs,
                  "allow connections into this non-public network (e.g. 127.0.0.0/8); repeatable");
  app->add_option("--delay", options->delay, "seconds between requests to one host (default 1)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--user-agent", options->user_agent, "User-Agent header");
  app->add_flag("--ignore-robots", options->ignore_robots, "do not fetch or obey robots.txt");
  app->add_option("--max-attempts", options->max_attempts, "attempts in all (default 4)")
      ->check(CLI::Range(1, 100));
  app->add_option("--retry-base", options->retry_base, "base backoff in seconds (default 2)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--connect-timeout", options->connect_timeout, "seconds (default 30)")
      ->check(CLI::PositiveNumber);
  app->add_option("--timeout", options->timeout, "seconds for the whole transfer (default 300)")
      ->check(CLI::PositiveNumber);
  app->add_option("--max-body", options->max_body, "maximum decoded body in bytes (default 64 MiB)")
      ->check(CLI::PositiveNumber);
  app->add_option("--if-none-match", options->if_none_match, "ETag of a previous fetch");
  app->add_option("--if-modified-since", options->if_modified_since,
                  "Last-Modified of a previous fetch");
  app->add_option("--grace", options->grace,
                  "seconds a transfer may go on after SIGINT/SIGTERM (default 10)")
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--quiet", options->quiet_log, "no engine log lines on stderr");
  return Command{app, [options] { return RunGet(*options); }};
}

}  // namespace xxgk::cli
