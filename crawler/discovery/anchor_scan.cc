// Anchor scanner: see anchor_scan.h.
#include "crawler/discovery/anchor_scan.h"

#include <cstdio>

#include "crawler/discovery/link_extract.h"

namespace xxgk::crawl {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trim(std::string s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Reads the attributes of a start tag from `i` (just after the tag name) to its '>'; returns the
// position after '>'.
size_t ReadAttributes(std::string_view html, size_t i, Anchor* anchor, bool* has_href) {
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) break;
    if (html[i] == '>') return i + 1;
    const size_t name_start = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
           html[i] != '/') {
      ++i;
    }
    const std::string name = Lowered(html.substr(name_start, i - name_start));
    while (i < html.size() && IsSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && html[i] == '\\' && i + 1 < html.size() &&
          (html[i + 1] == '"' || html[i + 1] == '\'')) {
        // href=\"…\" inside a JavaScript string.
        const std::string close = {'\\', html[i + 1]};
        const size_t end = html.find(close, i + 2);
        const size_t stop = end == std::string_view::npos ? html.size() : end;
        value = html.substr(i + 2, stop - i - 2);
        i = end == std::string_view::npos ? html.size() : end + 2;
      } else if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i];
        const size_t end = html.find(quote, i + 1);
        const size_t stop = end == std::string_view::npos ? html.size() : end;
        value = html.substr(i + 1, stop - i - 1);
        i = end == std::string_view::npos ? html.size() : end + 1;
      } else {
        const size_t start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        value = html.substr(start, i - start);
      }
    }
    if (name == "href" && !*has_href) {
      *has_href = true;
      anchor->href = Trim(DecodeCharacterReferences(value));
    } else if (name == "title" && anchor->title.empty()) {
      anchor->title = Trim(DecodeCharacterReferences(value));
    } else if (name == "oldsrc" && anchor->oldsrc.empty()) {
      anchor->oldsrc = Trim(DecodeCharacterReferences(value));
    }
  }
  return html.size();
}

}  // namespace

std::string PlainText(std::string_view html) {
  std::string stripped;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      stripped += ' ';
      i = end;
    } else {
      stripped += html[i];
    }
  }
  const std::string decoded = DecodeCharacterReferences(stripped);
  std::string out;
  bool space = false;
  for (size_t i = 0; i < decoded.size(); ++i) {
    const bool nbsp = decoded.compare(i, 2, "\xC2\xA0") == 0;
    if (IsSpace(decoded[i]) || nbsp) {
      space = true;
      if (nbsp) ++i;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += decoded[i];
  }
  return out;
}

std::string FindDate(std::string_view text) {
  for (size_t i = 0; i + 8 <= text.size(); ++i) {
    if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1]))) continue;
    size_t j = i;
    while (j < text.size() && IsDigit(text[j])) ++j;
    if (j - i != 4 || (text[i] != '1' && text[i] != '2')) continue;
    const int year = std::stoi(std::string(text.substr(i, 4)));
    // The separator: - / . or 年 (then 月 and 日).
    auto read_sep = [&](size_t* k, bool chinese, std::string_view word) {
      if (chinese) {
        if (text.substr(*k).starts_with(word)) {
          *k += word.size();
          return true;
        }
        return false;
      }
      if (*k < text.size() && (text[*k] == '-' || text[*k] == '/' || text[*k] == '.')) {
        ++*k;
        return true;
      }
      return false;
    };
    auto read_number = [&](size_t* k, int* value) {
      const size_t start = *k;
      while (*k < text.size() && IsDigit(text[*k]) && *k - start < 2) ++*k;
      if (*k == start || (*k < text.size() && IsDigit(text[*k]))) return false;
      *value = std::stoi(std::string(text.substr(start, *k - start)));
      return true;
    };
    for (const bool chinese : {false, true}) {
      size_t k = j;
      int month = 0, day = 0;
      if (!read_sep(&k, chinese, "年") || !read_number(&k, &month) ||
          !read_sep(&k, chinese, "月") || !read_number(&k, &day)) {
        continue;
      }
      if (month < 1 || month > 12 || day < 1 || day > 31) continue;
      char out[16];
      std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
      return out;
    }
  }
  return "";
}

namespace {

// Advances `depth` over the list tags (<ul, <ol, </ul, </ol) of lower[from, to).
void CountListTags(std::string_view lower, size_t from, size_t to, size_t* depth) {
  for (size_t i = lower.find('<', from); i < to; i = lower.find('<', i + 1)) {
    const bool closing = i + 1 < to && lower[i + 1] == '/';
    const size_t name = i + 1 + (closing ? 1 : 0);
    if (name + 2 > lower.size() || !(lower.compare(name, 2, "ul") == 0 ||
                                      lower.compare(name, 2, "ol") == 0)) {
      continue;
    }
    if (name + 2 < lower.size() && !(IsSpace(lower[name + 2]) || lower[name + 2] == '>')) continue;
    if (!closing) {
      ++*depth;
    } else if (*depth > 0) {
      --*depth;
    }
  }
}

}  // namespace

std::vector<Anchor> ScanAnchors(std::string_view html) {
  const std::string lower = Lowered(html);
  std::vector<Anchor> anchors;
  size_t i = 0;
  size_t counted = 0, depth = 0;  // list tags counted up to `counted`
  while ((i = lower.find("<a", i)) != std::string::npos) {
    const size_t after_name = i + 2;
    if (after_name >= lower.size() || !(IsSpace(lower[after_name]) || lower[after_name] == '>')) {
      i = after_name;
      continue;
    }
    Anchor anchor;
    bool has_href = false;
    const size_t content = ReadAttributes(html, after_name, &anchor, &has_href);
    size_t close = lower.find("</a", content);
    const size_t next_open = lower.find("<a", content);
    if (close == std::string::npos || (next_open != std::string::npos && next_open < close)) {
      close = next_open == std::string::npos ? lower.size() : next_open;  // unclosed <a>
    }
    if (has_href) {
      CountListTags(lower, counted, i, &depth);
      counted = i;
      anchor.list_depth = depth;
      anchor.text = PlainText(html.substr(content, close - content));
      size_t after = lower.find('>', close);
      after = after == std::string::npos ? lower.size() : after + 1;
      // The item's date: in the few bytes after the anchor, before the next anchor or item.
      size_t window = std::min(lower.size(), after + 200);
      for (const char* stop : {"<a", "</li", "</tr", "<li"}) {
        const size_t at = lower.find(stop, after);
        if (at != std::string::npos && at < window) window = at;
      }
      anchor.date = FindDate(html.substr(after, window - after));
      size_t next = after;
      while (next < lower.size() && IsSpace(lower[next])) ++next;
      anchor.opens_list = lower.compare(next, 3, "<ul") == 0;
      anchors.push_back(std::move(anchor));
    }
    i = content > i ? content : after_name;
  }
  return anchors;
}

}  // namespace xxgk::crawl
