// Page links (the shared discovery steps and the generic fallback): see page_links.h.
#include "crawler/discovery/page_links.h"

#include <array>
#include <cctype>

#include "base/request_key.h"
#include "crawler/discovery/link_extract.h"
#include "crawler/discovery/report_title.h"

namespace xxgk::crawl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Extension(std::string_view path) {
  const std::string_view file = path.substr(path.rfind('/') + 1);
  const size_t dot = file.rfind('.');
  return dot == std::string_view::npos ? "" : LowerAscii(file.substr(dot + 1));
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Whether `url` is on the page's host and under `dir` (a path ending in '/').
bool Under(const CanonicalUrl& url, const CanonicalUrl& page, std::string_view dir) {
  return url.host_key() == page.host_key() && url.path().starts_with(dir);
}

// The directory a page's own pagination may use: its directory, and for VSB-style lists the
// folder named after the page (/xxgk/ndbg.htm → /xxgk/ndbg/).
bool OnPagerPath(const CanonicalUrl& url, const CanonicalUrl& page) {
  const std::string dir = DirectoryOf(page.path());
  if (!Under(url, page, dir)) return false;
  const std::string rest = url.path().substr(dir.size());
  const size_t slash = rest.find('/');
  return slash == std::string::npos || rest.substr(0, slash) == FileStem(page.path());
}

}  // namespace

std::string DirectoryOf(std::string_view path) {
  return std::string(path.substr(0, path.rfind('/') + 1));
}

std::string FileStem(std::string_view path) {
  std::string_view file = path.substr(path.rfind('/') + 1);
  return std::string(file.substr(0, file.rfind('.')));
}

bool IsAttachmentUrl(const CanonicalUrl& url) {
  static constexpr std::array<std::string_view, 10> kExtensions = {
      "pdf", "doc", "docx", "ofd", "wps", "xls", "xlsx", "et", "zip", "rar"};
  const std::string ext = Extension(url.path());
  for (std::string_view e : kExtensions) {
    if (ext == e) return true;
  }
  return false;
}

bool LooksLikeDetailPage(const CanonicalUrl& url) {
  const std::string stem = FileStem(url.path());
  // t20240129_1926722, art_1012_3456, post_2590436, content_2150541, Content-2673984
  auto prefixed_id = [&](std::string_view prefix, char sep) {
    if (!stem.starts_with(prefix)) return false;
    const std::string_view rest = std::string_view(stem).substr(prefix.size());
    const size_t at = rest.find(sep);
    return !rest.empty() && IsDigit(rest[0]) && (at == std::string_view::npos || at > 0);
  };
  if (prefixed_id("t", '_') && stem.size() > 10 && stem[9] == '_') return true;
  if (prefixed_id("art_", '_') || prefixed_id("post_", '_') || prefixed_id("content_", '_') ||
      prefixed_id("Content-", '-')) {
    return true;
  }
  // /info/1042/1395123.htm, /zfxxgk/…/1753311688616128514.html: a long number.
  return AllDigits(stem) && stem.size() >= 6;
}

bool IsPagerText(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kLabels = {
      "下一页", "下页", "尾页", "末页", "后页", "上一页", "上页", "前页", ">", ">>", "»", "下一頁"};
  for (std::string_view label : kLabels) {
    if (text == label) return true;
  }
  return text.size() <= 4 && AllDigits(text);
}

bool IsNavigationText(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kLabels = {
      "首页",     "网站首页", "返回首页", "政府信息公开", "信息公开", "政务公开",
      "网站地图", "联系我们", "返回",     "关闭",         "打印",     "收藏"};
  for (std::string_view label : kLabels) {
    if (text == label) return true;
  }
  return false;
}

std::optional<std::vector<std::string>> CallArguments(std::string_view text,
                                                      std::string_view function) {
  size_t at = 0;
  while ((at = text.find(function, at)) != std::string_view::npos) {
    size_t i = at + function.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '(') break;
    at = i;
  }
  if (at == std::string_view::npos) return std::nullopt;
  const size_t open = text.find('(', at);
  std::vector<std::string> args;
  std::string current;
  for (size_t i = open + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const size_t end = text.find(c, i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      current += text.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == ',' || c == ')') {
      args.push_back(current);
      current.clear();
      if (c == ')') return args;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      current += c;
    }
  }
  return std::nullopt;
}

