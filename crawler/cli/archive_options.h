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

// Like OpenArchive, after reading every table in child processes (store/archive_walk.h): a
// damaged archive is reported — each unreadable range, then how to salvage it — and nullptr
// returned with kExitFailure, instead of a crash (or an LMDB error that explains nothing) while
// reading or writing it. With `create`, a directory holding no data.mdb yet is created as
// OpenArchive creates it (there is nothing to walk). For every command that reads or writes a
// whole archive: stats, rebuild, export, report, import, fetch, harvest. Call before starting
// threads (it forks).
std::unique_ptr<store::Archive> OpenVerifiedArchive(const ArchiveLocation& location, bool create,
                                                    std::string* dir, int* exit_code,
                                                    bool read_only = false);

// The same check for an archive named otherwise (import --from-archive): true when the archive
// in `dir` can be opened and every table read; otherwise prints, each line after `prefix`, why
// not (the unreadable ranges and how to salvage), and returns false.
bool ArchiveReadsClean(const std::string& dir, const std::string& prefix = "");

}  // namespace xxgk::cli
