// FetchResult's header lookup (fetch_result.h), apart from the engine so that stages which only
// read results (ingest) need not link libcurl's side of the crawler.
#include "crawler/fetch/fetch_result.h"

#include "base/ascii_case.h"

namespace xxgk::crawl {

std::optional<std::string> FetchResult::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringAsciiCase(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace xxgk::crawl
