// HTML report writer (tests only): renders a report text in the style of seeds/reports/ as an
// HTML page the way county portals publish it, so HTML tests can check that ToText gives back a
// text with the same record.
//
// Paragraphs (text between blank lines) become <p> with <br> between their lines; runs of lines
// holding tabs become a <table>, one <tr> per line and one <td> per tab-separated cell. Options
// add the shapes real pages have: merged cells (an empty cell run at the end of a row becomes the
// colspan of the last filled cell; empty first-column cells below a filled one become its
// rowspan), Word-style cells (<p class=MsoNormal><span style='mso-…'>…<o:p></o:p></span></p>),
// &nbsp; for empty cells, label words split over <p>/<br>, and the portal chrome around the body.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace xxgk::testing {

enum class Chrome {
  kBare,          // <html><body> and the report, nothing else
  kTrs,           // TRS WCM: nav, breadcrumb, xxgk metadata table, h1, div.TRS_Editor, share bar
  kHanwebZoom,    // Hanweb: nested layout tables, left menu, div#zoom, print/close bar, counter
  kLayoutTables,  // nested layout tables and a content cell with no known name (density)
  kWordExport,    // a Word "Save as Web Page" file: mso styles, <o:p>, div.WordSection1
};

struct HtmlStyle {
  Chrome chrome = Chrome::kBare;
  bool merge_cells = false;   // colspan/rowspan for empty cell runs
  bool word_cells = false;    // <p class=MsoNormal><span style=mso-…>…<o:p></o:p></span></p>
  bool nbsp_blanks = false;   // &nbsp; in empty cells
  bool split_labels = false;  // a cell "a b" becomes <p>a</p><p>b</p> (or a<br>b in Word cells)
  std::string charset_label;  // written as <meta charset=…>; empty: no declaration
  std::string title = "测试县人民政府2023年政府信息公开工作年度报告";
  std::string published = "2024-01-29";
};

std::string ReportTextToHtml(std::string_view text, const HtmlStyle& style);

// Only the report's blocks (<p> and <table>, in `style`'s cell options; chrome, title and
// charset ignored), for callers that write their own page around it (tests/simulator/).
std::string ReportTextToBodyHtml(std::string_view text, const HtmlStyle& style);

// The UTF-8 text encoded as GB18030 (identical to GBK for characters GBK has), with ICU.
std::string EncodeGb18030(std::string_view utf8);

}  // namespace xxgk::testing
