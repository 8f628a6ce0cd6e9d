// `xxgk crawl URL... [--seeds FILE] [-o FILE] [--max-depth N] [--max-pages N] [fetch flags]`:
// crawls each seed's portal recursively (SiteCrawl: every page reachable through links on the
// seeds' hosts, each URL once) through the fetch engine, and writes one JSON line per fetched URL:
//   {"url":..., "final_url":... (if redirected), "status":200, "depth":1, "bytes":38211,
//    "type":"text/html", "links":41}  or, when no HTTP answer came,
//   {"url":..., "depth":1, "error":"timed out", "reason":"..."}
// On a terminal a status line on stderr shows the pages so far, their rate, the errors (no
// answer, or 4xx/5xx) and the bytes (no ETA: a crawl's size is known only at its end); nothing
// when stderr is a pipe or file. A summary goes to stderr at the end, also after SIGINT/SIGTERM;
// --json makes it one JSON object, on stdout unless the page lines go there (then on stderr).
// Exit 0 when every seed answered 2xx and the crawl ran to its end;
// 1 when a seed failed, the output could not be written, or SIGINT/SIGTERM stopped the crawl
// (transfers in flight may end within the grace period); 2 on a bad command line, seed or
// configuration file.
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/fetch_flags.h"
#include "crawler/cli/progress.h"
#include "crawler/fetch/fetcher.h"
#include "crawler/discovery/site_crawl.h"

namespace xxgk::cli {
namespace {

struct CrawlOptions {
  std::vector<std::string> seeds;
  std::string seeds_file;
  std::string output;
  size_t max_depth = crawl::SiteCrawlOptions{}.max_depth;
  size_t max_pages = crawl::SiteCrawlOptions{}.max_pages_per_host;
  bool json = false;  // the summary as one JSON object
  FetchFlags fetch;
};

// Seeds from FILE: one URL per line; blank lines and lines starting with "#" are skipped.
bool ReadSeedsFile(const std::string& path, std::vector<std::string>* seeds, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot read";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const size_t last = line.find_last_not_of(" \t\r");
    seeds->push_back(line.substr(first, last - first + 1));
  }
  return true;
}

// The status line's counters; touched only by the sink (the crawl's one worker thread).
struct CrawlProgress {
  Progress line{"crawling:", 0};
  std::chrono::steady_clock::time_point begin = std::chrono::steady_clock::now();
  uint64_t pages = 0, errors = 0, bytes = 0;

  void Add(const crawl::CrawledPage& page) {
    ++pages;
    const crawl::FetchResult& r = page.result;
    errors += r.error != crawl::AttemptError::kNone || r.http_status >= 400;
    bytes += r.body.size();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    char text[160];
    std::snprintf(text, sizeof text, "%llu pages, %.1f MB (%.1f pages/s), %llu error%s",
                  static_cast<unsigned long long>(pages), static_cast<double>(bytes) / 1e6,
                  seconds > 0 ? static_cast<double>(pages) / seconds : 0.0,
                  static_cast<unsigned long long>(errors), errors == 1 ? "" : "s");
    line.Show(text);
  }
};

nlohmann::ordered_json PageLine(const crawl::CrawledPage& page) {
  const crawl::FetchResult& r = page.result;
  nlohmann::ordered_json line;
  line["url"] = r.requested_url;
  if (r.final_url != r.requested_url && !r.final_url.empty()) line["final_url"] = r.final_url;
  line["depth"] = page.depth;
  if (r.error != crawl::AttemptError::kNone) {
    line["error"] = crawl::AttemptErrorName(r.error);
    line["reason"] = r.reason;
    return line;
  }
  line["status"] = r.http_status;
  line["bytes"] = r.body.size();
  if (std::optional<std::string> type = r.Header("content-type")) line["type"] = *type;
  if (page.html) line["links"] = page.links;
  return line;
}

int RunCrawl(const CrawlOptions& options) {
  std::vector<std::string> seeds = options.seeds;
  if (!options.seeds_file.empty()) {
    if (std::string error; !ReadSeedsFile(options.seeds_file, &seeds, &error)) {
      ErrorLine() << error << "\n";
      return kExitUsage;
    }
  }
  if (seeds.empty()) {
    ErrorLine() << "no seed URL (give URLs or --seeds FILE)\n";
    return kExitUsage;
  }
  crawl::FetcherOptions fetcher_options;
  if (std::string error; !BuildFetcherOptions(options.fetch, &fetcher_options, &error)) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }

