// [crawler] -> FetcherOptions. See crawler_config.h. One table row per key: its name and how its
// value is read onto the options; KeyReader holds the checks every row shares.
#include "crawler/cli/crawler_config.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "crawler/fetch/address_guard.h"
#include "crawler/url/url_canon.h"

namespace xxgk::cli {
namespace {

// No setting needs more than a day; the cap also keeps the conversion to Duration in range.
constexpr double kMaxSeconds = 86400;

// Reads one key's value, reporting a problem as "file:line: [crawler] key: reason".
class KeyReader {
 public:
  KeyReader(const ConfigFile& config, std::string_view key, std::string* error)
      : config_(config), key_(key), error_(error) {}

  bool Fail(const toml::node& node, std::string_view reason) {
    *error_ =
        ConfigError(config_, node, "[crawler] " + std::string(key_) + ": " + std::string(reason));
    return false;
  }

  // A non-empty string.
  bool Text(const toml::node& value, std::string* out) {
    const std::optional<std::string> text = value.value_exact<std::string>();
    if (!text || text->empty()) return Fail(value, "expected a non-empty string");
    *out = *text;
    return true;
  }

  // An array of non-empty strings.
  bool TextList(const toml::node& value, std::vector<std::string>* out) {
    const toml::array* array = value.as_array();
    if (array == nullptr) return Fail(value, "expected an array of strings");
    out->clear();
    for (const toml::node& element : *array) {
      std::string text;
      if (!Text(element, &text)) return false;
      out->push_back(std::move(text));
    }
    return true;
  }

