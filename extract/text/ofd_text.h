// OFD → report text: the text objects of an OFD file (GB/T 33190, the Chinese fixed-layout format)
// laid out like PDF pages (page_layout.h): one line per printed line, one table row per line with
// its cells separated by tabs.
//
// Reading: an OFD is a zip (zip_archive.h, as DOCX) of XML parts (xml_part.h, parsed as DOCX's):
//   OFD.xml → DocBody/DocRoot → Document.xml → CommonData/PageArea/PhysicalBox (page size) and
//   Pages/Page@BaseLoc → each page's Content.xml. Part paths are resolved against the directory of
//   the part naming them ("/Doc_0/…" from the package root). Elements are matched by local name.
// Every part is read with the DOCX cap on its decompressed size (`max_part_bytes`), and all parts
// together under `max_total_bytes`.
//
// A page: Content/Layer (and PageBlock inside them) hold
//   - TextObject Boundary="x y w h" Size=… [CTM="a b c d e f"] with TextCode X=… Y=… DeltaX=…:
//     each glyph is placed at the object's origin + X + the advances of DeltaX ("g n v" repeats v
//     n times; a missing X continues after the previous code); Y is the baseline. A code becomes
//     one box per run of glyphs without a gap (an advance over 1.2 × the glyph's width starts a new
//     box, so cells of one code are split); CTM scale and translation are applied, rotation is not;
//   - PathObject Boundary=… with AbbreviatedData "M x y L x y …": its straight horizontal and
//     vertical segments of at least 8 points are the page's table rules.
// Millimetres are converted to points, and the boxes and rules go through LayOutPage; page
// furniture is dropped and rows cut by a page joined as for PDF (DropPageFurniture, JoinPages).
// Template pages and annotations are not read.
//
// Refusal codes (stable), those of DOCX: zip_too_large (a part or all parts over their cap, or
// more than `max_pages` pages), ofd_damaged (the zip or a part it names cannot be read),
// ofd_parse_failed (a part is not well-formed XML, or OFD.xml names no document), time_limit
// (`deadline` passed: checked before each page and every 1024 elements of a page).
// A document with pages but no text object is `no_text_layer` (a scan; OCR is out of scope).
// Thread-safe: every call has its own zip handle and parser contexts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "extract/text/deadline.h"

namespace xxgk::extract {

struct OfdLimits {
  size_t max_part_bytes = size_t{64} << 20;    // decompressed size of one XML part (as DOCX)
  size_t max_total_bytes = size_t{256} << 20;  // all parts read, together
  size_t max_pages = 2000;
  double column_gap = 1.5;  // as PdfLimits::column_gap
  Deadline deadline = kNoDeadline;
};

struct OfdText {
  std::string refusal;       // non-empty: refused (reason for people); nothing else is set
  std::string refusal_code;  // see above
  std::string text;          // lines joined by '\n', ending with '\n' unless empty; not normalised
  size_t pages = 0;
  bool no_text_layer = false;  // pages but not a single text object
};

OfdText OfdToText(std::string_view bytes, const OfdLimits& limits = {});

}  // namespace xxgk::extract
