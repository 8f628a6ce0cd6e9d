// MergePlainReference: the plain-href shortcut of ResolveUrl (see plain_reference.h for why).
#include "crawler/url/plain_reference.h"

namespace xxgk::crawl {
namespace {

bool IsPlainPathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/';
}

bool IsPlainQueryChar(char c) {
  return IsPlainPathChar(c) || c == '=' || c == '&' || c == '+' || c == ',' || c == ';';
}

// RFC 3986 section 5.2.4 on a path that starts with "/": "." segments go, ".." ones take the
// segment before them (never above the root); a path ending in one of them keeps its last "/".
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.substr(0, 3) == "/./" || in == "/.") {
      in = in.size() == 2 ? std::string_view("/") : in.substr(2);
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else {  // the leading "/" and the segment up to the next "/"
      const size_t next = in.find('/', 1);
      const size_t length = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, length));
      in.remove_prefix(length);
    }
  }
  return out;
}

}  // namespace

bool HasDotSegment(std::string_view path) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '.' || (i > 0 && path[i - 1] != '/')) continue;
    size_t end = i + 1;
    if (end < path.size() && path[end] == '.') ++end;
    if (end == path.size() || path[end] == '/') return true;
  }
  return false;
}

std::optional<MergedPath> MergePlainReference(std::string_view base_path,
                                              std::string_view reference) {
  if (base_path.empty() || base_path.front() != '/') return std::nullopt;
  const size_t question = reference.find('?');
  const std::string_view path = reference.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : reference.substr(question + 1);
  if (path.empty() || (path.size() >= 2 && path[0] == '/' && path[1] == '/')) return std::nullopt;
  for (char c : path) {
    if (!IsPlainPathChar(c)) return std::nullopt;
  }
  for (char c : query) {
    if (!IsPlainQueryChar(c)) return std::nullopt;
  }
  MergedPath merged;
  if (path.front() == '/') {
    merged.path = path;
  } else {  // RFC 3986 section 5.2.3: the base's path up to its last "/", then the reference
    const size_t slash = base_path.rfind('/');
    merged.path.reserve(slash + 1 + path.size());
    merged.path.assign(base_path.substr(0, slash + 1));
    merged.path.append(path);
  }
  if (HasDotSegment(merged.path)) {
    // libcurl 7.88 removes dot segments unlike RFC 3986 next to an empty segment ("a/..//b"):
    // such paths take its path, so that the two ways never differ.
    if (merged.path.find("//") != std::string::npos) return std::nullopt;
    merged.path = RemoveDotSegments(merged.path);
  }
  merged.query = query;
  return merged;
}

}  // namespace xxgk::crawl
