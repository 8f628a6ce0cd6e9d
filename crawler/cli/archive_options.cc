// --archive / --config resolution for the archive commands. See archive_options.h.
#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"

#include <iostream>

#include "crawler/cli/command.h"
#include "crawler/cli/config_file.h"

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
                                            std::string* dir, int* exit_code) {
  std::string error;
  const std::optional<std::string> resolved = ResolveArchiveDir(location, &error);
  if (!resolved) {
    ErrorLine() << error << "\n";
    *exit_code = kExitUsage;
    return nullptr;
  }
  *dir = *resolved;
  std::unique_ptr<store::Archive> archive;
  if (Status s = store::Archive::Open(*dir, store::ArchiveOptions{.create = create}, &archive);
      !s.ok()) {
    ErrorLine() << s.message() << "\n";
    *exit_code = kExitFailure;
    return nullptr;
  }
  return archive;
}

}  // namespace xxgk::cli
