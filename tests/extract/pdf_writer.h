// PDF writer (tests only): a tiny PDF with explicit layout — text items at given positions in
// Helvetica (WinAnsi), optionally spaced or turned, and stroked lines (table borders) — with a
// correct xref table, so PDF tests can state exactly the page they mean.
// MakeTextPdf writes any UTF-8 text (CJK included) the way a report's PDF prints it: one printed
// line per text line, tab-separated cells set apart by a column gap, in a CID font (Identity-H,
// not embedded, every glyph one em wide) with a ToUnicode map, so a PDF reader gives the
// characters back.
// Thread-safe: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xxgk::testing {

struct Item {
  double x, y;  // PDF user space: origin bottom left, page 612 × 792
  std::string text;  // ASCII (WinAnsi)
  int size = 12;     // font size, points
  double spacing = 0;  // extra space after each glyph (Tc), points
  bool turned = false;  // drawn turned 90° counter-clockwise (upright on a /Rotate 90 page)
};

// A stroked line (a table border), 0.5 pt wide.
struct Stroke {
  double x0, y0, x1, y1;
};

struct Page {
  std::vector<Item> items;
  std::vector<Stroke> strokes;
  Page() = default;
  Page(std::initializer_list<Item> list) : items(list) {}
  Page(std::vector<Item> list, std::vector<Stroke> lines = {})
      : items(std::move(list)), strokes(std::move(lines)) {}
  void push_back(const Item& item) { items.push_back(item); }
};

// The borders of a ruled table: columns at `xs` (left to right), rows at `ys` (top to bottom).
std::vector<Stroke> Grid(const std::vector<double>& xs, const std::vector<double>& ys);

// A PDF file of `objects` numbered from 1 (the first is the catalog: "<<…>>", or
// "<<…>>\nstream…endstream"), with a correct xref table; `trailer_extra` is added to the trailer
// dictionary.
std::string AssemblePdf(const std::vector<std::string>& objects,
                        const std::string& trailer_extra = "");

// A PDF with one page per entry of `pages`. `trailer_extra` is added to the trailer dictionary,
// `extra_objects` are appended after the pages (numbered from 3 + 2 × pages + 1) and `page_extra`
// to every page dictionary (e.g. "/Rotate 90").
std::string MakePdf(const std::vector<Page>& pages, const std::string& trailer_extra = "",
                    const std::vector<std::string>& extra_objects = {},
                    const std::string& page_extra = "");

// A PDF of `text` (UTF-8): each line printed on its own line at `size` points, its
// tab-separated cells three ems apart, words (split at spaces) half an em apart; as many pages
// as the lines need; blank lines leave a blank line. The page is as wide as the longest line.
// `font` is the font's name (BaseFont, not embedded): a reader needs none, but a renderer draws
// the glyphs of the font it finds by that name, so a PDF to be rendered names one that is installed
// ("WenQuanYiZenHei": fonts-wqy-zenhei, which poppler finds through fontconfig; it finds no font
// for SimSun and draws every CJK character as an empty box).
std::string MakeTextPdf(std::string_view text, int size = 9, std::string_view font = "SimSun");

}  // namespace xxgk::testing
