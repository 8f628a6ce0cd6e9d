// The xxgk configuration file, shared by every command that reads one: which file applies
// (--config FILE, else $XXGK_CONFIG, else ./config/default.toml when it exists, else none, and
// every setting keeps its built-in default) and reading it with toml++. Errors name the file and
// the line: "config/x.toml:12: reason".
// Thread safety: none needed (functions of their arguments, plus getenv and the file system).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace xxgk::cli {

struct ConfigFile {
  std::string path;   // the file read; empty when there is none (built-in defaults)
  toml::table table;  // its contents; empty when there is none
};

// The file to read: `explicit_path` (--config) when given, else $XXGK_CONFIG when set, else
// "config/default.toml" when it exists in the working directory, else "" (no file).
std::string ResolveConfigPath(const std::string& explicit_path);

// Resolves and parses the configuration file. False with `*error` set ("file:line: reason")
// when the file named cannot be read or is not valid TOML.
bool LoadConfigFile(const std::string& explicit_path, ConfigFile* out, std::string* error);

// "file:line: reason", the line being where `node` was read.
std::string ConfigError(const ConfigFile& config, const toml::node& node, std::string_view reason);

}  // namespace xxgk::cli
