// Links out of an HTML page: a scanner of start tags that follows the HTML tokenizer's rules for
// what is markup (comments, raw text, attribute quoting), the navigation links picked from its
// tags, character references decoded, and a resolver (with a memory) to canonical URLs.
#include "crawler/discovery/link_extract.h"

#include <libxml/HTMLparser.h>

#include <cstdint>
#include <cstring>

#include "base/ascii_case.h"

namespace xxgk::crawl {
namespace {

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// One start tag: its name and the attributes the crawl looks at (first occurrence of each, as
// HTML keeps it), as written (names compare without regard to ASCII case).
struct Tag {
  std::string_view name;
  std::optional<std::string_view> href, src, name_attr, content;
};

// Walks the start tags of a document the way the HTML tokenizer (WHATWG HTML, section 13.2.5)
// delimits them: text, comments (<!-- -->, also <!--> and --!>), bogus comments (<!...>, <?...>,
// </ followed by a non-letter), end tags, and the raw text of <script>, <style>, <textarea>,
// <title>, <xmp>, <iframe>, <noembed> and <noframes>, whose contents hold no tags; <plaintext>
// ends the markup. Attribute values are quoted ('...', "...") or end at white space or ">".
// Simplification: a "<!--" inside a script does not hide a following "</script>" (the
// tokenizer's script-escape states); no page of ours depends on that.
class TagScanner {
 public:
  explicit TagScanner(std::string_view html) : html_(html) {}

  // The next start tag, or false at the end of the document.
  bool Next(Tag* tag) {
    while (pos_ < html_.size()) {
      const size_t lt = html_.find('<', pos_);
      if (lt == std::string_view::npos || lt + 1 >= html_.size()) break;
      const char next = html_[lt + 1];
      if (next == '!') {
        SkipMarkupDeclaration(lt);
      } else if (next == '?') {
        SkipPast('>', lt + 2);
      } else if (next == '/') {
        if (lt + 2 < html_.size() && IsAsciiAlpha(html_[lt + 2])) {
          Tag ignored;
          ReadTag(lt + 2, &ignored);  // an end tag: its "attributes" still decide where it ends
        } else {
          SkipPast('>', lt + 2);  // "</>" is dropped, "</ x>" is a bogus comment
        }
      } else if (IsAsciiAlpha(next)) {
        ReadTag(lt + 1, tag);
        SkipRawText(tag->name);
        return true;
      } else {
        pos_ = lt + 1;  // a "<" that starts no markup is text
      }
    }
    pos_ = html_.size();
    return false;
  }

 private:
  void SkipPast(char c, size_t from) {
    const size_t at = html_.find(c, from);
    pos_ = at == std::string_view::npos ? html_.size() : at + 1;
  }

  // At "<!": a comment, or a DOCTYPE / CDATA section / bogus comment, which all end at ">".
  void SkipMarkupDeclaration(size_t lt) {
    if (html_.compare(lt, 4, "<!--") != 0) {
      SkipPast('>', lt + 2);
      return;
    }
    size_t at = lt + 4;
    if (html_.compare(at, 1, ">") == 0) {  // "<!-->"
      pos_ = at + 1;
      return;
    }
    if (html_.compare(at, 2, "->") == 0) {  // "<!--->"
      pos_ = at + 2;
      return;
    }
    while (true) {
      const size_t dashes = html_.find("--", at);
      if (dashes == std::string_view::npos) {
        pos_ = html_.size();
        return;
      }
      if (html_.compare(dashes + 2, 1, ">") == 0) {
        pos_ = dashes + 3;
        return;
      }
      if (html_.compare(dashes + 2, 2, "!>") == 0) {
        pos_ = dashes + 4;
        return;
      }
      at = dashes + 1;
    }
  }

