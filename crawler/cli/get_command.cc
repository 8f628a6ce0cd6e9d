// `xxgk get URL [-o FILE] [--resolve HOST:PORT:ADDR]... [--proxy URL] [--insecure-host HOST]...
//  [--delay S] [--user-agent UA] [--config FILE] ...`: fetches one URL through the whole fetch
// engine (robots.txt, politeness, retries, redirects, limits, address guard) and prints the
// status, the final URL, the redirect chain, the response headers and the timings. The body goes
// to FILE, or nowhere. The engine's settings come from the [crawler] section of the
// configuration file (crawler_config.h); flags given on the command line win, and list flags
// (--resolve, --insecure-host, --allow-cidr) add to the configured lists.
// Exit 0 on 2xx and 304, 1 otherwise (the reason on stderr), 2 on a bad command line or
// configuration file.
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
#include "crawler/cli/config_file.h"
#include "crawler/cli/crawler_config.h"
#include "crawler/fetcher.h"

namespace xxgk::cli {
namespace {

// A flag whose value overrides the configuration only when it was given.
template <typename T>
struct Override {
  T value{};
  CLI::Option* option = nullptr;
  bool given() const { return option != nullptr && option->count() > 0; }
};

struct GetOptions {
  std::string url;
  std::string output;
  std::string config;
  std::vector<std::string> resolve;
  std::string proxy;
  std::vector<std::string> insecure_hosts;
  std::vector<std::string> allow_cidrs;
  Override<std::string> ca_file;
  Override<double> delay;
  Override<std::string> user_agent;
  bool ignore_robots = false;
  Override<int> max_attempts;
  Override<double> retry_base;
  Override<double> connect_timeout;
  Override<double> timeout;
  Override<size_t> max_body;
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

// The configuration file's [crawler] settings, then the flags given. False with `*error` set
// when the configuration file is unusable.
bool BuildFetcherOptions(const GetOptions& options, crawl::FetcherOptions* out,
                         std::string* error) {
  ConfigFile config;
  if (!LoadConfigFile(options.config, &config, error) || !ApplyCrawlerConfig(config, out, error)) {
    return false;
  }
  if (options.user_agent.given()) out->user_agent = options.user_agent.value;
  if (options.delay.given()) out->politeness.min_delay = Seconds(options.delay.value);
  if (options.max_attempts.given()) out->retry.max_attempts = options.max_attempts.value;
  if (options.retry_base.given()) out->retry.base_delay = Seconds(options.retry_base.value);
  if (options.connect_timeout.given()) {
    out->connect_timeout = Seconds(options.connect_timeout.value);
  }
  if (options.timeout.given()) out->transfer_timeout = Seconds(options.timeout.value);
  if (options.max_body.given()) out->max_body_bytes = options.max_body.value;
  if (options.ca_file.given()) out->ca_file = options.ca_file.value;
  out->obey_robots = !options.ignore_robots;
  out->resolve.insert(out->resolve.end(), options.resolve.begin(), options.resolve.end());
  if (!options.proxy.empty()) out->proxy = options.proxy;
  out->insecure_tls_hosts.insert(out->insecure_tls_hosts.end(), options.insecure_hosts.begin(),
                                 options.insecure_hosts.end());
  out->allowed_cidrs.insert(out->allowed_cidrs.end(), options.allow_cidrs.begin(),
                            options.allow_cidrs.end());
  out->shutdown_grace = Seconds(options.grace);
  return true;
}

int RunGet(const GetOptions& options) {
  crawl::FetcherOptions fetcher_options;
  if (std::string error; !BuildFetcherOptions(options, &fetcher_options, &error)) {
    std::cerr << "xxgk: error: " << error << "\n";
    return kExitUsage;
  }
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
                  "HOST:PORT:ADDR[,ADDR...]: use ADDR for HOST:PORT (curl's --resolve); "
                  "repeatable; adds to [crawler] resolve");
  app->add_option("--proxy", options->proxy,
                  "proxy URL (default: [crawler] proxy, else the http_proxy/HTTPS_PROXY/ALL_PROXY "
                  "environment)");
  app->add_option("--config", options->config,
                  "configuration file, [crawler] section (default: $XXGK_CONFIG, else "
                  "./config/default.toml)");
  app->add_option("--insecure-host", options->insecure_hosts,
                  "do not verify the TLS certificate of HOST (logged); repeatable; adds to "
                  "[crawler] insecure_tls");
  app->add_option("--allow-cidr", options->allow_cidrs,
                  "allow connections into this non-public network (e.g. 127.0.0.0/8); "
                  "repeatable; adds to [crawler] allow_networks");
  options->ca_file.option =
      app->add_option(
             "--cacert", options->ca_file.value,
             "PEM file of CA certificates to verify servers with (default: [crawler] ca_file, "
             "else the system's)")
          ->check(CLI::ExistingFile);
  options->delay.option =
      app->add_option("--delay", options->delay.value,
                      "seconds between requests to one host (default: [crawler] delay, 1)")
          ->check(CLI::NonNegativeNumber);
  options->user_agent.option = app->add_option("--user-agent", options->user_agent.value,
                                               "User-Agent header (default: [crawler] user_agent)");
  app->add_flag("--ignore-robots", options->ignore_robots, "do not fetch or obey robots.txt");
  options->max_attempts.option =
      app->add_option("--max-attempts", options->max_attempts.value,
                      "attempts in all (default: [crawler] max_attempts, 4)")
          ->check(CLI::Range(1, 100));
  options->retry_base.option =
      app->add_option("--retry-base", options->retry_base.value,
                      "base backoff in seconds (default: [crawler] retry_base_delay, 2)")
          ->check(CLI::NonNegativeNumber);
  options->connect_timeout.option =
      app->add_option("--connect-timeout", options->connect_timeout.value,
                      "seconds (default: [crawler] connect_timeout, 30)")
          ->check(CLI::PositiveNumber);
  options->timeout.option =
      app->add_option("--timeout", options->timeout.value,
                      "seconds for the whole transfer (default: [crawler] transfer_timeout, 300)")
          ->check(CLI::PositiveNumber);
  options->max_body.option =
      app->add_option("--max-body", options->max_body.value,
                      "maximum decoded body in bytes (default: [crawler] max_body_bytes, 64 MiB)")
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
