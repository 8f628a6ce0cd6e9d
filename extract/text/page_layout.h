// Page layout shared by the fixed-layout readers (pdf_text.h, ofd_text.h, ocr_text.h): positioned text boxes
// of a page → the archive's text style, one line per printed line and one table row per line
// with its cells separated by tabs. The rules are pdf_text.h's (see its "Layout" list):
//   - boxes are grouped into lines by their vertical centre (within half the page's median box
//     height), sorted by x, and joined with a TAB over `column_gap` glyph widths, a space when
//     the box says so or the gap is over a quarter glyph (0.28 between CJK and Latin), else nothing;
//   - ruled tables: boxes bounded by `rules` on all four sides are table cells; the cells whose
//     top border is the same rule make one line, cells in x order separated by tabs, an empty cell
//     between rules written as an empty field;
//   - page furniture (page numbers, running headers/footers) is dropped across the pages, and a
//     table row cut by a page break is joined again (JoinPages).
// Coordinates are points (1/72 inch), origin at the top left of the page, y growing downwards.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

inline constexpr double kRuleSlack = 1.5;  // points: a rule reaching this close still bounds a cell

struct Box {
  std::string text;  // valid UTF-8, no control characters
  double x0, x1, y0, y1;
  size_t glyphs;
  bool space_after;
  double centre() const { return (y0 + y1) / 2; }
  double GlyphWidth() const { return (x1 - x0) / static_cast<double>(std::max<size_t>(glyphs, 1)); }
};

struct Line {
  std::string text;
  double y;                 // vertical centre, top-down (a table row: its top border)
  bool table_row = false;   // a row of a ruled table: never page furniture
};

struct Rect {
  double x0, y0, x1, y1;  // points, origin top left
};

struct Rule {
  double at;        // y of a horizontal rule, x of a vertical one (points)
  double from, to;  // its extent along the other axis
};

struct Rules {
  std::vector<Rule> horizontal, vertical;
};

struct PageLines {
  std::vector<Line> lines;
  double height = 0;
  bool InBand(const Line& l, double band) const {
    return height > 0 && (l.y < band * height || l.y > (1 - band) * height);
  }
};

// Valid UTF-8 without control characters: invalid sequences → U+FFFD, tabs and line breaks →
// space (a box never splits a line or a cell), other C0 controls and DEL dropped; trimmed.
std::string CleanBoxText(std::string_view raw);

// Code points in valid UTF-8 `s`.
size_t CodePointCount(std::string_view s);

// Which side of the vertical rules point (x, y) is on: the number of rules crossing its height
// to its left. Two glyphs with different counts are in different cells.
size_t ColumnIndex(const Rules& rules, double x, double y);

// The page's boxes → its lines, top to bottom (see above).
std::vector<Line> LayOutPage(std::vector<Box> boxes, const Rules& rules, double column_gap);

// A page rendered as 8-bit gray pixels (0 black … 255 white), rows `stride` bytes apart, `scale`
// pixels per point. Not owned.
struct GrayImage {
  const unsigned char* data;
  int width, height, stride;
  double scale;
};

// The table rules of a rendered page: straight runs of ink (gray under 160) at least 8 points long,
// merged over neighbouring scan lines, unless one of `words` (points) holds the run — a stroke of
// 一 or a dash —— is not a border. In points. Used on PDF pages (pdf_text.h) and OCRed images
// (ocr_text.h).
// `min_rule`: the shortest run taken for a rule, in points (8 for PDF pages; OCR takes 20, since
// Tesseract's word boxes do not hold every glyph stroke the way a text layer's boxes do).
Rules FindInkRules(const GrayImage& image, const std::vector<Rect>& words, double min_rule = 8);

// Whitens, in place, every horizontal and every vertical run of ink at least `min_rule` points
// long (found on the image as given, so crossing rules are both removed): the table's borders,
// taken out before OCR so that a border is never read as a glyph ('|', 'l', '1').
void EraseInkRules(unsigned char* pixels, int width, int height, double scale, double min_rule);

// Drops page numbers and running headers/footers (see pdf_text.h) from the pages' lines.
void DropPageFurniture(std::vector<PageLines>* pages);

// The pages' lines as text ('\n' after every line), a table row cut by a page break joined again.
std::string JoinPages(std::vector<PageLines>* pages);

}  // namespace xxgk::extract
