// fetch_bench: fetch throughput of the engine (crawler/fetch/fetcher.h). Reads a list of URLs (one per
// line), submits them all at once to one Fetcher with no politeness delay, and prints one line:
// requests, successes, failures, bytes, wall seconds, CPU seconds (user + system, this process),
// requests per second and CPU seconds per 1,000 requests. Bodies are counted, then dropped.
//
// Usage: fetch_bench URL_FILE [--per-host N] [--max-transfers M] [--robots] [--allow-cidr CIDR]
// (defaults: 1 connection per host, 512 transfers, robots.txt not fetched, 127.0.0.0/8 allowed).
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fetch_bench URL_FILE [--per-host N] [--max-transfers M] [--robots] "
                 "[--allow-cidr CIDR]\n";
    return 2;
  }
  xxgk::crawl::FetcherOptions options;
  options.politeness.min_delay = xxgk::crawl::Duration::zero();
  options.obey_robots = false;
  options.max_transfers = 512;
  options.allowed_cidrs = {"127.0.0.0/8"};
  options.retry.max_attempts = 1;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--per-host" && i + 1 < argc) {
      options.politeness.max_in_flight_per_host = std::stoi(argv[++i]);
    } else if (arg == "--max-transfers" && i + 1 < argc) {
      options.max_transfers = std::stoul(argv[++i]);
    } else if (arg == "--robots") {
      options.obey_robots = true;
    } else if (arg == "--allow-cidr" && i + 1 < argc) {
      options.allowed_cidrs.push_back(argv[++i]);
    } else {
      std::cerr << "fetch_bench: unknown argument " << arg << "\n";
      return 2;
    }
  }
  std::ifstream in(argv[1]);
  std::vector<std::string> urls;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) urls.push_back(line);
  }
  if (urls.empty()) {
    std::cerr << "fetch_bench: no URLs in " << argv[1] << "\n";
    return 2;
  }

  boost::asio::io_context io;
  std::unique_ptr<xxgk::crawl::Fetcher> fetcher;
  if (auto s = xxgk::crawl::Fetcher::Create(io, options, &fetcher); !s.ok()) {
    std::cerr << "fetch_bench: " << s.message() << "\n";
    return 2;
  }
  size_t ok = 0, failed = 0, bytes = 0;
  std::string first_failure;
  const double cpu_before = CpuSeconds();
  const auto begin = std::chrono::steady_clock::now();
  for (const std::string& url : urls) {
    xxgk::crawl::FetchRequest request;
    request.url = url;
    fetcher->Fetch(std::move(request), [&](xxgk::crawl::FetchResult result) {
      if (result.ok()) {
        ++ok;
      } else {
        if (failed++ == 0) first_failure = result.requested_url + ": " + result.reason;
      }
      bytes += result.body.size();
    });
  }
  io.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const double cpu = CpuSeconds() - cpu_before;
  const double n = static_cast<double>(urls.size());
  std::printf("requests %zu ok %zu failed %zu bytes %zu wall_s %.3f cpu_s %.3f req_per_s %.0f "
              "cpu_s_per_1000 %.3f\n",
              urls.size(), ok, failed, bytes, wall, cpu, n / wall, cpu / n * 1000);
  if (failed > 0) std::fprintf(stderr, "fetch_bench: first failure: %s\n", first_failure.c_str());
  return failed == 0 ? 0 : 1;
}
