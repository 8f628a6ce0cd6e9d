// `xxgk get URL [-o FILE] [--resolve HOST:PORT:ADDR]... [--proxy URL] [--insecure-host HOST]...
//  [-k] [-H 'NAME: VALUE']... [--delay S] [--user-agent UA] [--config FILE] ...`: fetches one URL through the whole fetch
// engine (robots.txt, politeness, retries, redirects, limits, address guard) and prints the
// status, the final URL, the redirect chain, the response headers and the timings. The body goes
// to FILE, or nowhere. The engine's settings come from the [crawler] section of the
// configuration file (crawler_config.h); flags given on the command line win, and list flags
// (--resolve, --insecure-host, --allow-cidr) add to the configured lists.
// Exit 0 on 2xx and 304, 1 otherwise (the reason on stderr), 2 on a bad command line (a URL
// that is no URL included) or configuration file. `-o -` writes the body to standard output.
// SIGINT/SIGTERM stop the engine: the transfer may end within the grace period.
#include <cerrno>
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

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/fetch_flags.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/url/url_canon.h"

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

// The report goes to standard output, or to standard error when the body does (-o -).
void Print(const crawl::FetchResult& result, const GetOptions& options) {
  std::ostream& out = options.output == "-" ? std::cerr : std::cout;
  out << "status: " << result.http_status;
  if (result.unchanged) out << " (unchanged)";
  out << "\nfinal URL: " << result.final_url << "\n";
  for (const crawl::RedirectHop& hop : result.redirects) {
    out << "redirect: " << hop.status << " " << hop.url << "\n";
  }
  out << "attempts: " << result.attempts << "\n";
  const crawl::FetchTimings& t = result.timings;
  out << "timings: name lookup " << Fixed(t.name_lookup) << " s, connect " << Fixed(t.connect)
            << " s, TLS " << Fixed(t.tls) << " s, first byte " << Fixed(t.first_byte)
            << " s, total " << Fixed(t.total) << " s\n";
  out << "headers:\n";
  for (const auto& [name, value] : result.headers)
    out << "  " << name << ": " << value << "\n";
  out << "body: " << result.body.size() << " bytes";
  if (!options.output.empty()) out << " -> " << options.output;
  out << "\n";
}

int RunGet(const GetOptions& options) {
  // A URL that is no URL is a bad command line, as in every command (docs/cli.md).
  crawl::CanonicalUrl canonical;
  if (Status s = crawl::CanonicalizeUrl(options.url, &canonical); !s.ok()) {
    ErrorLine() << options.url << ": " << s.message() << "\n";
    return kExitUsage;
  }
  crawl::FetcherOptions fetcher_options;
  if (std::string error; !BuildFetcherOptions(options.fetch, &fetcher_options, &error)) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }

  boost::asio::io_context io;
  std::unique_ptr<crawl::Fetcher> fetcher;
  if (Status s = crawl::Fetcher::Create(io, std::move(fetcher_options), &fetcher); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitUsage;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    ErrorLine() << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
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
    ErrorLine() << "no result\n";
    return kExitFailure;
  }
  if (!options.output.empty() && result->error == crawl::AttemptError::kNone) {
    if (options.output == "-") {  // curl's -o -: the body on standard output
      std::cout.write(result->body.data(), static_cast<std::streamsize>(result->body.size()));
      if (!std::cout.flush()) {
        ErrorLine() << "stdout: cannot write: " << SystemReason(errno) << "\n";
        return kExitFailure;
      }
    } else {
      std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
      out.write(result->body.data(), static_cast<std::streamsize>(result->body.size()));
      if (!out.flush()) {
        ErrorLine() << options.output << ": cannot write: " << SystemReason(errno) << "\n";
        return kExitFailure;
      }
    }
  }
  if (result->error != crawl::AttemptError::kNone) {
    std::ostream& out = options.output == "-" ? std::cerr : std::cout;
    out << "final URL: " << result->final_url << "\n";
    for (const crawl::RedirectHop& hop : result->redirects) {
      out << "redirect: " << hop.status << " " << hop.url << "\n";
    }
    out << "attempts: " << result->attempts << "\n";
    ErrorLine() << options.url << ": " << crawl::AttemptErrorName(result->error) << ": "
              << result->reason << "\n";
    return kExitFailure;
  }
  Print(*result, options);
  const bool success =
      result->http_status == 304 || (result->http_status >= 200 && result->http_status < 300);
  if (!success) {
    ErrorLine() << options.url << ": HTTP " << result->http_status
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
  app->add_option("-o,--output", options->output, "write the body to FILE ('-': standard output, the report then on standard error)");
  AddFetchFlags(app, &options->fetch);
  app->add_option("--if-none-match", options->if_none_match, "ETag of a previous fetch");
  app->add_option("--if-modified-since", options->if_modified_since,
                  "Last-Modified of a previous fetch");
  return Command{app, [options] { return RunGet(*options); }};
}

}  // namespace xxgk::cli
