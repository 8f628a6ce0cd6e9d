// DOCX → report text: the main document part (word/document.xml) of a Word 2007+ file, in the
// text style the archive stores (the style of seeds/reports/ and of html_text.h's tables).
//
// Reading: the zip is opened from memory (zip_archive.h, shared with ofd_text.h); word/document.xml
// is read with a cap on its DECOMPRESSED size, checked twice: against the size the zip directory
// declares, and while reading (headers can lie), so a zip bomb is refused (`zip_too_large`) after
// at most `max_part_bytes` + one chunk of inflation, never half-processed. The XML is parsed with libxml2
// without network access, without entity substitution or DTD loading and without
// XML_PARSE_HUGE (so libxml2's own depth limit of 256 elements and its entity amplification
// guards stay on).
//
// Text layout, walking w:body (w:sdt content controls and w:customXml are looked into):
//   - w:p → one line: the text of its w:t, w:tab → tab, w:br / w:cr → newline; property parts
//     (w:pPr, w:rPr, …), deleted text, field instructions and mc:Fallback copies are skipped;
//   - w:tbl → one line per w:tr, cells (w:tc) joined by tabs, a blank line before and after the
//     table. Merged cells as in html_text.h: a cell with w:gridSpan=n appears once followed by
//     n-1 empty cells; a w:vMerge continuation cell is empty (the merged cell's text appears in
//     its first row); w:gridBefore adds leading empty cells. A cell's paragraphs (and any table
//     nested in it, flattened) are joined with single spaces: no tab or newline inside a cell.
//     Rows whose cells are all empty are left out.
//   - a layout table — a single cell, or a cell holding another table — is rendered block by
//     block, cell by cell, like the body (up to `max_table_depth` layout levels; deeper ones are
//     rendered as data tables).
// The tree walks below a paragraph or cell are iterative; the block walk recurses only through
// layout tables, at most `max_table_depth` levels.
//
// Refusal codes (stable): zip_too_large, docx_damaged (the zip or its document part cannot be
// read), docx_parse_failed (the XML is not well-formed, too deep, or not a Word document),
// time_limit (`deadline` passed while parsing or walking the XML).
// Thread-safe: libxml2 is initialised once (std::call_once); every call uses its own parser
// context and zip handle.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "extract/text/deadline.h"

namespace xxgk::extract {

struct DocxLimits {
  size_t max_part_bytes = size_t{64} << 20;  // decompressed size of word/document.xml
  size_t max_table_cells = 4000000;  // grid positions over all tables; spans clamp beyond it
  size_t max_table_depth = 32;       // layout tables rendered block by block
  Deadline deadline = kNoDeadline;   // checked after parsing and every 1024 nodes of the walk
};

struct DocxText {
  std::string refusal;       // non-empty: the document was refused (reason for people); then
  std::string refusal_code;  // nothing else is set. Codes: see above.
  std::string text;          // lines joined by '\n', ending with '\n' unless empty; not yet
                             // normalised (ToText does that)
  bool spans_clamped = false;  // the table-cell budget was exhausted
};

DocxText DocxToText(std::string_view bytes, const DocxLimits& limits = {});

}  // namespace xxgk::extract
