// The options of every command that reads the seed list (`xxgk seeds`, later `xxgk fetch` and
// `xxgk harvest`): --seeds FILE and --config FILE, which file they name, and loading it.
// The seed file is, in this order:
//   1. --seeds FILE;
//   2. `[seeds] path` of the configuration file (config_file.h: --config FILE, else
//      $XXGK_CONFIG, else ./config/default.toml when it exists), relative to the working
//      directory;
//   3. seeds/portals.tsv in the working directory, when it exists;
//   4. seeds/portals.tsv of the source tree xxgk was built from (XXGK_SOURCE_DIR).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "crawler/seeds/seed_list.h"

namespace xxgk::cli {

struct SeedsLocation {
  std::string seeds;   // --seeds
  std::string config;  // --config
};

void AddSeedsOptions(CLI::App* app, SeedsLocation* location);

// The seed file to read; nullopt with `*error` set ("file:line: reason") when the
// configuration file cannot be read, is not valid TOML or has a bad `[seeds] path`.
std::optional<std::string> ResolveSeedsPath(const SeedsLocation& location, std::string* error);

// Resolves and reads the seed list. On failure prints "xxgk: error: ..." lines (one per bad
// line of the file) and returns false with `*exit_code` = kExitUsage.
bool LoadSeedList(const SeedsLocation& location, seeds::SeedList* list, int* exit_code);

}  // namespace xxgk::cli
