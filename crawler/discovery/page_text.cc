// Page text: see page_text.h.
#include "crawler/discovery/page_text.h"

#include "extract/text/charset_decode.h"

namespace xxgk::crawl {
namespace {

std::string ContentType(const FetchResult& result) {
  std::string type = result.Header("content-type").value_or("");
  for (char& c : type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return type;
}

}  // namespace

bool IsReadablePage(const FetchResult& result) {
  const std::string type = ContentType(result);
  if (type.find("html") != std::string::npos || type.find("xml") != std::string::npos ||
      type.find("json") != std::string::npos || type.find("javascript") != std::string::npos) {
    return true;
  }
  if (!type.empty() && type.find("text/") != 0) return false;
  const size_t first = result.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos &&
         (result.body[first] == '<' || result.body[first] == '{' || result.body[first] == '[');
}

std::string PageText(const FetchResult& result) {
  const std::string type = ContentType(result);
  extract::CharsetHints hints;
  hints.content_type = type;
  hints.html = type.find("json") == std::string::npos;
  return extract::DecodeToUtf8(result.body, hints).utf8;
}

}  // namespace xxgk::crawl
