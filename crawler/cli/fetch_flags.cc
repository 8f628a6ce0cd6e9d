// The fetch engine's flags for `get` and `crawl`, and their merge with the [crawler] section.
#include "crawler/cli/cli_error.h"
#include "crawler/cli/fetch_flags.h"

#include <iostream>

#include "crawler/cli/config_file.h"
#include "crawler/cli/crawler_config.h"
#include "crawler/cli/option_checks.h"

namespace xxgk::cli {

void AddFetchFlags(CLI::App* app, FetchFlags* flags) {
  // A list flag takes one value per occurrence (curl's way: `--resolve A --resolve B`), so that it
  // never swallows the URL that follows it: options go before or after the positionals.
  auto one_each = [](CLI::Option* option) {
    option->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  one_each(app->add_option("--resolve", flags->resolve,
                           "HOST:PORT:ADDR[,ADDR...]: use ADDR for HOST:PORT (curl's --resolve); "
                           "repeatable; adds to [crawler] resolve"));
  app->add_option("-x,--proxy", flags->proxy,
                  "proxy URL (default: [crawler] proxy, else the http_proxy/HTTPS_PROXY/ALL_PROXY "
                  "environment)");
  app->add_option("--config", flags->config,
                  "configuration file, [crawler] section (default: $XXGK_CONFIG, else "
                  "./config/default.toml)");
  one_each(app->add_option("--insecure-host", flags->insecure_hosts,
                           "do not verify the TLS certificate of HOST (logged); repeatable; adds "
                           "to [crawler] insecure_tls"));
  app->add_flag("-k,--insecure", flags->insecure_all,
                "do not verify any host's TLS certificate (curl's -k; logged per host): anyone on "
                "the path can then forge the pages archived; prefer --insecure-host HOST or "
                "--cacert FILE");
  one_each(app->add_option("-H,--header", flags->headers,
                           "'Name: value': an extra header on every request, to every host "
                           "(curl's -H); repeatable; Host, User-Agent and the headers xxgk sets "
                           "itself are refused"));
  one_each(app->add_option("--allow-cidr", flags->allow_cidrs,
                           "allow connections into this non-public network (e.g. 127.0.0.0/8); "
                           "repeatable; adds to [crawler] allow_networks"));
  flags->ca_file.option =
      app->add_option(
             "--cacert", flags->ca_file.value,
             "PEM file of CA certificates to verify servers with (default: [crawler] ca_file, "
             "else the system's)")
          ->check(CLI::ExistingFile);
  flags->delay.option =
      app->add_option("--wait,--delay", flags->delay.value,
                      "seconds between requests to one host, wget's --wait (default: [crawler] "
                      "delay, 1)")
          ->check(AtLeast(0));
  flags->user_agent.option =
      app->add_option("-A,--user-agent", flags->user_agent.value,
                      "User-Agent header (default: [crawler] user_agent)");
  app->add_flag("--ignore-robots", flags->ignore_robots, "do not fetch or obey robots.txt");
  one_each(app->add_option("-e,--execute", flags->wget_commands,
                           "wget's -e: refused (robots=off included: xxgk honours robots.txt)"));
  flags->max_attempts.option =
      app->add_option("--max-attempts", flags->max_attempts.value,
                      "attempts in all (default: [crawler] max_attempts, 4)")
          ->check(Between(1, 100));
  flags->retries.option = app->add_option("--retry", flags->retries.value,
                                          "retries after the first attempt, curl's --retry "
                                          "(--max-attempts N+1)")
                              ->check(Between(0, 99));
  flags->retry_base.option =
      app->add_option("--retry-base", flags->retry_base.value,
                      "base backoff in seconds (default: [crawler] retry_base_delay, 2)")
          ->check(AtLeast(0));
  flags->connect_timeout.option =
      app->add_option("--connect-timeout", flags->connect_timeout.value,
                      "seconds (default: [crawler] connect_timeout, 30)")
          ->check(Above(0));
  flags->timeout.option =
      app->add_option("-m,--max-time,--timeout", flags->timeout.value,
                      "seconds for the whole transfer, curl's --max-time (default: [crawler] "
                      "transfer_timeout, 300)")
          ->check(Above(0));
  flags->max_body.option =
      app->add_option("--max-body", flags->max_body.value,
                      "maximum decoded body in bytes, K/M/G suffixes allowed (default: [crawler] "
                      "max_body_bytes, 64M)")
          ->transform(ByteSize())
          ->check(Between(1, int64_t{1} << 40));
  flags->max_inflight.option =
      app->add_option("--max-inflight-bytes", flags->max_inflight.value,
                      "bytes of response bodies held at once across all transfers, K/M/G "
                      "suffixes allowed; a transfer past it waits; 0: no limit (default: "
                      "[crawler] max_inflight_bytes, 256M)")
          ->transform(ByteSize())
          ->check(Between(0, int64_t{1} << 40));
  app->add_option("--grace", flags->grace,
                  "seconds transfers may go on after SIGINT/SIGTERM (default 10)")
      ->check(AtLeast(0));
  app->add_flag("-s,--silent,--quiet", flags->quiet_log, "no engine log lines on stderr");
}

bool BuildFetcherOptions(const FetchFlags& flags, crawl::FetcherOptions* out, std::string* error) {
  if (!flags.wget_commands.empty()) {
    const std::string& command = flags.wget_commands.front();
    *error = "-e " + command + ": refused: ";
    *error += command.rfind("robots", 0) == 0
                  ? "xxgk always honours robots.txt (RFC 9309): it is the portal owner's word on "
                    "what crawlers may fetch, and a government portal deserves that courtesy "
                    "(--ignore-robots is for servers you run yourself)"
                  : "wget's -e commands are not read by xxgk; see 'xxgk --help' for its options";
    return false;
  }
  for (const std::string& header : flags.headers) {
    if (Status s = crawl::CheckExtraHeader(header); !s.ok()) {
      *error = s.message();
      return false;
    }
  }
  ConfigFile config;
  if (!LoadConfigFile(flags.config, &config, error) || !ApplyCrawlerConfig(config, out, error)) {
    return false;
  }
  if (flags.user_agent.given()) out->user_agent = flags.user_agent.value;
  if (flags.delay.given()) out->politeness.min_delay = crawl::SecondsToDuration(flags.delay.value);
  if (flags.max_attempts.given()) out->retry.max_attempts = flags.max_attempts.value;
  if (flags.retries.given()) out->retry.max_attempts = flags.retries.value + 1;
  if (flags.retry_base.given())
    out->retry.base_delay = crawl::SecondsToDuration(flags.retry_base.value);
  if (flags.connect_timeout.given())
    out->connect_timeout = crawl::SecondsToDuration(flags.connect_timeout.value);
  if (flags.timeout.given()) out->transfer_timeout = crawl::SecondsToDuration(flags.timeout.value);
  if (flags.max_body.given()) out->max_body_bytes = flags.max_body.value;
  if (flags.max_inflight.given()) out->max_inflight_bytes = flags.max_inflight.value;
  if (flags.ca_file.given()) out->ca_file = flags.ca_file.value;
  out->obey_robots = !flags.ignore_robots;
  out->resolve.insert(out->resolve.end(), flags.resolve.begin(), flags.resolve.end());
  if (!flags.proxy.empty()) out->proxy = flags.proxy;
  out->insecure_tls_hosts.insert(out->insecure_tls_hosts.end(), flags.insecure_hosts.begin(),
                                 flags.insecure_hosts.end());
  if (flags.insecure_all) out->insecure_tls_all = true;
  out->extra_headers.insert(out->extra_headers.end(), flags.headers.begin(), flags.headers.end());
  out->allowed_cidrs.insert(out->allowed_cidrs.end(), flags.allow_cidrs.begin(),
                            flags.allow_cidrs.end());
  out->shutdown_grace = crawl::SecondsToDuration(flags.grace);
  if (!flags.quiet_log) {
    out->log = [](std::string_view line) { ErrorLine() << line << "\n"; };
  }
  return true;
}

}  // namespace xxgk::cli