  // From the first letter of a tag name to just past its ">" (or the end of the document).
  void ReadTag(size_t start, Tag* tag) {
    size_t i = start;
    while (i < html_.size() && !IsHtmlSpace(html_[i]) && html_[i] != '/' && html_[i] != '>') ++i;
    tag->name = html_.substr(start, i - start);
    tag->href = tag->src = tag->name_attr = tag->content = std::nullopt;
    while (i < html_.size()) {
      while (i < html_.size() && (IsHtmlSpace(html_[i]) || html_[i] == '/')) ++i;
      if (i >= html_.size()) break;
      if (html_[i] == '>') {
        pos_ = i + 1;
        return;
      }
      const size_t name_start = i++;  // the first character may be "=" (a parse error)
      while (i < html_.size() && !IsHtmlSpace(html_[i]) && html_[i] != '/' && html_[i] != '>' &&
             html_[i] != '=') {
        ++i;
      }
      const std::string_view name = html_.substr(name_start, i - name_start);
      size_t j = i;
      while (j < html_.size() && IsHtmlSpace(html_[j])) ++j;
      std::optional<std::string_view> value;
      if (j < html_.size() && html_[j] == '=') {
        ++j;
        while (j < html_.size() && IsHtmlSpace(html_[j])) ++j;
        if (j < html_.size() && (html_[j] == '"' || html_[j] == '\'')) {
          const size_t close = html_.find(html_[j], j + 1);
          if (close == std::string_view::npos) break;  // the tag runs to the end: no tag
          value = html_.substr(j + 1, close - j - 1);
          i = close + 1;
        } else {
          size_t end = j;
          while (end < html_.size() && !IsHtmlSpace(html_[end]) && html_[end] != '>') ++end;
          value = html_.substr(j, end - j);
          i = end;
        }
      } else {
        value = std::string_view();  // an attribute without a value: the empty string
      }
      Keep(name, *value, tag);
    }
    pos_ = html_.size();  // end of document inside a tag: the tag is dropped (HTML: eof-in-tag)
    *tag = Tag{};
  }

  static void Keep(std::string_view name, std::string_view value, Tag* tag) {
    auto first = [&](std::optional<std::string_view>* slot) {
      if (!*slot) *slot = value;
    };
    if (EqualsIgnoringAsciiCase(name, "href")) {
      first(&tag->href);
    } else if (EqualsIgnoringAsciiCase(name, "src")) {
      first(&tag->src);
    } else if (EqualsIgnoringAsciiCase(name, "name")) {
      first(&tag->name_attr);
    } else if (EqualsIgnoringAsciiCase(name, "content")) {
      first(&tag->content);
    }
  }

  // After the start tag of an element whose content is raw text: on to its end tag.
  void SkipRawText(std::string_view tag_name) {
    static constexpr std::string_view kRawText[] = {"script", "style",  "textarea", "title",
                                                    "xmp",    "iframe", "noembed",  "noframes"};
    if (EqualsIgnoringAsciiCase(tag_name, "plaintext")) {
      pos_ = html_.size();
      return;
    }
    std::string_view name;  // lower case
    for (std::string_view r : kRawText) {
      if (EqualsIgnoringAsciiCase(tag_name, r)) name = r;
    }
    if (name.empty()) return;
    size_t at = pos_;
    while (true) {
      const size_t close = html_.find("</", at);
      if (close == std::string_view::npos) {
        pos_ = html_.size();
        return;
      }
      const size_t after = close + 2 + name.size();
      if (after <= html_.size() &&
          EqualsIgnoringAsciiCase(html_.substr(close + 2, name.size()), name) &&
          (after == html_.size() || IsHtmlSpace(html_[after]) || html_[after] == '/' ||
           html_[after] == '>')) {
        pos_ = close;
        return;
      }
      at = close + 2;
    }
  }

  std::string_view html_;
  size_t pos_ = 0;
};

void AppendUtf8(std::string* out, uint32_t code) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// The code point of the reference body between "&" and ";" ("amp", "#38", "#x26"), or 0.
uint32_t ReferenceCodePoint(std::string_view body) {
  if (body.empty() || body.size() > 32) return 0;
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    uint32_t code = 0;
    for (char c : digits) {
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return 0;
      }
      code = code * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
    }
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    return code == 0 || code > 0x10FFFF || surrogate ? 0 : code;
  }
  const std::string name(body);
  const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
  return entity != nullptr ? entity->value : 0;
}

// What a reference's resolution depends on (RFC 3986 section 5.2): an absolute http(s) URL on
// nothing, "//host/x" and "/x" on the base's scheme and origin, "x" and "../x" on the base up to
// the last "/" of its path, "?q", "#f" and "" on the whole base.
enum class Dependence { kNothing, kOrigin, kDirectory, kWholeUrl };

Dependence DependenceOf(std::string_view href) {
  if (href.empty() || href[0] == '?' || href[0] == '#') return Dependence::kWholeUrl;
  if (href[0] == '/') return Dependence::kOrigin;
  auto starts = [&](std::string_view prefix) {
    return href.size() >= prefix.size() &&
           EqualsIgnoringAsciiCase(href.substr(0, prefix.size()), prefix);
  };
  if (starts("http://") || starts("https://")) return Dependence::kNothing;
  return Dependence::kDirectory;
}

}  // namespace