std::optional<size_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 9 || !AllDigits(text)) return std::nullopt;
  size_t value = 0;
  for (const char c : text) value = value * 10 + static_cast<size_t>(c - '0');
  return value;
}

namespace {

// Where the value given to `key` begins in `text`, from `*at` on (`key: v`, `"key": v`, `key=v`,
// spaces around the sign); `*at` moves past the key, so a caller can look for the next one.
std::optional<size_t> NextValueOf(std::string_view text, std::string_view key, size_t* at) {
  while ((*at = text.find(key, *at)) != std::string_view::npos) {
    const size_t before = *at;
    const bool word_start = before == 0 || !(std::isalnum(static_cast<unsigned char>(text[before - 1])) ||
                                             text[before - 1] == '_');
    size_t i = before + key.size();
    *at = i;
    if (!word_start) continue;
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) ++i;  // "key": …
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || (text[i] != ':' && text[i] != '=')) continue;
    ++i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ScriptValue(std::string_view text, std::string_view key) {
  size_t at = 0;
  while (std::optional<size_t> value = NextValueOf(text, key, &at)) {
    size_t i = *value;
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
      const size_t end = text.find(text[i], i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(text.substr(i + 1, end - i - 1));
    }
    const size_t start = i;
    const bool path = i < text.size() && text[i] == '/';  // an unquoted path: /gkmlpt/api/
    while (i < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.' ||
            text[i] == '-' || (path && text[i] == '/'))) {
      ++i;
    }
    if (i > start) return std::string(text.substr(start, i - start));
  }
  return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ScriptObject(std::string_view text,
                                                                            std::string_view key) {
  size_t at = 0;
  while (std::optional<size_t> value = NextValueOf(text, key, &at)) {
    const size_t i = *value;
    if (i >= text.size() || text[i] != '{') continue;
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> fields;
    std::string_view body = text.substr(i + 1, close - i - 1);
    while (true) {
      const size_t comma = body.find(',');
      std::string_view item = body.substr(0, comma);
      const auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        return s;
      };
      const auto unquote = [](std::string_view s) {
        if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
          s = s.substr(1, s.size() - 2);
        }
        return s;
      };
      item = trim(item);
      if (!item.empty()) {
        const size_t colon = item.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        const std::string_view name = unquote(trim(item.substr(0, colon)));
        const std::string_view field_value = unquote(trim(item.substr(colon + 1)));
        if (name.empty() || field_value.find_first_of("{[(") != std::string_view::npos) return std::nullopt;
        fields.emplace_back(std::string(name), std::string(field_value));
      }
      if (comma == std::string_view::npos) break;
      body.remove_prefix(comma + 1);
    }
    return fields;
  }
  return std::nullopt;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto encode = [](std::string_view s, std::string* out) {
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '*') {
        *out += ch;
      } else if (c == ' ') {
        *out += '+';
      } else {
        *out += '%';
        *out += kHex[c >> 4];
        *out += kHex[c & 15];
      }
    }
  };
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    encode(name, &body);
    body += '=';
    encode(value, &body);
  }
  return body;
}

// ---- PageAnalysis -----------------------------------------------------------------------------

PageAnalysis::PageAnalysis(const PortalPage& page)
    : page_(page), anchors_(ScanAnchors(page.body)), base_(page.url) {
  // <base href>: rare on portals, but it moves every relative link when present.
  if (LowerAscii(page.body.substr(0, 16384)).find("<base") != std::string::npos) {
    const std::string base = ScanLinks(page.body).base;
    CanonicalUrl resolved;
    if (!base.empty() && ResolveUrl(page.url, base, &resolved).ok()) base_ = resolved;
  }
}

