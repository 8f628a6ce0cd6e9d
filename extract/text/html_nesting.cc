// HTML nesting estimate: a linear pass over the tokens, with a model of the stack of open
// elements. See html_nesting.h for the rules.
#include "extract/text/html_nesting.h"

#include <algorithm>
#include <iterator>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace xxgk::extract {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

template <size_t N>
bool In(const std::string_view (&set)[N], std::string_view name) {
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

// Not counted: void elements, and elements closed implicitly by a sibling or ignored when repeated.
constexpr std::string_view kUncounted[] = {
    "area",  "base", "br",       "col",      "embed",    "hr",    "img",   "input",
    "link",  "meta", "param",    "source",   "track",    "wbr",   "basefont", "bgsound",
    "frame", "keygen", "image",  "menuitem", "isindex",  "p",     "li",    "dt",
    "dd",    "tr",   "td",       "th",       "option",   "optgroup", "tbody", "thead",
    "tfoot", "colgroup", "html", "head",     "body"};

// Raw text and RCDATA elements (HTML content only): their content holds no tags.
constexpr std::string_view kRawText[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"};

// Formatting elements: their end tag runs the adoption agency.
constexpr std::string_view kFormatting[] = {
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"};

// Elements an end tag's element must not lie under to be "in scope" (the default scope).
constexpr std::string_view kScopeBoundary[] = {
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
    "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
// SVG integration points (their content is HTML again); also scope boundaries.
constexpr std::string_view kSvgIntegration[] = {"foreignobject", "desc", "title"};
constexpr std::string_view kMathIntegration[] = {"mi", "mo", "mn", "ms", "mtext"};

// The "special" category (blocks and the like): a formatting end tag with one of them open
// above its element keeps them open (the adoption agency's "furthest block").
constexpr std::string_view kSpecial[] = {
    "address", "applet",  "area",     "article",  "aside",      "base",     "basefont",
    "bgsound", "blockquote", "body",  "br",       "button",     "caption",  "center",
    "col",     "colgroup", "dd",      "details",  "dir",        "div",      "dl",
    "dt",      "embed",   "fieldset", "figcaption", "figure",   "footer",   "form",
    "frame",   "frameset", "h",       "head",     "header",     "hgroup",   "hr",
    "html",    "iframe",  "img",      "input",    "li",         "listing",  "main",
    "marquee", "menu",    "nav",      "noembed",  "noframes",   "noscript", "object",
    "ol",      "pre",     "section",  "select",   "summary",    "table",    "template",
    "textarea", "ul",     "xmp"};

// Start tags that end foreign content (SVG, MathML) and are processed as HTML.
constexpr std::string_view kBreakout[] = {
    "b",     "big",    "blockquote", "body",  "br",     "center", "code",   "dd",    "div",
    "dl",    "dt",     "em",         "embed", "h1",     "h2",     "h3",     "h4",    "h5",
    "h6",    "head",   "hr",         "i",     "img",    "li",     "listing", "menu", "meta",
    "nobr",  "ol",     "p",          "pre",   "ruby",   "s",      "small",  "span",  "strong",
    "strike", "sub",   "sup",        "table", "tt",     "u",      "ul",     "var"};

bool IsHeading(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

// The key an element is found by for its end tag: h1–h6 close each other.
std::string_view Key(std::string_view name) { return IsHeading(name) ? "h" : name; }

// The tree builder's stack of open elements, as far as the depth needs.
class OpenElements {
 public:
  size_t max_depth() const { return max_depth_; }

  // The current node is an SVG or MathML element that is not an integration point.
  bool InForeignContent() const {
    if (stack_.empty() || !stack_.back().foreign) return false;
    const std::string_view name = stack_.back().name;
    return !In(kSvgIntegration, name) && !In(kMathIntegration, name) && name != "annotation-xml";
  }

  // A start tag. Returns true when it is an HTML element (so raw text may follow).
  bool Start(std::string_view name, bool self_closing, bool font_has_presentation_attribute) {
    if (InForeignContent()) {
      if (!In(kBreakout, name) && !(name == "font" && font_has_presentation_attribute)) {
        if (!self_closing) Push(name, /*foreign=*/true);
        return false;
      }
      while (InForeignContent()) PopTo(stack_.size() - 1);
    }
    if (name == "svg" || name == "math") {
      if (!self_closing) Push(name, /*foreign=*/true);
      return false;
    }
    if (In(kUncounted, name)) return false;
    if (In(kRawText, name)) return true;  // holds no elements: not counted
    if (name == "button" || name == "a" || name == "nobr") {
      End(name);  // a second one closes the first (for a and nobr: the adoption agency)
    } else if (IsHeading(name) && !stack_.empty() && stack_.back().name == "h") {
      PopTo(stack_.size() - 1);
    }
    Push(name, /*foreign=*/false);
    return true;
  }

  // An end tag.
  void End(std::string_view name) {
    auto it = by_name_.find(std::string(Key(name)));
    if (it == by_name_.end() || it->second.empty()) return;  // none open: ignored
    const size_t at = it->second.back();
    if (!boundaries_.empty() && boundaries_.back() > at) return;  // not in scope: ignored
    if (In(kFormatting, name) && !specials_.empty() && specials_.back() > at) {
      Remove(at, &it->second);
      return;
    }
    PopTo(at);
  }

 private:
  struct Entry {
    std::string name;  // the key
    bool foreign;
    bool live;  // false: removed by the adoption agency, popped with what is above it
  };

  void Push(std::string_view name, bool foreign) {
    const auto at = static_cast<uint32_t>(stack_.size());
    const std::string_view key = Key(name);
    stack_.push_back({std::string(key), foreign, true});
    by_name_[std::string(key)].push_back(at);
    if (In(kScopeBoundary, key) || (foreign && In(kSvgIntegration, key))) {
      boundaries_.push_back(at);
    }
    if (!foreign && In(kSpecial, key)) specials_.push_back(at);
    ++live_;
    max_depth_ = std::max(max_depth_, live_);
  }

  // Pops every entry from the top down to and including `at`.
  void PopTo(size_t at) {
    while (stack_.size() > at) {
      const size_t top = stack_.size() - 1;
      Entry& e = stack_.back();
      if (e.live) {
        --live_;
        by_name_[e.name].pop_back();
      }
      if (!boundaries_.empty() && boundaries_.back() == top) boundaries_.pop_back();
      if (!specials_.empty() && specials_.back() == top) specials_.pop_back();
      stack_.pop_back();
    }
    DropDeadTop();
  }

  // Takes the element at `at` (the last of its name) out of the count, leaving what is above it.
  void Remove(size_t at, std::vector<uint32_t>* positions) {
    stack_[at].live = false;
    --live_;
    positions->pop_back();
    DropDeadTop();
  }

  void DropDeadTop() {
    while (!stack_.empty() && !stack_.back().live) stack_.pop_back();
  }

  std::vector<Entry> stack_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_name_;
  std::vector<uint32_t> boundaries_;  // positions of scope boundaries, increasing
  std::vector<uint32_t> specials_;    // positions of special elements, increasing
  size_t live_ = 0;
  size_t max_depth_ = 0;
};

// `html` at `pos` starts with `name` (ASCII case-insensitive), followed by white space, '/', '>'
// or the end of the input: an appropriate end tag's name.
bool NameAt(std::string_view html, size_t pos, std::string_view name) {
  if (pos + name.size() > html.size()) return false;
  for (size_t k = 0; k < name.size(); ++k) {
    if (Lower(html[pos + k]) != name[k]) return false;
  }
  const size_t after = pos + name.size();
  return after == html.size() || IsSpace(html[after]) || html[after] == '/' || html[after] == '>';
}

struct Tag {
  std::string name;  // lower-case, at most 32 characters kept
  bool self_closing = false;
  bool presentation = false;  // has a color, face or size attribute (a breakout <font>)
  bool complete = false;      // ended by '>' (a tag cut by the end of the input is dropped)
};

// Reads a tag whose name starts at `pos`; returns the index after it.
size_t ReadTag(std::string_view html, size_t pos, Tag* tag) {
  const size_t n = html.size();
  size_t k = pos;
  while (k < n && !IsSpace(html[k]) && html[k] != '/' && html[k] != '>') {
    if (tag->name.size() < 32) tag->name.push_back(Lower(html[k]));
    ++k;
  }
  while (k < n) {
    const char c = html[k];
    if (IsSpace(c)) {
      ++k;
      continue;
    }
    if (c == '/') {
      if (k + 1 < n && html[k + 1] == '>') {
        tag->self_closing = true;
        tag->complete = true;
        return k + 2;
      }
      ++k;
      continue;
    }
    if (c == '>') {
      tag->complete = true;
      return k + 1;
    }
    // An attribute name (its first character may be '=' or a quote: part of the name).
    const size_t start = k++;
    while (k < n && !IsSpace(html[k]) && html[k] != '/' && html[k] != '>' && html[k] != '=') ++k;
    const std::string_view attr = html.substr(start, k - start);
    if (attr.size() == 4 || attr.size() == 5) {
      std::string lower(attr);
      for (char& ch : lower) ch = Lower(ch);
      tag->presentation = tag->presentation || lower == "color" || lower == "face" || lower == "size";
    }
    while (k < n && IsSpace(html[k])) ++k;
    if (k >= n || html[k] != '=') continue;
    ++k;
    while (k < n && IsSpace(html[k])) ++k;
    if (k >= n) break;
    if (html[k] == '"' || html[k] == '\'') {
      const size_t close = html.find(html[k], k + 1);
      if (close == std::string_view::npos) return n;
      k = close + 1;
    } else if (html[k] == '>') {
      tag->complete = true;
      return k + 1;
    } else {
      while (k < n && !IsSpace(html[k]) && html[k] != '>') ++k;
    }
  }
  return n;
}

// Where the appropriate end tag of raw-text element `name` starts (its "</"), from `pos`;
// npos when there is none.
size_t RawTextEnd(std::string_view html, size_t pos, std::string_view name) {
  for (size_t k = pos; (k = html.find("</", k)) != std::string_view::npos; k += 2) {
    if (NameAt(html, k + 2, name)) return k;
  }
  return std::string_view::npos;
}

// The same for script, through its escaped and double-escaped states ("<!--<script>" hides a
// "</script>").
size_t ScriptEnd(std::string_view html, size_t pos) {
  enum { kData, kEscaped, kDoubleEscaped } state = kData;
  size_t k = pos;
  while ((k = html.find_first_of("<-", k)) != std::string_view::npos) {
    if (html[k] == '-') {
      if (state != kData && html.substr(k, 3) == "-->") {
        state = kData;
        k += 3;
      } else {
        ++k;
      }
      continue;
    }
    if (state == kData && html.substr(k, 4) == "<!--") {
      state = kEscaped;
      k += 4;
      if (k < html.size() && html[k] == '>') state = kData;  // "<!-->"
      continue;
    }
    if (html.substr(k, 2) == "</" && NameAt(html, k + 2, "script")) {
      if (state != kDoubleEscaped) return k;
      state = kEscaped;
      k += 8;
      continue;
    }
    if (state == kEscaped && k + 1 < html.size() && NameAt(html, k + 1, "script")) {
      state = kDoubleEscaped;
      k += 7;
      continue;
    }
    ++k;
  }
  return std::string_view::npos;
}

// The index after the comment that starts at `pos` ("<!--").
size_t CommentEnd(std::string_view html, size_t pos) {
  const size_t body = pos + 4;
  if (html.substr(body, 1) == ">") return body + 1;   // <!-->
  if (html.substr(body, 2) == "->") return body + 2;  // <!--->
  for (size_t k = body; (k = html.find("--", k)) != std::string_view::npos; ++k) {
    if (html.substr(k + 2, 1) == ">") return k + 3;
    if (html.substr(k + 2, 2) == "!>") return k + 4;
  }
  return html.size();
}

size_t AfterNext(std::string_view html, size_t pos, char c) {
  const size_t k = html.find(c, pos);
  return k == std::string_view::npos ? html.size() : k + 1;
}

}  // namespace

size_t EstimateNestingDepth(std::string_view html, size_t stop_above) {
  OpenElements open;
  const size_t n = html.size();
  size_t i = 0;
  while (i < n && open.max_depth() <= stop_above) {
    i = html.find('<', i);
    if (i == std::string_view::npos || i + 1 >= n) break;
    const char next = html[i + 1];
    if (html.substr(i, 4) == "<!--") {
      i = CommentEnd(html, i);
    } else if (next == '!' && open.InForeignContent() && html.substr(i, 9) == "<![CDATA[") {
      const size_t end = html.find("]]>", i + 9);
      i = end == std::string_view::npos ? n : end + 3;
    } else if (next == '!' || next == '?') {
      i = AfterNext(html, i + 2, '>');  // a bogus comment
    } else if (next == '/') {
      if (i + 2 >= n) break;
      if (html[i + 2] == '>') {
        i += 3;
      } else if (!IsAlpha(html[i + 2])) {
        i = AfterNext(html, i + 2, '>');  // a bogus comment
      } else {
        Tag tag;
        i = ReadTag(html, i + 2, &tag);
        if (tag.complete) open.End(tag.name);
      }
    } else if (IsAlpha(next)) {
      Tag tag;
      i = ReadTag(html, i + 1, &tag);
      if (!tag.complete) break;
      if (!open.Start(tag.name, tag.self_closing, tag.presentation)) continue;
      if (!In(kRawText, tag.name)) continue;
      // Raw text: skipped with its end tag.
      if (tag.name == "plaintext") break;
      const size_t end =
          tag.name == "script" ? ScriptEnd(html, i) : RawTextEnd(html, i, tag.name);
      if (end == std::string_view::npos) break;
      Tag end_tag;
      i = ReadTag(html, end + 2, &end_tag);
    } else {
      ++i;  // a '<' that starts no tag is text
    }
  }
  return open.max_depth();
}

}  // namespace xxgk::extract