std::string DecodeCharacterReferences(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  size_t i = 0;
  while (i < value.size()) {
    const size_t amp = value.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(value, i, amp - i);
    const size_t semi = value.find(';', amp + 1);
    const uint32_t code = semi == std::string_view::npos
                              ? 0
                              : ReferenceCodePoint(value.substr(amp + 1, semi - amp - 1));
    if (code == 0) {
      out.push_back('&');
      i = amp + 1;
    } else {
      AppendUtf8(&out, code);
      i = semi + 1;
    }
  }
  out.append(value, i, std::string_view::npos);
  return out;
}

ScannedLinks ScanLinks(std::string_view html) {
  ScannedLinks links;
  TagScanner scanner(html);
  Tag tag;
  bool have_base = false;
  while (scanner.Next(&tag)) {
    if (EqualsIgnoringAsciiCase(tag.name, "a") || EqualsIgnoringAsciiCase(tag.name, "area")) {
      if (tag.href) links.hrefs.push_back(DecodeCharacterReferences(*tag.href));
    } else if (EqualsIgnoringAsciiCase(tag.name, "frame") ||
               EqualsIgnoringAsciiCase(tag.name, "iframe")) {
      if (tag.src) links.hrefs.push_back(DecodeCharacterReferences(*tag.src));
    } else if (EqualsIgnoringAsciiCase(tag.name, "base")) {
      if (tag.href && !have_base) {  // the first <base href> counts (HTML, "frozen base URL")
        links.base = DecodeCharacterReferences(*tag.href);
        have_base = true;
      }
    } else if (EqualsIgnoringAsciiCase(tag.name, "meta") && tag.name_attr && tag.content &&
               EqualsIgnoringAsciiCase(*tag.name_attr, "robots")) {
      const std::string content = AsciiLowered(*tag.content);
      if (content.find("nofollow") != std::string::npos ||
          content.find("none") != std::string::npos) {
        links.nofollow = true;
      }
    }
  }
  return links;
}

PageLinks LinkResolver::Links(const CanonicalUrl& page_url, std::string_view html) {
  const ScannedLinks scanned = ScanLinks(html);
  PageLinks out;
  if (scanned.nofollow) return out;
  // Forgetting happens between pages, so a page never gives the same href twice.
  if (remembered_ + scanned.hrefs.size() > max_remembered_) {
    memo_.clear();
    remembered_ = 0;
  }
  CanonicalUrl base = page_url;
  if (!scanned.base.empty()) {
    if (CanonicalUrl declared; ResolveUrl(page_url, scanned.base, &declared).ok()) base = declared;
  }
  // The page's four memories, looked up once per page (so per link only the href is hashed).
  std::unordered_map<std::string, bool>* memory[4] = {};
  auto memory_for = [&](Dependence dependence) -> std::unordered_map<std::string, bool>& {
    auto*& slot = memory[static_cast<int>(dependence)];
    if (slot == nullptr) {
      std::string scope;
      switch (dependence) {
        case Dependence::kNothing:
          break;
        case Dependence::kOrigin:
          scope = base.host_key().str();
          break;
        case Dependence::kDirectory: {
          const std::string& spec = base.spec();
          const size_t query = spec.find('?');
          scope.assign(spec, 0,
                       spec.rfind('/', query == std::string::npos ? spec.size() : query) + 1);
          break;
        }
        case Dependence::kWholeUrl:
          scope = base.spec();
          break;
      }
      scope.insert(scope.begin(), static_cast<char>('0' + static_cast<int>(dependence)));
      slot = &memo_[scope];
    }
    return *slot;
  };
  for (const std::string& href : scanned.hrefs) {
    std::unordered_map<std::string, bool>& memory_of_scope = memory_for(DependenceOf(href));
    if (auto found = memory_of_scope.find(href); found != memory_of_scope.end()) {
      out.count += found->second ? 1 : 0;
      continue;
    }
    CanonicalUrl url;
    const bool crawlable = ResolveUrl(base, href, &url).ok();
    memory_of_scope.emplace(href, crawlable);
    ++remembered_;
    if (crawlable) {
      ++out.count;
      out.fresh.push_back(std::move(url));
    }
  }
  return out;
}

}  // namespace xxgk::crawl
