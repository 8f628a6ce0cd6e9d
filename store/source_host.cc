// The host a document source is filed under (source_hosts table). See source_host.h.
#include "store/source_host.h"

namespace xxgk::store {
namespace {

constexpr size_t kMaxHostName = 253;  // DNS; keeps the table's keys under LMDB's 511 bytes

bool PlainHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Whether the last label is a number as a URL parser reads IPv4 parts: decimal, or 0x + hex.
bool EndsInNumber(std::string_view host) {
  const size_t dot = host.rfind('.');
  std::string_view label = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (label.starts_with("0x")) return true;  // hex digits are plain characters: a number
  return !label.empty() && label.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string UrlHostOf(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::string(kUnusualHost);
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority.substr(0, authority.find(':'));
  std::string out;
  out.reserve(host.size());
  for (char c : host) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out.empty() || out.size() > kMaxHostName || EndsInNumber(out)) {
    return std::string(kUnusualHost);
  }
  for (char c : out) {
    if (!PlainHostChar(c)) return std::string(kUnusualHost);
  }
  return out;
}

std::string SourceHostOf(const DocumentSource& source) {
  if (source.kind != "url") return source.kind.substr(0, 32) + ":";
  return UrlHostOf(source.page.empty() ? source.origin : source.page);
}

}  // namespace xxgk::store
