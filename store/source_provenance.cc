// The `source` object of exported records. See source_provenance.h.
#include "store/source_provenance.h"

#include <algorithm>

namespace xxgk::store {

nlohmann::ordered_json SourceProvenance(const std::vector<DocumentSource>& sources) {
  if (sources.empty()) return nullptr;
  const auto own = std::find_if(sources.begin(), sources.end(),
                                [](const DocumentSource& s) { return !s.copy; });
  const DocumentSource& s = own != sources.end() ? *own : sources.front();
  nlohmann::ordered_json j;
  auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("url", s.origin);
  put("kind", s.kind);
  put("page", s.page);
  put("title", s.list_title.empty() ? s.title : s.list_title);
  put("fetched_at", s.seen);
  put("code", s.seed_code);
  put("column", s.column);
  put("list_date", s.list_date);
  put("content_type", s.content_type);
  nlohmann::ordered_json copies = nlohmann::ordered_json::array();
  for (const DocumentSource& other : sources) {
    if (&other != &s && other.origin != s.origin) copies.push_back(other.origin);
  }
  if (!copies.empty()) j["copies"] = std::move(copies);
  return j;
}

}  // namespace xxgk::store