  bool Integer(const toml::node& value, int64_t min, int64_t max, int64_t* out) {
    const std::optional<int64_t> number = value.value_exact<int64_t>();
    if (!number || *number < min || *number > max) {
      return Fail(value,
                  "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    *out = *number;
    return true;
  }

  // Seconds, integer or fractional: at least 0 (or more than 0), at most a day.
  bool Seconds(const toml::node& value, bool zero_allowed, crawl::Duration* out) {
    const std::optional<double> seconds = value.value<double>();  // integers convert
    const bool ok = seconds && std::isfinite(*seconds) && *seconds <= kMaxSeconds &&
                    (zero_allowed ? *seconds >= 0 : *seconds > 0);
    if (!ok) {
      return Fail(value, std::string("expected seconds, ") +
                             (zero_allowed ? "0 or more" : "more than 0") + " and at most " +
                             std::to_string(static_cast<int>(kMaxSeconds)));
    }
    *out = crawl::SecondsToDuration(*seconds);
    return true;
  }

 private:
  const ConfigFile& config_;
  std::string_view key_;
  std::string* error_;
};

// A host name as insecure_tls lists it, in the form the engine compares (lower case, IDN in
// punycode). Only a host: no scheme, port, path or user.
bool HostName(KeyReader& reader, const toml::node& node, const std::string& text,
              std::string* out) {
  if (text.find_first_of(":/@?#[]% \t") != std::string::npos) {
    return reader.Fail(node, "'" + text + "' is not a host name (no scheme, port or path)");
  }
  crawl::CanonicalUrl url;
  if (Status s = crawl::CanonicalizeUrl("https://" + text + "/", &url); !s.ok()) {
    return reader.Fail(node, "'" + text + "': " + s.message());
  }
  *out = url.host();
  return true;
}

using Options = crawl::FetcherOptions;

struct CrawlerKey {
  std::string_view name;
  bool (*apply)(KeyReader& reader, const toml::node& value, Options* options);
};

constexpr CrawlerKey kCrawlerKeys[] = {
    {"user_agent",
     [](KeyReader& r, const toml::node& v, Options* o) { return r.Text(v, &o->user_agent); }},
    {"insecure_tls",
     [](KeyReader& r, const toml::node& v, Options* o) {
       std::vector<std::string> hosts;
       if (!r.TextList(v, &hosts)) return false;
       const toml::array& array = *v.as_array();
       o->insecure_tls_hosts.clear();
       for (size_t i = 0; i < hosts.size(); ++i) {
         std::string host;
         if (!HostName(r, array[i], hosts[i], &host)) return false;
         o->insecure_tls_hosts.push_back(host);
       }
       return true;
     }},
    {"allow_networks",
     [](KeyReader& r, const toml::node& v, Options* o) {
       if (!r.TextList(v, &o->allowed_cidrs)) return false;
       const toml::array& array = *v.as_array();
       for (size_t i = 0; i < o->allowed_cidrs.size(); ++i) {
         crawl::Cidr cidr;
         if (Status s = crawl::Cidr::Parse(o->allowed_cidrs[i], &cidr); !s.ok()) {
           return r.Fail(array[i], s.message());
         }
       }
       return true;
     }},
    {"proxy", [](KeyReader& r, const toml::node& v, Options* o) { return r.Text(v, &o->proxy); }},
    {"resolve",
     [](KeyReader& r, const toml::node& v, Options* o) {
       if (!r.TextList(v, &o->resolve)) return false;
       const toml::array& array = *v.as_array();
       for (size_t i = 0; i < o->resolve.size(); ++i) {
         crawl::ResolveEntry entry;
         if (Status s = crawl::ParseResolveEntry(o->resolve[i], &entry); !s.ok()) {
           // The engine's message names the flag; here the key already says where it came from.
           std::string_view reason = s.message();
           if (reason.starts_with("--resolve ")) reason.remove_prefix(10);
           return r.Fail(array[i], reason);
         }
       }
       return true;
     }},
    {"ca_file",
     [](KeyReader& r, const toml::node& v, Options* o) {
       if (!r.Text(v, &o->ca_file)) return false;
       std::error_code ec;
       if (!std::filesystem::is_regular_file(o->ca_file, ec)) {
         return r.Fail(v, "'" + o->ca_file + "' is not a readable file");
       }
       return true;
     }},
    {"max_connections_per_host",
     [](KeyReader& r, const toml::node& v, Options* o) {
       int64_t n = 0;
       if (!r.Integer(v, 1, 64, &n)) return false;
       o->politeness.max_in_flight_per_host = static_cast<int>(n);
       return true;
     }},
    {"delay",
     [](KeyReader& r, const toml::node& v, Options* o) {
       return r.Seconds(v, /*zero_allowed=*/true, &o->politeness.min_delay);
     }},
    {"max_attempts",
     [](KeyReader& r, const toml::node& v, Options* o) {
       int64_t n = 0;
       if (!r.Integer(v, 1, 100, &n)) return false;
       o->retry.max_attempts = static_cast<int>(n);
       return true;
     }},
    {"retry_base_delay",
     [](KeyReader& r, const toml::node& v, Options* o) {
       return r.Seconds(v, /*zero_allowed=*/true, &o->retry.base_delay);
     }},
    {"connect_timeout",
     [](KeyReader& r, const toml::node& v, Options* o) {
       return r.Seconds(v, /*zero_allowed=*/false, &o->connect_timeout);
     }},
    {"transfer_timeout",
     [](KeyReader& r, const toml::node& v, Options* o) {
       return r.Seconds(v, /*zero_allowed=*/false, &o->transfer_timeout);
     }},
    {"low_speed_bytes",
     [](KeyReader& r, const toml::node& v, Options* o) {
       int64_t n = 0;
       if (!r.Integer(v, 0, int64_t{1} << 30, &n)) return false;
       o->low_speed_bytes = static_cast<long>(n);
       return true;
     }},
    {"low_speed_time",
     [](KeyReader& r, const toml::node& v, Options* o) {
       return r.Seconds(v, /*zero_allowed=*/false, &o->low_speed_time);
     }},
    {"max_body_bytes",
     [](KeyReader& r, const toml::node& v, Options* o) {
       int64_t n = 0;
       if (!r.Integer(v, 1, int64_t{1} << 40, &n)) return false;
       o->max_body_bytes = static_cast<size_t>(n);
       return true;
     }},
    {"max_inflight_bytes",
     [](KeyReader& r, const toml::node& v, Options* o) {
       int64_t n = 0;
       if (!r.Integer(v, 0, int64_t{1} << 40, &n)) return false;
       o->max_inflight_bytes = static_cast<size_t>(n);
       return true;
     }},
};

std::string KnownKeys() {
  std::string out;
  for (const CrawlerKey& key : kCrawlerKeys) {
    if (!out.empty()) out += ", ";
    out += key.name;
  }
  return out;
}

}  // namespace

bool ApplyCrawlerConfig(const ConfigFile& config, crawl::FetcherOptions* options,
                        std::string* error) {
  const toml::node* section = config.table.get("crawler");
  if (section == nullptr) return true;
  const toml::table* table = section->as_table();
  if (table == nullptr) {
    *error = ConfigError(config, *section, "[crawler] must be a table");
    return false;
  }
  for (const auto& [key, value] : *table) {
    const CrawlerKey* found = nullptr;
    for (const CrawlerKey& candidate : kCrawlerKeys) {
      if (candidate.name == key.str()) found = &candidate;
    }
    if (found == nullptr) {
      *error = ConfigError(
          config, value,
          "unknown key '" + std::string(key.str()) + "' in [crawler] (known: " + KnownKeys() + ")");
      return false;
    }
    KeyReader reader(config, found->name, error);
    if (!found->apply(reader, value, options)) return false;
  }
  return true;
}

}  // namespace xxgk::cli
