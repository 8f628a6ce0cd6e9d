// The fetch engine's command-line flags, shared by every command that fetches (`get`, `crawl`):
// their CLI11 definitions, and how they combine with the configuration file's [crawler] section
// into crawl::FetcherOptions. Flags given on the command line win over the file; list flags
// (--resolve, --insecure-host, --allow-cidr) add to the configured lists. curl's and wget's names
// where they mean the same: -A, -H, -k, -x, -m/--max-time, -s/--silent, --retry N, --wait; wget's
// `-e robots=off` is refused with the reason.
// Thread safety: none needed (plain values, filled by CLI11 on the main thread).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"

namespace xxgk::cli {

// A flag whose value overrides the configuration only when it was given.
template <typename T>
struct Override {
  T value{};
  CLI::Option* option = nullptr;
  bool given() const { return option != nullptr && option->count() > 0; }
};

struct FetchFlags {
  std::string config;
  std::vector<std::string> resolve;
  std::string proxy;
  std::vector<std::string> insecure_hosts;
  bool insecure_all = false;            // curl's -k: no TLS check for any host
  std::vector<std::string> headers;     // curl's -H "Name: value", repeatable
  std::vector<std::string> allow_cidrs;
  Override<std::string> ca_file;
  Override<double> delay;
  Override<std::string> user_agent;
  bool ignore_robots = false;
  std::vector<std::string> wget_commands;  // -e: always refused, with the reason
  Override<int> max_attempts;
  Override<int> retries;  // curl's --retry N: N + 1 attempts
  Override<double> retry_base;
  Override<double> connect_timeout;
  Override<double> timeout;
  Override<size_t> max_body;
  Override<size_t> max_inflight;  // --max-inflight-bytes; 0: no limit
  bool quiet_log = false;
  double grace = 10;
};

// Adds the flags to `app`; `flags` must outlive the parse.
void AddFetchFlags(CLI::App* app, FetchFlags* flags);

// The configuration file's [crawler] settings, then the flags given, then the engine log on
// stderr unless --quiet. False with `*error` set when the configuration file is unusable.
bool BuildFetcherOptions(const FetchFlags& flags, crawl::FetcherOptions* out, std::string* error);

}  // namespace xxgk::cli