std::optional<CanonicalUrl> PageAnalysis::Resolve(std::string_view href) const {
  if (href.empty() || href.starts_with("#")) return std::nullopt;
  CanonicalUrl url;
  if (!ResolveUrl(base_, href, &url).ok()) return std::nullopt;
  return url;
}

bool PageAnalysis::Add(DiscoveredLink link) {
  if (link.url.spec().empty() || link.url == page_.url) return false;
  if (!added_.insert(RequestKey(link.url.spec(), link.form_body)).second) return false;
  links_.push_back(std::move(link));
  return true;
}

bool PageAnalysis::Add(std::string_view href, LinkRole role, std::string title, std::string date,
                       int year, std::string column_name) {
  std::optional<CanonicalUrl> url = Resolve(href);
  if (!url) return false;
  DiscoveredLink link;
  link.url = std::move(*url);
  link.role = role;
  link.title = std::move(title);
  link.date = std::move(date);
  link.year = year;
  link.column_name = std::move(column_name);
  return Add(std::move(link));
}

// ---- the shared steps -------------------------------------------------------------------------

void AddEntryLinks(PageAnalysis& a) {
  // 年报 columns by their text; 政府信息公开 entries from the root, and from an entry page that
  // names no column itself (政府信息公开 → 法定主动公开内容 → 政府信息公开年报).
  bool column = false;
  for (const Anchor& anchor : a.anchors()) {
    const std::string& text = anchor.text.empty() ? anchor.title : anchor.text;
    if (IsReportColumnName(text))
      column |= a.Add(anchor.href, LinkRole::kColumn, text, "", 0, text);
  }
  if (column && a.page().role != PageRole::kRoot) return;
  for (const Anchor& anchor : a.anchors()) {
    const std::string& text = anchor.text.empty() ? anchor.title : anchor.text;
    if (IsOpennessName(text)) a.Add(anchor.href, LinkRole::kOpenness, text);
  }
}

void AddListItems(PageAnalysis& a) {
  for (const Anchor& anchor : a.anchors()) {
    const std::string& title = anchor.best_title();
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (!url) continue;
    const bool document = IsAttachmentUrl(*url);  // a report listed as its PDF itself
    if (std::optional<int> year = AnnualReportYear(title)) {
      // An undated link to a folder or an index page is a per-year sub-column
      // ("2023年政府信息公开年报/"), not a report.
      const std::string stem = FileStem(url->path());
      if (!document && anchor.date.empty() && a.page().role == PageRole::kColumn &&
          (url->path().ends_with("/") || stem == "index" || stem == "default")) {
        a.Add(anchor.href, LinkRole::kColumn, anchor.text, "", 0, anchor.text);
        continue;
      }
      a.Add(anchor.href, LinkRole::kReportPage, title, anchor.date, *year);
    } else if (!document && !anchor.date.empty() && !IsPagerText(anchor.text)) {
      a.Add(anchor.href, LinkRole::kOtherItem, title, anchor.date);
    }
  }
}

void AddSubColumns(PageAnalysis& a) {
  const CanonicalUrl& page = a.page().url;
  const std::string dir = DirectoryOf(page.path());
  const std::string own_folder = FileStem(page.path());  // ndbg.htm's pager lives in ndbg/
  for (const Anchor& anchor : a.anchors()) {
    const std::string& text = anchor.text;
    if (text.empty() || Utf8Chars(text) > 16 || !anchor.date.empty() || IsPagerText(text) ||
        IsNavigationText(text) || AnnualReportYear(anchor.best_title())) {
      continue;
    }
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (!url || !Under(*url, page, dir) || !url->query().empty() || IsAttachmentUrl(*url) ||
        LooksLikeDetailPage(*url)) {
      continue;
    }
    // A sub-column is a folder below the column (./xzf/, ./xj/1.html) or an index page.
    const std::string rest = url->path().substr(dir.size());
    const size_t slash = rest.find('/');
    const bool folder = slash != std::string::npos && rest.substr(0, slash) != own_folder;
    if (!folder && !rest.starts_with("index.")) continue;
    a.Add(anchor.href, LinkRole::kColumn, text, "", 0, text);
  }
}

