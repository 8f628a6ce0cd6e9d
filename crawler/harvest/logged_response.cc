// Reading back what the fetch log keeps of a page. See logged_response.h.
#include "crawler/harvest/logged_response.h"

#include <charconv>
#include <utility>

namespace xxgk::harvest {

bool LoggedBody(const store::Archive& archive, const std::string& digest, std::string* body) {
  body->clear();
  if (digest.empty()) return true;
  bool absent = false;
  if (archive.GetPayload(digest, body, &absent).ok()) return true;
  if (!absent || digest.size() < 16) return false;
  std::optional<store::StoredDocument> doc;
  if (!archive.GetDocument(digest.substr(0, 16), &doc).ok() || !doc ||
      doc->info.text_sha256 != digest || !doc->text_error.empty()) {
    return false;
  }
  *body = std::move(doc->text);
  return true;
}

std::optional<crawl::RedirectHop> LoggedHop(const std::string& logged) {
  const size_t space = logged.find(' ');
  if (space == std::string::npos) return std::nullopt;
  crawl::RedirectHop hop;
  const auto [end, ec] = std::from_chars(logged.data(), logged.data() + space, hop.status);
  if (ec != std::errc() || end != logged.data() + space) return std::nullopt;
  hop.url = logged.substr(space + 1);
  return hop;
}

}  // namespace xxgk::harvest
