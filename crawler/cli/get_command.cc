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
#include "crawler/cli/fetch_flags.h"
#include "crawler/fetch/fetcher.h"

namespace xxgk::cli {
namespace {

struct GetOptions {
  std::string url;
  std::string output;
  FetchFlags fetch;
  std::string if_none_match;
  std::string if_modified_since;
};

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
  std::cout << "timings: name lookup " << Fixed(t.name_lookup) << " s, connect " << Fixed(t.connect)
            << " s, TLS " << Fixed(t.tls) << " s, first byte " << Fixed(t.first_byte)
            << " s, total " << Fixed(t.total) << " s\n";
  std::cout << "headers:\n";
  for (const auto& [name, value] : result.headers)
    std::cout << "  " << name << ": " << value << "\n";
  std::cout << "body: " << result.body.size() << " bytes";
  if (!options.output.empty()) std::cout << " -> " << options.output;
  std::cout << "\n";
}

int RunGet(const GetOptions& options) {
  crawl::FetcherOptions fetcher_options;
  if (std::string error; !BuildFetcherOptions(options.fetch, &fetcher_options, &error)) {
    std::cerr << "xxgk: error: " << error << "\n";
    return kExitUsage;
  }

  boost::asio::io_context io;
  std::unique_ptr<crawl::Fetcher> fetcher;
  if (Status s = crawl::Fetcher::Create(io, std::move(fetcher_options), &fetcher); !s.ok()) {
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
  const bool success =
      result->http_status == 304 || (result->http_status >= 200 && result->http_status < 300);
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
  AddFetchFlags(app, &options->fetch);
  app->add_option("--if-none-match", options->if_none_match, "ETag of a previous fetch");
  app->add_option("--if-modified-since", options->if_modified_since,
                  "Last-Modified of a previous fetch");
  return Command{app, [options] { return RunGet(*options); }};
}

}  // namespace xxgk::cli
