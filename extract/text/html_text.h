// HTML → report text: the body of a report page, without the portal's chrome, in the text style
// the archive stores (the style of seeds/reports/).
//
// Body finding, first rule that applies:
//   1. Word-exported HTML (a Microsoft Word generator/ProgId meta or the Word XML namespace):
//      the whole <body> is the document;
//   2. a known report container: div.TRS_Editor / .trs_editor_view / .TRS_UEDITOR (TRS WCM),
//      then #zoom / #fontzoom / #UCAP-CONTENT (Hanweb, Kaipu and look-alikes); among several of
//      the same rank, the one holding the most text;
//   3. a text-density descent: from <body> (or from the smallest content-like element — id/class
//      "article", "content", "detail", "zw", … — holding at least half the page's text), step into
//      the child holding at least 70% of the non-link text, as long as there is one. Data tables
//      are never entered (no row dominates them); a layout table is crossed when one of its cells
//      dominates.
// Dropped wherever they are: script, style, noscript, template, iframe, object, svg, nav, header,
// footer, aside, form controls, head; elements whose id/class names a share bar, menu, navigation,
// breadcrumb, footer, sidebar, print/close bar, visit counter or QR code when they are small
// (≤ 500 characters) or mostly links; short blocks (≤ 80 characters) holding a visit-counter or
// share/print/close marker (浏览次数, 访问量, 分享到, 【打印】, 【关闭】, …). Table parts and the
// known containers are never dropped by name.
//
// Text layout: paragraphs, headings, divs and list items become lines, separated by one blank
// line; <br> ends a line; white space is collapsed and &nbsp; is a space; lines are trimmed.
// A data table becomes one line per row, cells joined by a tab, rows on consecutive lines with a
// blank line before and after the table. A cell's own content (<p>, <span>, <br>, nested tables)
// is joined with single spaces: no tab or newline inside a cell. Merged cells: a cell with
// colspan/rowspan appears once, at its first row and column; every other grid position it covers
// is an empty cell, so later cells keep their column positions ("a\t\tb" when a spans two
// columns). The extractor's cell tokenizer treats empty cells at the ends of a row or next to a
// label as layout and an empty cell between two values as a blank, which is exactly what a
// covered position between two values is. Rows whose cells are all empty are left out.
// A table is a layout table (rendered as blocks, cell by cell) when a cell holds another table or
// when it has a single cell.
//
// Metadata: the <title> text, and a publication date (YYYY-MM-DD) from a meta tag (PubDate,
// publishdate, article:published_time, …) or else from 发布时间/发布日期/发文日期 followed by a
// date in the first 20,000 bytes of the page's text.
//
// Limits: Gumbo's tree building costs time quadratic in the nesting depth (100,000 nested divs
// take about 30 s), so input whose estimated nesting depth (html_nesting.h: the tokenizer's and
// tree builder's rules, `<div/>`, `</span>`, `<!-->` and `<div x"y>` included) exceeds
// `max_nesting` is refused before parsing (`html_too_deep`). The parse itself runs under the
// deadline and a memory budget, both checked in Gumbo's allocator (gumbo_bounded.h): past the
// deadline the page is refused (`time_limit`), over `max_tree_bytes` it is refused
// (`html_too_large`), whatever the input does to the parser. The tree walks use explicit stacks,
// never recursion, and check the deadline every few hundred nodes; the tree is freed without
// walking it.
// Thread-safe: pure functions; Gumbo keeps no global state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "extract/text/deadline.h"
#include "extract/text/html_nesting.h"  // EstimateNestingDepth, used before parsing

namespace xxgk::extract {

struct HtmlLimits {
  size_t max_nesting = 4096;         // estimated element nesting depth
  size_t max_tree_bytes = size_t{1} << 30;  // what Gumbo may allocate for one page (set by ToText
                                            // from DocumentLimits::max_memory_bytes)
  size_t max_table_cells = 4000000;  // grid positions over all tables; spans clamp beyond it
  Deadline deadline = kNoDeadline;   // checked after parsing and during the tree walks
};

struct HtmlText {
  std::string refusal;       // non-empty: the page was refused (reason for people); nothing else
  std::string refusal_code;  // is set. Codes: "html_too_deep", "html_too_large" (the parse
                             // tree over max_tree_bytes), "html_parse_failed", "time_limit"
                             // (the deadline passed).
  std::string text;          // the body text, lines joined by '\n', ending with '\n' unless empty
  std::optional<std::string> title;      // <title>, white space collapsed
  std::optional<std::string> published;  // YYYY-MM-DD
  std::string body_source;     // how the body was found: "word_export", "div.TRS_Editor", "#zoom",
                               // "density", "div#content+density", …
  bool spans_clamped = false;  // the table-cell budget was exhausted
};

// REQUIRES: `html` is valid UTF-8 (decode it with DecodeToUtf8 first).
HtmlText HtmlToText(std::string_view html, const HtmlLimits& limits = {});

// A date as written in Chinese pages ("2024-01-29 10:33", "2024/1/29", "2024年1月29日") →
// "2024-01-29", or nullopt. Exposed for tests.
std::optional<std::string> ParsePublicationDate(std::string_view text);

}  // namespace xxgk::extract