void AddNumberedRange(PageAnalysis& a, const CanonicalUrl& next, const CanonicalUrl& last,
                      size_t max_pages) {
  const std::string& n = next.spec();
  const std::string& l = last.spec();
  size_t p = 0;
  while (p < n.size() && p < l.size() && n[p] == l[p]) ++p;
  while (p > 0 && IsDigit(n[p - 1])) --p;  // back to the start of the differing number
  size_t ne = p, le = p;
  while (ne < n.size() && IsDigit(n[ne])) ++ne;
  while (le < l.size() && IsDigit(l[le])) ++le;
  if (ne == p || le == p || n.substr(ne) != l.substr(le) || ne - p > 6 || le - p > 6) return;
  const long from = std::stol(n.substr(p, ne - p)), to = std::stol(l.substr(p, le - p));
  const long step = from <= to ? 1 : -1;  // VSB counts down
  size_t added = 0;
  for (long k = from; added < max_pages; k += step, ++added) {
    a.Add(n.substr(0, p) + std::to_string(k) + n.substr(ne), LinkRole::kListPage);
    if (k == to) break;
  }
}

void AddPagination(PageAnalysis& a) {
  std::optional<CanonicalUrl> next, last;
  for (const Anchor& anchor : a.anchors()) {
    if (!IsPagerText(anchor.text)) continue;
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (!url || !OnPagerPath(*url, a.page().url) || IsAttachmentUrl(*url) ||
        LooksLikeDetailPage(*url)) {
      continue;
    }
    if (anchor.text == "下一页" || anchor.text == "下页" || anchor.text == "后页") next = url;
    if (anchor.text == "尾页" || anchor.text == "末页") last = url;
    a.Add(anchor.href, LinkRole::kListPage);
  }
  if (next && last) AddNumberedRange(a, *next, *last);
}

void AddReportParts(PageAnalysis& a) {
  // Continuation pages: t….html → t…_1.html, t…_2.html (from any page of the report).
  std::string stem = FileStem(a.page().url.path());
  if (const size_t us = stem.rfind('_'); us != std::string::npos && us + 1 < stem.size() &&
                                         AllDigits(stem.substr(us + 1)) && stem.find('_') != us) {
    stem = stem.substr(0, us);  // t20240129_19_1 → t20240129_19
  }
  const std::string dir = DirectoryOf(a.page().url.path());
  for (const Anchor& anchor : a.anchors()) {
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (url && IsAttachmentUrl(*url)) {
      a.Add(anchor.href, LinkRole::kAttachment, anchor.best_title());
      continue;
    }
    if (!anchor.oldsrc.empty()) {
      if (std::optional<CanonicalUrl> old = a.Resolve(anchor.oldsrc);
          old && IsAttachmentUrl(*old)) {
        a.Add(anchor.oldsrc, LinkRole::kAttachment, anchor.best_title());
        continue;
      }
    }
    if (!url || url->host_key() != a.page().url.host_key() || DirectoryOf(url->path()) != dir) {
      continue;
    }
    const std::string other = FileStem(url->path());
    if (other.size() > stem.size() + 1 && other.starts_with(stem) && other[stem.size()] == '_' &&
        AllDigits(other.substr(stem.size() + 1))) {
      a.Add(anchor.href, LinkRole::kContinuation);
    }
  }
}

void AddGenericLinks(PageAnalysis& a) {
  switch (a.page().role) {
    case PageRole::kRoot:
    case PageRole::kOpenness:
      AddEntryLinks(a);
      break;
    case PageRole::kColumn:
      AddListItems(a);
      AddSubColumns(a);
      AddPagination(a);
      break;
    case PageRole::kListPage:
      AddListItems(a);
      AddPagination(a);
      break;
    case PageRole::kReportPage:
    case PageRole::kContinuation:
      AddReportParts(a);
      break;
    case PageRole::kAttachment:
      break;
  }
}

}  // namespace xxgk::crawl
