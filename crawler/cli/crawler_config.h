// The [crawler] section of the configuration file (config/default.toml documents every key):
// turns it into crawl::FetcherOptions for the commands that fetch. A key that is absent keeps
// the built-in default; command-line flags are applied afterwards by the command and win.
//
// Validation is done here, with the file and line, so that a mistake is reported where it was
// made ("config/x.toml:7: allow_networks: ...") rather than later by the engine: unknown keys,
// wrong types, values out of range, a bad CIDR or resolve entry, an unusable host name, a
// missing ca_file.
// Thread safety: none needed (a function of its arguments; it reads the file system for ca_file).
#pragma once

#include <string>

#include "crawler/cli/config_file.h"
#include "crawler/fetch/fetcher.h"

namespace xxgk::cli {

// Applies `config`'s [crawler] table onto `*options`. False with `*error` set
// ("file:line: reason") when a key is unknown or a value is unusable; `*options` may then be
// partly updated.
// REQUIRES: LC_CTYPE is UTF-8 when insecure_tls names an international host (url_canon.h).
bool ApplyCrawlerConfig(const ConfigFile& config, crawl::FetcherOptions* options,
                        std::string* error);

}  // namespace xxgk::cli
