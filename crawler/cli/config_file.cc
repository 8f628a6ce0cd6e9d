// Which configuration file applies, and parsing it. See config_file.h.
#include "crawler/cli/config_file.h"

#include <cstdlib>
#include <filesystem>

namespace xxgk::cli {

std::string ResolveConfigPath(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("XXGK_CONFIG"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  if (std::filesystem::exists("config/default.toml", ec)) return "config/default.toml";
  return "";
}

bool LoadConfigFile(const std::string& explicit_path, ConfigFile* out, std::string* error) {
  out->path = ResolveConfigPath(explicit_path);
  out->table = toml::table();
  if (out->path.empty()) return true;
  try {
    out->table = toml::parse_file(out->path);
  } catch (const toml::parse_error& e) {
    *error = out->path + ":" + std::to_string(e.source().begin.line) + ": " +
             std::string(e.description());
    return false;
  }
  return true;
}

std::string ConfigError(const ConfigFile& config, const toml::node& node, std::string_view reason) {
  return config.path + ":" + std::to_string(node.source().begin.line) + ": " + std::string(reason);
}

}  // namespace xxgk::cli
