// `xxgk robots ROBOTS_FILE USER_AGENT URL`: checks one URL against a robots.txt file with the
// crawler's own matcher (crawler/fetch/robots_rules.h), as google/robotstxt's `robots` tool does.
// Prints "allowed" (exit 0) or "disallowed" (exit 1); an unreadable file or a bad URL gives one
// "xxgk: ..." line on stderr and exit 2.
#include <iostream>
#include <memory>
#include <string>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/input_file.h"
#include "crawler/fetch/robots_rules.h"
#include "crawler/url/url_canon.h"

namespace xxgk::cli {
namespace {

struct RobotsOptions {
  std::string robots_file;
  std::string user_agent;
  std::string url;
};

int RunRobots(const RobotsOptions& options) {
  std::string error;
  const std::optional<std::string> body = ReadInputFile(options.robots_file, &error);
  if (!body) {
    ErrorLine() << options.robots_file << ": " << error << "\n";
    return kExitUsage;
  }
  crawl::CanonicalUrl url;
  if (const Status s = crawl::CanonicalizeUrl(options.url, &url); !s.ok()) {
    ErrorLine() << options.url << ": " << s.message() << "\n";
    return kExitUsage;
  }
  const bool allowed =
      crawl::RobotsRules::Parse(*body, options.user_agent).Allowed(url.PathAndQuery());
  std::cout << (allowed ? "allowed" : "disallowed") << "\n";
  return allowed ? kExitOk : kExitFailure;
}

}  // namespace

Command AddRobotsCommand(CLI::App& parent) {
  auto options = std::make_shared<RobotsOptions>();
  CLI::App* app = parent.add_subcommand(
      "robots",
      "Check a URL against a robots.txt file (RFC 9309) for a user agent: prints 'allowed' "
      "(exit 0) or 'disallowed' (exit 1); an unreadable file or a bad URL exits 2.");
  app->add_option("ROBOTS_FILE", options->robots_file, "the robots.txt file; '-' reads stdin")
      ->required();
  app->add_option("USER_AGENT", options->user_agent,
                  "product token or whole User-Agent string (its product token is used)")
      ->required();
  app->add_option("URL", options->url, "absolute http or https URL to check")->required();
  return Command{app, [options] { return RunRobots(*options); }};
}

}  // namespace xxgk::cli
