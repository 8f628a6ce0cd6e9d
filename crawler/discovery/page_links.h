// Page links: the discovery every portal family shares, and the generic fallback built from it.
//
// A PageAnalysis holds one page's anchors (anchor_scan.h) and the links found so far (each URL
// once: the first role given wins, so an adapter adds its family's links before the generic
// ones). The Add* functions are the shared steps, by the role of the page:
//   root       → 政府信息公开 entries and annual-report columns, by link text (report_title.h);
//   openness   → annual-report columns, by link text; entries one level deeper (法定主动公开内容)
//                only when the page names no column;
//   column     → sub-columns (short labels under the column's directory), list items,
//                pagination;
//   list page  → list items, pagination;
//   report     → attachments (href, else OLDSRC; also inside JavaScript strings), continuation
//                pages (t…_1.html after t….html).
// List items: a report when its title (the title attribute, else the text) names a report
// (AnnualReportYear) — also when the item links the document itself (a PDF); any other dated
// item is kOtherItem. Pagination: 下一页/尾页/末页/page
// numbers on the column's own paths, and every page between "next" and "last" when the two URLs
// differ in one number (/2.html … /9.html, page_2 … page_9, ?page=2 … ?page=9, index_1 …).
//
// Thread safety: a PageAnalysis is used by one thread; the functions are reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "crawler/discovery/anchor_scan.h"
#include "crawler/discovery/portal_adapter.h"

namespace xxgk::crawl {

class PageAnalysis {
 public:
  explicit PageAnalysis(const PortalPage& page);

  const PortalPage& page() const { return page_; }
  const std::vector<Anchor>& anchors() const { return anchors_; }

  // Resolves `href` against the page's <base href>, else its URL; nullopt for non-http(s) or
  // malformed hrefs.
  std::optional<CanonicalUrl> Resolve(std::string_view href) const;
  // Adds a link unless its URL was added before or is the page itself. Returns whether added.
  bool Add(DiscoveredLink link);
  bool Add(std::string_view href, LinkRole role, std::string title = "", std::string date = "",
           int year = 0, std::string column_name = "");
  std::vector<DiscoveredLink> Take() { return std::move(links_); }

 private:
  const PortalPage& page_;
  std::vector<Anchor> anchors_;
  CanonicalUrl base_;
  std::vector<DiscoveredLink> links_;
  std::unordered_set<std::string> added_;
};

// The shared steps (see the file comment).
void AddEntryLinks(PageAnalysis& analysis);   // root and openness pages
void AddListItems(PageAnalysis& analysis);    // reports and other dated items
void AddSubColumns(PageAnalysis& analysis);   // column pages
void AddPagination(PageAnalysis& analysis);   // column and list pages
void AddReportParts(PageAnalysis& analysis);  // report and continuation pages
// Every step that applies to the page's role: the generic adapter, and the base of the others.
void AddGenericLinks(PageAnalysis& analysis);

// Links every page between `next` and `last` when they differ in one run of digits (at most
// `max_pages`), as kListPage.
void AddNumberedRange(PageAnalysis& analysis, const CanonicalUrl& next, const CanonicalUrl& last,
                      size_t max_pages = 500);

// URL shapes.
bool IsAttachmentUrl(
    const CanonicalUrl& url);  // .pdf .doc .docx .ofd .wps .xls .xlsx .et .zip .rar
bool LooksLikeDetailPage(
    const CanonicalUrl& url);  // t20240129_1.shtml, art_1_2.html, post_3.html, …
std::string DirectoryOf(std::string_view path);  // "/a/b/c.html" → "/a/b/"
std::string FileStem(std::string_view path);     // "/a/b/c.html" → "c"

// Whether `text` is a pager label: 下一页, 下页, 尾页, 末页, 上一页, page numbers, ">", "»".
bool IsPagerText(std::string_view text);
// Site navigation labels a column page repeats (首页, 政府信息公开, 网站地图, …): never
// sub-columns.
bool IsNavigationText(std::string_view text);

// The arguments of the first call `function(…)` in `text`: numbers and strings (unquoted),
// e.g. createPageHTML('page_div', 5, 1, 'fg', 'shtml', 23) → {page_div, 5, 1, fg, shtml, 23}.
std::optional<std::vector<std::string>> CallArguments(std::string_view text,
                                                      std::string_view function);

// A page count or record number written in a page: 1 to 9 ASCII digits (longer numbers are no
// counts a portal prints); nullopt otherwise. Never throws.
std::optional<size_t> ParseCount(std::string_view text);

// The value given to `key` in a script or JSON-like text (`perPage: 15`, `SID: '755033'`,
// `"sid": "755033"`, `webid=1`): a number or a quoted string, unquoted; nullopt if none.
std::optional<std::string> ScriptValue(std::string_view text, std::string_view key);

// The fields of the object literal given to `key` (`ajaxParam: { col: 1, path: '/', webid: 1 }`),
// in order, values unquoted; nullopt when there is no such object or it does not parse as flat
// `name: value` pairs of numbers, quoted strings and bare words.
std::optional<std::vector<std::pair<std::string, std::string>>> ScriptObject(std::string_view text,
                                                                            std::string_view key);

// `fields` as an application/x-www-form-urlencoded body, as a browser's form (and jQuery's
// $.param) writes it: name=value joined by '&', bytes other than A-Z a-z 0-9 - _ . * as %XX,
// spaces as '+'.
std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace xxgk::crawl
