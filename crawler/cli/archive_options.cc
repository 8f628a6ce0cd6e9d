// --archive / --config resolution for the archive commands. See archive_options.h.
#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"

#include <iostream>

#include "crawler/cli/command.h"
#include "crawler/cli/config_file.h"
#include "store/archive_walk.h"

namespace xxgk::cli {

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

std::unique_ptr<store::Archive> OpenVerifiedArchive(const ArchiveLocation& location, bool read_only,
                                                    std::string* dir, int* exit_code) {
  std::string error;
  const std::optional<std::string> resolved = ResolveArchiveDir(location, &error);
  if (!resolved) {
    ErrorLine() << error << "\n";
    *exit_code = kExitUsage;
    return nullptr;
  }
  store::WalkReport report;
  Status s = store::WalkArchive(
      *resolved, store::WalkOptions{.skip_damage = false},
      [](store::Table, std::string_view, std::string_view) { return Status::Ok(); }, &report);
  if (!s.ok() || !report.open_error.empty()) {
    ErrorLine() << (s.ok() ? report.open_error : *resolved + ": " + s.message()) << "\n";
    *exit_code = kExitFailure;
    return nullptr;
  }
  if (!report.damaged.empty()) {
    for (const store::DamagedRange& range : report.damaged) {
      ErrorLine() << *resolved << ": " << store::DescribeDamage(range) << "\n";
    }
    ErrorLine() << *resolved << ": the archive is damaged; nothing was done. `xxgk verify --archive "
                << *resolved << "` lists every unreadable range, `xxgk salvage --archive " << *resolved
                << " --to NEW` copies what is readable into a new archive\n";
    *exit_code = kExitFailure;
    return nullptr;
  }
  return OpenArchive(ArchiveLocation{*resolved, location.config}, /*create=*/false, dir, exit_code,
                     read_only);
}

}  // namespace xxgk::cli
