// The options every archive command shares: --archive DIR and --config FILE, and how they
// resolve. The archive directory is --archive when given, else `[archive] path` of the
// configuration file: --config FILE, else $XXGK_CONFIG, else ./config/default.toml when it exists,
// else the built-in default "archive".
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace xxgk::cli {

struct ArchiveLocation {
  std::string archive;  // --archive
  std::string config;   // --config
};

void AddArchiveOptions(CLI::App* app, ArchiveLocation* location);

// The archive directory to use; nullopt with `*error` set when the configuration file named
// cannot be read or is not valid TOML.
std::optional<std::string> ResolveArchiveDir(const ArchiveLocation& location, std::string* error);

}  // namespace xxgk::cli
