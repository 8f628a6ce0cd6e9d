// The options every archive command shares: --archive DIR and --config FILE, how they resolve,
// and opening the archive they name. The archive directory is --archive when given, else
// `[archive] path` of the configuration file (config_file.h: --config FILE, else $XXGK_CONFIG,
// else ./config/default.toml when it exists), else the built-in default "archive".
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "store/archive.h"

namespace xxgk::cli {

struct ArchiveLocation {
  std::string archive;  // --archive
  std::string config;   // --config
};

void AddArchiveOptions(CLI::App* app, ArchiveLocation* location);

// The archive directory to use; nullopt with `*error` set when the configuration file named
// cannot be read or is not valid TOML.
std::optional<std::string> ResolveArchiveDir(const ArchiveLocation& location, std::string* error);

// Resolves the archive directory and opens the archive (creating it only when `create`; for
// reading only, writing nothing, when `read_only`: stats, export, report, show). On
// failure prints one "xxgk: error: ..." line and returns nullptr with `*exit_code` set: kExitUsage
// for a bad configuration file, kExitFailure for an archive that cannot be opened.
std::unique_ptr<store::Archive> OpenArchive(const ArchiveLocation& location, bool create,
                                            std::string* dir, int* exit_code,
                                            bool read_only = false);

// Like OpenArchive (never creating), after reading every table in child processes
// (store/archive_walk.h): a damaged archive is reported — each unreadable range, then how to
// salvage it — and nullptr returned with kExitFailure, instead of a crash while reading it.
// For stats and rebuild. Call before starting threads.
std::unique_ptr<store::Archive> OpenVerifiedArchive(const ArchiveLocation& location, bool read_only,
                                                    std::string* dir, int* exit_code);

}  // namespace xxgk::cli
