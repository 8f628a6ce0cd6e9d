// PDF → report text: the text layer of a PDF, laid out in the text style the archive stores (the
// style of seeds/reports/ and of docx_text.h: one line per printed line, one table row per line
// with its cells separated by tabs).
//
// Reading: poppler-cpp opens the bytes in memory (poppler::document::load_from_raw_data; the
// bytes are not copied and must outlive the call, which they do). A PDF poppler cannot open, or
// one locked with a user password, is refused (`pdf_damaged`); one with more than `max_pages`
// pages, or whose text grows past `max_text_bytes`, is refused (`pdf_too_large`); nothing is
// half-processed. Poppler's own error messages are not printed (the hook is set once,
// process-wide) but collected per call: a file poppler had to repair (its cross-reference table
// reconstructed: poppler says so, or the file's main table does not point at its objects — poppler
// rebuilds that silently) is `repaired`, other reading errors are counted (ToText makes them the warnings
// `pdf_repaired` and `pdf_read_errors`: the text may be partial).
//
// Layout, page by page, from page::text_list() (word boxes with their bounding boxes), done by
// page_layout.h (shared with ofd_text.h):
//   - boxes are grouped into lines by their vertical centre: a box joins the current line when
//     its centre is within half the page's median box height of the line's first box;
//   - each line is sorted by x; neighbouring boxes are joined with a TAB when the gap between
//     them is over `column_gap` × the glyph width (the page's median, or the neighbouring
//     boxes' when wider: a title's spaces are wide) — a table column gap —, with a
//     space when poppler marks a space after the first box or the gap is over a quarter of a
//     glyph, and with nothing otherwise (CJK text set glyph by glyph);
//   - ruled tables: the page is rendered small (1 px per point, gray, no anti-aliasing) and long
//     straight runs of ink that no single word box holds are the table's rules. A box bounded by
//     rules on all four sides is in that cell; a word crossed by a vertical rule is cut there
//     (poppler runs digits of narrow cells into one word). The cells whose top border is the same
//     rule make one line: each cell's printed lines joined (directly after or before CJK, with a
//     space between Latin words), cells left to right separated by tabs, an empty cell between
//     rules written as an empty field. Such a row is never taken for page furniture;
//   - between CJK and Latin text a gap under 0.28 of a glyph is the typesetter's Asian–Latin
//     spacing, not a space;
//   - pages are read as displayed (/Rotate applied: a landscape table reads upright);
//   - page furniture is dropped: a line near the top or bottom of a page that is only a page
//     number ("12", "- 12 -", "第 12 页", "第12页 共30页", "12/30", "Page 12"), and a running
//     header or footer: a line in the top or bottom margin band whose text (digits ignored) recurs
//     at the same height on at least 3 pages and on more than half of them.
// Pages follow each other without a blank line (a table broken by a page stays one block); a
// table row cut by a page break is joined again when the next page's first row has the same
// cells, text only in cells that had text, and is empty in some cell that had text.
// A PDF with pages but no text box at all (a scan) gives empty text and `no_text_layer`; OCR is
// out of scope.
//
// Refusal codes (stable): pdf_damaged, pdf_too_large.
// Thread-safe: every call loads its own poppler::document and pages (nothing is shared between
// calls); the process-wide poppler error hook is installed once with std::call_once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "extract/text/deadline.h"

namespace xxgk::extract {

struct PdfLimits {
  size_t max_pages = 2000;
  size_t max_text_bytes = size_t{64} << 20;  // the text produced, over all pages
  double column_gap = 1.5;  // gap between boxes, in median glyph widths, that starts a new cell
  Deadline deadline = kNoDeadline;  // checked before each page: past it, refused (time_limit)
};

struct PdfText {
  std::string refusal;       // non-empty: the document was refused (reason for people); then
  std::string refusal_code;  // nothing else is set. Codes: see above.
  std::string text;          // lines joined by '\n', ending with '\n' unless empty; not yet
                             // normalised (ToText does that)
  size_t pages = 0;
  bool no_text_layer = false;  // pages but not a single text box: a scanned document
  // What poppler said while reading (its messages, collected per call on this thread):
  bool repaired = false;    // the file was damaged: its cross-reference table was reconstructed
  std::string repair;       // what was damaged (for people)
  size_t read_errors = 0;   // other errors (a stream that does not decode, a bad operator, …):
  std::string first_read_error;  // content may be missing; font substitutions not counted
};

PdfText PdfToText(std::string_view bytes, const PdfLimits& limits = {});

}  // namespace xxgk::extract
