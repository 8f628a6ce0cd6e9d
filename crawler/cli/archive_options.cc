// --archive / --config resolution for the archive commands. See archive_options.h.
#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"

#include <filesystem>
#include <iostream>

#include "crawler/cli/command.h"
#include "crawler/cli/config_file.h"
#include "store/archive_walk.h"

namespace xxgk::cli {

namespace fs = std::filesystem;

void AddArchiveOptions(CLI::App* app, ArchiveLocation* location) {
  app->add_option("--archive", location->archive,
                  "archive directory (default: [archive] path of the configuration file)");
  app->add_option("--config", location->config,
                  "configuration file (default: $XXGK_CONFIG, else ./config/default.toml)");
}

std::optional<std::string> ResolveArchiveDir(const ArchiveLocation& location, std::string* error) {
  if (!location.archive.empty()) return location.archive;
  ConfigFile config;
  if (!LoadConfigFile(location.config, &config, error)) return std::nullopt;
  const toml::node* path = config.table["archive"]["path"].node();
  if (path == nullptr) return std::string("archive");
  if (!path->is_string() || path->value_or(std::string()).empty()) {
    *error = ConfigError(config, *path, "[archive] path must be a non-empty string");
    return std::nullopt;
  }
  return path->value_or(std::string());
}

std::unique_ptr<store::Archive> OpenArchive(const ArchiveLocation& location, bool create,
                                            std::string* dir, int* exit_code, bool read_only) {
  std::string error;
  const std::optional<std::string> resolved = ResolveArchiveDir(location, &error);
  if (!resolved) {
    ErrorLine() << error << "\n";
    *exit_code = kExitUsage;
    return nullptr;
  }
  *dir = *resolved;
  std::unique_ptr<store::Archive> archive;
  if (Status s = store::Archive::Open(*dir, store::ArchiveOptions{.create = create, .read_only = read_only}, &archive);
      !s.ok()) {
    ErrorLine() << s.message() << "\n";
    *exit_code = kExitFailure;
    return nullptr;
  }
  return archive;
}

bool ArchiveReadsClean(const std::string& dir, const std::string& prefix) {
  store::WalkReport report;
  Status s = store::WalkArchive(
      dir, store::WalkOptions{.skip_damage = false},
      [](store::Table, std::string_view, std::string_view) { return Status::Ok(); }, &report);
  if (!s.ok() || !report.open_error.empty()) {
    ErrorLine() << prefix << (s.ok() ? report.open_error : dir + ": " + s.message()) << "\n";
    return false;
  }
  if (report.damaged.empty()) return true;
  for (const store::DamagedRange& range : report.damaged) {
    ErrorLine() << prefix << dir << ": " << store::DescribeDamage(range) << "\n";
  }
  ErrorLine() << prefix << dir
              << ": the archive is damaged; nothing was done. `xxgk verify --archive " << dir
              << "` lists every unreadable range, `xxgk salvage --archive " << dir
              << " --to NEW` copies what is readable into a new archive\n";
  return false;
}

std::unique_ptr<store::Archive> OpenVerifiedArchive(const ArchiveLocation& location, bool create,
                                                    std::string* dir, int* exit_code,
                                                    bool read_only) {
  std::string error;
  const std::optional<std::string> resolved = ResolveArchiveDir(location, &error);
  if (!resolved) {
    ErrorLine() << error << "\n";
    *exit_code = kExitUsage;
    return nullptr;
  }
  std::error_code ec;
  const bool exists = fs::exists(fs::path(*resolved) / "data.mdb", ec) || ec;
  if ((exists || !create) && !ArchiveReadsClean(*resolved)) {
    *dir = *resolved;
    *exit_code = kExitFailure;
    return nullptr;
  }
  return OpenArchive(ArchiveLocation{*resolved, location.config}, create, dir, exit_code,
                     read_only);
}

}  // namespace xxgk::cli