  std::ofstream file;
  const bool to_stdout = options.output.empty() || options.output == "-";
  if (!to_stdout) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      ErrorLine() << options.output << ": cannot write: " << SystemReason(errno) << "\n";
      return kExitFailure;
    }
  }
  std::ostream& out = to_stdout ? std::cout : file;
  // Engine log lines clear the status line first; the next page draws it again.
  if (fetcher_options.log && isatty(STDERR_FILENO) == 1) {
    fetcher_options.log = [log = fetcher_options.log](std::string_view line) {
      std::fputs("\r\033[K", stderr);
      log(line);
    };
  }

  boost::asio::io_context io;
  std::unique_ptr<crawl::Fetcher> fetcher;
  if (Status s = crawl::Fetcher::Create(io, std::move(fetcher_options), &fetcher); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitUsage;
  }
  crawl::SiteCrawlOptions crawl_options;
  crawl_options.max_depth = options.max_depth;
  crawl_options.max_pages_per_host = options.max_pages;
  // The sink runs on the crawl's worker thread, one page at a time.
  CrawlProgress progress;
  auto crawl = std::make_unique<crawl::SiteCrawl>(
      io, *fetcher, crawl_options, [&out, &progress](const crawl::CrawledPage& page) {
        out << PageLine(page).dump() << '\n';
        progress.Add(page);
      });
  for (const std::string& seed : seeds) {
    if (Status s = crawl->AddSeed(seed); !s.ok()) {
      ErrorLine() << "seed: " << s.message() << "\n";
      return kExitUsage;
    }
  }

  bool interrupted = false;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (isatty(STDERR_FILENO) == 1) std::fputs("\r\033[K", stderr);  // over the status line
    ErrorLine() << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping\n";
    interrupted = true;
    crawl->Stop();
  });
  const auto begin = std::chrono::steady_clock::now();
  crawl->Start([&signals] { signals.cancel(); });
  io.run();
  const crawl::SiteCrawlTotals totals = crawl->totals();
  crawl.reset();  // joins the worker: every line is written
  fetcher.reset();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  progress.line.Finish();  // the worker is joined: this thread owns the line now
  out.flush();
  if (options.json) {
    const nlohmann::ordered_json summary = {
        {"command", "crawl"},        {"interrupted", interrupted},
        {"seeds", seeds.size()},     {"seeds_failed", totals.seeds_failed},
        {"answered", totals.fetched}, {"failed", totals.failed},
        {"cancelled", totals.cancelled}, {"bytes", totals.bytes},
        {"seconds", seconds},        {"out_of_scope", totals.out_of_scope},
        {"over_limit", totals.over_limit}};
    (to_stdout ? std::cerr : std::cout) << summary.dump() << "\n";
  } else {
    ErrorLine() << "" << totals.fetched << " answered, " << totals.failed << " failed";
    if (totals.cancelled > 0) std::cerr << ", " << totals.cancelled << " cancelled";
    std::cerr << "; " << std::fixed << std::setprecision(1)
              << static_cast<double>(totals.bytes) / 1e6 << " MB in " << std::setprecision(2)
              << seconds << " s; links to other hosts " << totals.out_of_scope
              << ", not followed (limits) " << totals.over_limit << "\n";
  }
  if (!out) {
    ErrorLine() << (to_stdout ? "stdout" : options.output)
                << ": cannot write: " << SystemReason(errno) << "\n";
    return kExitFailure;
  }
  if (totals.seeds_failed > 0) {
    ErrorLine() << totals.seeds_failed << " of " << seeds.size()
              << " seeds gave no 2xx answer\n";
    return kExitFailure;
  }
  return interrupted ? kExitFailure : kExitOk;
}

}  // namespace

Command AddCrawlCommand(CLI::App& parent) {
  auto options = std::make_shared<CrawlOptions>();
  CLI::App* app = parent.add_subcommand(
      "crawl",
      "Crawl portals from seed URLs: every page reachable through links on the seeds' hosts, "
      "each URL once, through the fetch engine (robots.txt, politeness, retries, limits). "
      "Writes one JSON line per URL fetched.");
  app->add_option("URL", options->seeds, "seed URLs (absolute http or https)");
  app->add_option("--seeds", options->seeds_file, "file of seed URLs, one per line (# comments)");
  app->add_option("-o,--output", options->output, "write the JSON lines to FILE (default and '-': standard output)");
  app->add_option(
      "--max-depth", options->max_depth,
      "links followed from a seed (default " + std::to_string(options->max_depth) + ")");
  app->add_option("--max-pages", options->max_pages,
                  "URLs fetched per host (default " + std::to_string(options->max_pages) + ")")
      ->check(Between(1, int64_t{1} << 40));
  app->add_flag("--json", options->json,
                "print the summary as one JSON object (on stdout, or on stderr when the page "
                "lines go to stdout)");
  AddFetchFlags(app, &options->fetch);
  return Command{app, [options] { return RunCrawl(*options); }};
}

}  // namespace xxgk::cli
