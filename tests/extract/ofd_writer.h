// OFD writer (tests and fuzz targets only): a minimal OFD package (GB/T 33190) in memory —
// OFD.xml, Doc_0/Document.xml and one Doc_0/Pages/Page_N/Content.xml per page, zipped with
// docx_writer.h's MakeZip — so OFD tests can state exactly the pages they mean.
//   - OfdTextItem items are TextObjects (Boundary at the item's position, one TextCode with X=0, the
//     baseline Y at the font size, DeltaX one advance per glyph, "g n v" compressed when `compress`);
//   - OfdStroke items are PathObjects with "M x0 y0 L x1 y1" (table borders);
//   - MakeTextOfd prints a report text the way MakeTextPdf does: one printed line per text line,
//     tab-separated cells three ems apart; with `ruled`, each run of tab lines is a table drawn
//     with borders, its cells in columns as wide as their widest cell.
// Coordinates are millimetres, origin top left, y downwards (as OFD). Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::testing {

struct OfdTextItem {
  double x, y;       // top-left of the text's box, mm
  std::string text;  // UTF-8, escaped by the writer
  double size = 3.5;     // font size, mm
  double advance = 0;    // per-glyph advance, mm; 0: the size (one em)
  bool compress = false; // DeltaX as "g n v"
};

struct OfdStroke {
  double x0, y0, x1, y1;  // mm
};

struct OfdPage {
  std::vector<OfdTextItem> texts;
  std::vector<OfdStroke> strokes;
  double width = 210, height = 297;  // mm
};

// Doc_0/Pages/Page_N/Content.xml of `page`.
std::string OfdContentXml(const OfdPage& page);

// An OFD package whose page parts are `contents` as given (Content.xml texts), deflated at
// `level` (0: stored).
std::string OfdFromContents(const std::vector<std::string>& contents, double page_height = 297,
                            int level = 6);

// An OFD package of `pages`.
std::string MakeOfd(const std::vector<OfdPage>& pages);

// A report text printed as an OFD (see above); `size` is the font size in mm.
std::string MakeTextOfd(std::string_view text, bool ruled = false, double size = 3.2);

}  // namespace xxgk::testing
