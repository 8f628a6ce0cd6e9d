// --seeds / --config resolution for the commands that read the seed list. See seeds_options.h.
#include "crawler/cli/cli_error.h"
#include "crawler/cli/seeds_options.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "crawler/cli/command.h"
#include "crawler/cli/config_file.h"

namespace xxgk::cli {
namespace {

constexpr const char* kDefaultSeeds = "seeds/portals.tsv";

}  // namespace

void AddSeedsOptions(CLI::App* app, SeedsLocation* location) {
  app->add_option("--seeds", location->seeds,
                  "seed list (default: [seeds] path of the configuration file, else "
                  "./seeds/portals.tsv, else the one of the source tree)");
  app->add_option("--config", location->config,
                  "configuration file (default: $XXGK_CONFIG, else ./config/default.toml)");
}

std::optional<std::string> ResolveSeedsPath(const SeedsLocation& location, std::string* error) {
  if (!location.seeds.empty()) return location.seeds;
  ConfigFile config;
  if (!LoadConfigFile(location.config, &config, error)) return std::nullopt;
  if (const toml::node* path = config.table["seeds"]["path"].node(); path != nullptr) {
    if (!path->is_string() || path->value_or(std::string()).empty()) {
      *error = ConfigError(config, *path, "[seeds] path must be a non-empty string");
      return std::nullopt;
    }
    return path->value_or(std::string());
  }
  std::error_code ec;
  if (std::filesystem::exists(kDefaultSeeds, ec)) return std::string(kDefaultSeeds);
  return (std::filesystem::path(XXGK_SOURCE_DIR) / kDefaultSeeds).string();
}

bool LoadSeedList(const SeedsLocation& location, seeds::SeedList* list, int* exit_code) {
  std::string error;
  const std::optional<std::string> path = ResolveSeedsPath(location, &error);
  if (!path) {
    ErrorLine() << error << "\n";
    *exit_code = kExitUsage;
    return false;
  }
  if (Status s = seeds::SeedList::ReadFile(*path, list); !s.ok()) {
    std::istringstream lines(s.message());
    for (std::string line; std::getline(lines, line);) ErrorLine() << line << "\n";
    *exit_code = kExitUsage;
    return false;
  }
  return true;
}

}  // namespace xxgk::cli
