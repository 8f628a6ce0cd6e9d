// Page layout shared by pdf_text and ofd_text. See page_layout.h.
#include "extract/text/page_layout.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <utility>

#include "extract/text/doc_identity.h"

namespace xxgk::extract {
namespace {

// Fractions of the page height: the margin band where running headers and footers live, and the
// (wider) band where a page-number-only line is dropped when it is among the page's outer lines.
constexpr double kMarginBand = 0.075;
constexpr double kPageNumberBand = 0.12;
constexpr double kSameHeight = 3.0;  // points: "the same vertical position" across pages

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}


// The table cell around point (x, y): the nearest rule on each side that reaches past the point.
std::optional<Rect> EnclosingCell(const Rules& rules, double x, double y) {
  constexpr double kNone = -1e300;
  double left = kNone, right = -kNone, top = kNone, bottom = -kNone;
  for (const Rule& r : rules.vertical) {
    if (y < r.from - kRuleSlack || y > r.to + kRuleSlack) continue;
    if (r.at < x) left = std::max(left, r.at);
    if (r.at > x) right = std::min(right, r.at);
  }
  for (const Rule& r : rules.horizontal) {
    if (x < r.from - kRuleSlack || x > r.to + kRuleSlack) continue;
    if (r.at < y) top = std::max(top, r.at);
    if (r.at > y) bottom = std::min(bottom, r.at);
  }
  if (left == kNone || top == kNone || right == -kNone || bottom == -kNone) return std::nullopt;
  return Rect{left, top, right, bottom};
}

// The page's boxes → its lines, top to bottom, table cells separated by tabs.
std::vector<Line> LayOutLines(std::vector<Box> boxes, double column_gap) {
  std::vector<Line> lines;
  if (boxes.empty()) return lines;
  std::vector<double> heights, glyph_widths;
  heights.reserve(boxes.size());
  glyph_widths.reserve(boxes.size());
  for (const Box& b : boxes) {
    heights.push_back(b.y1 - b.y0);
    glyph_widths.push_back(b.GlyphWidth());
  }
  const double tolerance = Median(heights) / 2;
  const double glyph = std::max(Median(glyph_widths), 0.1);

  std::stable_sort(boxes.begin(), boxes.end(),
                   [](const Box& a, const Box& b) { return a.centre() < b.centre(); });
  size_t start = 0;
  while (start < boxes.size()) {
    const double anchor = boxes[start].centre();
    size_t end = start + 1;
    while (end < boxes.size() && boxes[end].centre() - anchor <= tolerance) ++end;
    std::stable_sort(boxes.begin() + static_cast<std::ptrdiff_t>(start),
                     boxes.begin() + static_cast<std::ptrdiff_t>(end),
                     [](const Box& a, const Box& b) { return a.x0 < b.x0; });
    Line line;
    double centre_sum = 0;
    for (size_t i = start; i < end; ++i) {
      const Box& b = boxes[i];
      centre_sum += b.centre();
      if (i > start) {
        const Box& prev = boxes[i - 1];
        const double gap = b.x0 - prev.x1;
        // Glyph width here: the page's, or that of the neighbours when larger (a title's spaces
        // are wider than the body's glyphs).
        const double local = std::max({glyph, prev.GlyphWidth(), b.GlyphWidth()});
        // Between CJK and Latin text, typesetters add a gap of their own (LibreOffice's and
        // Word's Asian–Latin spacing, about a fifth of an em) that poppler takes for a space; a
        // typed space is wider (a quarter to a third of an em).
        const bool script_change = (static_cast<unsigned char>(prev.text.back()) < 0x80) !=
                                   (static_cast<unsigned char>(b.text.front()) < 0x80);
        if (gap > column_gap * local) {
          line.text.push_back('\t');
        } else if (script_change ? gap > 0.28 * local : prev.space_after || gap > local / 4) {
          line.text.push_back(' ');
        }
      }
      line.text.append(b.text);
    }
    line.y = centre_sum / static_cast<double>(end - start);
    lines.push_back(std::move(line));
    start = end;
  }
  return lines;
}

// The printed lines of one table cell as one line: text wrapped inside a cell joins directly when
// either side of the break is not ASCII (CJK wraps anywhere), with a space otherwise; tabs inside
// the cell become spaces (they would start a cell that is not there).
std::string JoinCellLines(const std::vector<Line>& lines) {
  std::string out;
  for (const Line& l : lines) {
    if (!out.empty() && !l.text.empty() && static_cast<unsigned char>(out.back()) < 0x80 &&
        static_cast<unsigned char>(l.text.front()) < 0x80) {
      out.push_back(' ');
    }
    out.append(l.text);
  }
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

// A table row's cells from left to right, the empty ones included: `frames` (in x order) are the
// row's cells with text and `texts` their text; the vertical rules crossing the row's first printed
// line between the table's outer borders divide it into cells, and a cell without text between
// them is an empty cell (written as an empty string, as HTML and DOCX tables give it).
std::vector<std::string> WithEmptyCells(const Rules& rules, const std::vector<Rect>& frames,
                                        const std::vector<std::string>& texts) {
  double bottom = frames.front().y1;
  for (const Rect& f : frames) bottom = std::min(bottom, f.y1);
  const double y = (frames.front().y0 + bottom) / 2;
  std::vector<double> borders;
  for (const Rule& r : rules.vertical) {
    if (y >= r.from && y <= r.to) borders.push_back(r.at);
  }
  std::sort(borders.begin(), borders.end());
  std::vector<std::string> out;
  size_t next = 0;  // the next cell with text
  for (size_t k = 0; k + 1 < borders.size(); ++k) {
    if (borders[k + 1] - borders[k] < kRuleSlack) continue;  // a double line
    if (next < frames.size() && borders[k] >= frames[next].x0 - kRuleSlack) {
      out.push_back(texts[next]);
      // Skip the borders inside the cell (it spans several columns).
      while (k + 1 < borders.size() && borders[k + 1] < frames[next].x1 - kRuleSlack) ++k;
      ++next;
    } else {
      out.push_back("");
    }
  }
  // Cells the borders did not reach (a rule broken by the rendering): kept, never lost.
  for (; next < frames.size(); ++next) out.push_back(texts[next]);
  return out;
}

bool IsPageNumber(const std::string& text) {
  if (text.size() > 48) return false;
  std::string compact;
  for (const char c : text) {
    if (c != ' ' && c != '\t') compact.push_back(c);
  }
  // Ideographic spaces too.
  for (size_t at; (at = compact.find("\xE3\x80\x80")) != std::string::npos;) compact.erase(at, 3);
  static const std::regex kPattern(
      "(?:-|\xE2\x80\x94|\xE2\x80\x93|\xEF\xBC\x8D)*[0-9]{1,4}"
      "(?:-|\xE2\x80\x94|\xE2\x80\x93|\xEF\xBC\x8D)*"
      "|\xE7\xAC\xAC[0-9]{1,4}\xE9\xA1\xB5(?:(?:,|\xEF\xBC\x8C|/)?\xE5\x85\xB1[0-9]{1,4}\xE9\xA1\xB5)?"
      "|[0-9]{1,4}/[0-9]{1,4}"
      "|[Pp][Aa][Gg][Ee][0-9]{1,4}(?:(?:of|OF|/)[0-9]{1,4})?");
  return std::regex_match(compact, kPattern);
}

// Running header/footer key: the text without digits and spaces.
std::string FurnitureKey(const std::string& text) {
  std::string key;
  for (const char c : text) {
    if (c == ' ' || c == '\t') continue;
    key.push_back(c >= '0' && c <= '9' ? '#' : c);
  }
  return key;
}

std::vector<std::string> SplitCells(const std::string& row) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t tab; (tab = row.find('\t', start)) != std::string::npos; start = tab + 1) {
    cells.push_back(row.substr(start, tab - start));
  }
  cells.push_back(row.substr(start));
  return cells;
}

// A table row cut in two by a page break (Writer and Word let a row break across pages): the
// next page's first row holds the rest of its cells' text. A page's first row continues the
// previous page's last row when both have the same cells, its cells with text all have text in
// the previous part, and some cell with text there is empty in it (a new row fills its numbers
// again), and a number cell of the previous part is not filled again (a row whose label cell
// is merged with the row above — "（三）不予公开" over "1." and "2." — starts with an empty cell
// but repeats all its numbers). Then the parts are joined cell by cell into `before`.
bool IsNumberCell(std::string_view cell) {
  if (cell.empty()) return false;
  for (const char c : cell) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == ',')) return false;
  }
  return true;
}

bool JoinRowCutByPage(Line* before, const Line& after) {
  if (!before->table_row || !after.table_row) return false;
  std::vector<std::string> top = SplitCells(before->text);
  const std::vector<std::string> rest = SplitCells(after.text);
  if (top.size() != rest.size()) return false;
  bool emptied = false;
  bool numbers_again = true;
  bool any_number = false;
  for (size_t i = 0; i < top.size(); ++i) {
    if (!rest[i].empty() && top[i].empty()) return false;
    if (rest[i].empty() && !top[i].empty()) emptied = true;
    if (IsNumberCell(top[i])) {
      any_number = true;
      numbers_again = numbers_again && IsNumberCell(rest[i]);
    }
  }
  if (any_number && numbers_again) return false;
  if (!emptied) return false;
  before->text.clear();
  for (size_t i = 0; i < top.size(); ++i) {
    if (i > 0) before->text.push_back('\t');
    before->text += JoinCellLines({Line{top[i], 0}, Line{rest[i], 0}});
  }
  return true;
}

// ---- Table rules from ink -------------------------------------------------------------------
// Long straight runs of ink that no single word box holds are a table's rules (pdf_text.h).
constexpr int kInkBelow = 160;           // gray level (0 black … 255 white) under which a pixel is ink

// Runs of at least `min_run` ink pixels along the scan lines of `ink` (`lines` × `length` pixels,
// `at(line, i)`), merged over neighbouring scan lines (a rule two pixels thick is one rule), in
// points (pixels / `scale`).
template <typename InkAt>
std::vector<Rule> FindRuns(int lines, int length, int min_run, double scale, InkAt at) {
  struct Run {
    int first_line, last_line, from, to;
  };
  std::vector<Run> runs;
  std::vector<size_t> open;  // indexes into runs whose last_line is the previous scan line
  for (int line = 0; line < lines; ++line) {
    std::vector<size_t> still_open;
    int start = -1;
    for (int i = 0; i <= length; ++i) {
      const bool ink = i < length && at(line, i);
      if (ink && start < 0) start = i;
      if (ink || start < 0) continue;
      if (i - start >= min_run) {
        auto joins = std::find_if(open.begin(), open.end(), [&](size_t k) {
          return runs[k].from < i && start < runs[k].to;
        });
        if (joins != open.end()) {
          Run& r = runs[*joins];
          r.last_line = line;
          r.from = std::min(r.from, start);
          r.to = std::max(r.to, i);
          still_open.push_back(*joins);
          open.erase(joins);
        } else {
          runs.push_back({line, line, start, i});
          still_open.push_back(runs.size() - 1);
        }
      }
      start = -1;
    }
    open = std::move(still_open);
  }
  std::vector<Rule> rules;
  rules.reserve(runs.size());
  for (const Run& r : runs) {
    rules.push_back({(r.first_line + r.last_line + 1) / (2 * scale), r.from / scale, r.to / scale});
  }
  return rules;
}

// Whether the run is a stroke of a glyph in one of `words`, not a border: it lies across the
// word's box and at most `kOutside` of it outside (a stroke that touches a border runs on into
// the border's pixels).
bool InsideAWord(const Rule& r, bool horizontal, const std::vector<Rect>& words) {
  constexpr double kOutside = 3.0;  // points
  return std::any_of(words.begin(), words.end(), [&](const Rect& w) {
    const double across0 = horizontal ? w.y0 : w.x0, across1 = horizontal ? w.y1 : w.x1;
    const double along0 = horizontal ? w.x0 : w.y0, along1 = horizontal ? w.x1 : w.y1;
    const double overlap = std::min(r.to, along1) - std::max(r.from, along0);
    return r.at > across0 && r.at < across1 && overlap >= (r.to - r.from) - kOutside;
  });
}

}  // namespace

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Valid UTF-8 without control characters: invalid sequences → U+FFFD, tabs and line breaks →
// space (a box never splits a line or a cell), other C0 controls and DEL dropped.
std::string CleanBoxText(std::string_view raw) {
  std::string_view rest = raw;
  std::string valid;
  while (!rest.empty()) {
    const std::optional<size_t> bad = FindInvalidUtf8(rest);
    if (!bad) {
      valid.append(rest);
      break;
    }
    valid.append(rest.substr(0, *bad));
    valid.append("\xEF\xBF\xBD");
    rest.remove_prefix(*bad + 1);
  }
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\t' || c == '\n' || c == '\r') {
      out.push_back(' ');
    } else if (u >= 0x20 && u != 0x7F) {
      out.push_back(c);
    }
  }
  const size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  const size_t last = out.find_last_not_of(' ');
  return out.substr(first, last - first + 1);
}

// Which side of the vertical rules point (x, y) is on: the number of rules crossing its height
// to its left. Two glyphs with different counts are in different cells.
size_t ColumnIndex(const Rules& rules, double x, double y) {
  size_t n = 0;
  for (const Rule& r : rules.vertical) {
    if (r.at < x && y >= r.from && y <= r.to) ++n;
  }
  return n;
}

// The page's boxes → its lines, top to bottom. Boxes inside a table cell (`rules` bound it on
// all four sides) come out one table row per line: the cells whose top border is the same rule
// make a row, each cell's printed lines joined, cells in x order separated by tabs. The other
// boxes are laid out by LayOutLines.
std::vector<Line> LayOutPage(std::vector<Box> boxes, const Rules& rules, double column_gap) {
  constexpr double kSameRow = 2.0;  // points between the top borders of cells in one row
  struct Cell {
    Rect frame;
    std::vector<Box> boxes;
  };
  std::vector<Cell> cells;
  std::vector<Box> free;
  for (Box& b : boxes) {
    const std::optional<Rect> frame = EnclosingCell(rules, (b.x0 + b.x1) / 2, b.centre());
    if (!frame) {
      free.push_back(std::move(b));
      continue;
    }
    auto same = std::find_if(cells.begin(), cells.end(), [&](const Cell& c) {
      return std::fabs(c.frame.x0 - frame->x0) < 0.5 && std::fabs(c.frame.y0 - frame->y0) < 0.5 &&
             std::fabs(c.frame.x1 - frame->x1) < 0.5 && std::fabs(c.frame.y1 - frame->y1) < 0.5;
    });
    if (same == cells.end()) same = cells.insert(cells.end(), Cell{*frame, {}});
    same->boxes.push_back(std::move(b));
  }
  std::vector<Line> lines = LayOutLines(std::move(free), column_gap);
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
    return a.frame.y0 < b.frame.y0;
  });
  for (size_t start = 0, end; start < cells.size(); start = end) {
    end = start + 1;
    while (end < cells.size() && cells[end].frame.y0 - cells[start].frame.y0 <= kSameRow) ++end;
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(start),
              cells.begin() + static_cast<std::ptrdiff_t>(end),
              [](const Cell& a, const Cell& b) { return a.frame.x0 < b.frame.x0; });
    Line row{"", cells[start].frame.y0, true};
    std::vector<Rect> frames;
    std::vector<std::string> texts;
    for (size_t i = start; i < end; ++i) {
      frames.push_back(cells[i].frame);
      texts.push_back(JoinCellLines(LayOutLines(std::move(cells[i].boxes), column_gap)));
    }
    const std::vector<std::string> row_cells = WithEmptyCells(rules, frames, texts);
    for (size_t i = 0; i < row_cells.size(); ++i) {
      if (i > 0) row.text.push_back('\t');
      row.text += row_cells[i];
    }
    lines.push_back(std::move(row));
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.y < b.y; });
  return lines;
}


void DropPageFurniture(std::vector<PageLines>* pages) {
  // Running headers and footers: same text (digits aside) at the same height on most pages.
  std::map<std::string, std::vector<std::pair<size_t, double>>> seen;
  for (size_t p = 0; p < pages->size(); ++p) {
    for (const Line& l : (*pages)[p].lines) {
      if (!l.table_row && (*pages)[p].InBand(l, kMarginBand)) {
        seen[FurnitureKey(l.text)].emplace_back(p, l.y);
      }
    }
  }
  std::vector<std::set<size_t>> drop(pages->size());  // indexes of lines to drop, per page
  const size_t page_count = pages->size();
  for (size_t p = 0; p < page_count; ++p) {
    const PageLines& page = (*pages)[p];
    for (size_t i = 0; i < page.lines.size(); ++i) {
      const Line& l = page.lines[i];
      if (l.table_row || !page.InBand(l, kMarginBand) || page_count < 3) continue;
      std::set<size_t> on_pages;
      for (const auto& [q, y] : seen[FurnitureKey(l.text)]) {
        if (std::fabs(y - l.y) <= kSameHeight) on_pages.insert(q);
      }
      if (on_pages.size() >= 3 && on_pages.size() * 2 > page_count) drop[p].insert(i);
    }
  }
  // Page numbers: a number-only line among the two outermost lines at the top or the bottom.
  for (size_t p = 0; p < page_count; ++p) {
    const PageLines& page = (*pages)[p];
    std::vector<size_t> kept;
    for (size_t i = 0; i < page.lines.size(); ++i) {
      if (!drop[p].count(i)) kept.push_back(i);
    }
    for (size_t k = 0; k < kept.size(); ++k) {
      const bool outer = k < 2 || k + 2 >= kept.size();
      const Line& l = page.lines[kept[k]];
      if (outer && !l.table_row && page.InBand(l, kPageNumberBand) && IsPageNumber(l.text)) {
        drop[p].insert(kept[k]);
      }
    }
  }
  for (size_t p = 0; p < page_count; ++p) {
    std::vector<Line>& lines = (*pages)[p].lines;
    std::vector<Line> kept;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!drop[p].count(i)) kept.push_back(std::move(lines[i]));
    }
    lines = std::move(kept);
  }
}

std::string JoinPages(std::vector<PageLines>* pages) {
  std::vector<Line> lines;
  for (PageLines& page : *pages) {
    for (size_t k = 0; k < page.lines.size(); ++k) {
      if (k == 0 && !lines.empty() && JoinRowCutByPage(&lines.back(), page.lines[k])) continue;
      lines.push_back(std::move(page.lines[k]));
    }
  }
  std::string text;
  for (const Line& l : lines) {
    text.append(l.text);
    text.push_back('\n');
  }
  return text;
}

Rules FindInkRules(const GrayImage& image, const std::vector<Rect>& words, double min_rule) {
  const int w = image.width, h = image.height;
  if (w <= 0 || h <= 0 || image.scale <= 0) return {};
  std::vector<uint8_t> ink(static_cast<size_t>(w) * static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = image.data + static_cast<size_t>(y) * image.stride;
    for (int x = 0; x < w; ++x) ink[static_cast<size_t>(y) * w + x] = row[x] < kInkBelow;
  }
  const double scale = image.scale;
  const int min_run = std::max(2, static_cast<int>(min_rule * scale));
  Rules rules;
  rules.horizontal = FindRuns(h, w, min_run, scale, [&](int y, int x) {
    return ink[static_cast<size_t>(y) * w + x] != 0;
  });
  rules.vertical = FindRuns(w, h, min_run, scale, [&](int x, int y) {
    return ink[static_cast<size_t>(y) * w + x] != 0;
  });
  std::erase_if(rules.horizontal, [&](const Rule& r) { return InsideAWord(r, true, words); });
  std::erase_if(rules.vertical, [&](const Rule& r) { return InsideAWord(r, false, words); });
  return rules;
}

void EraseInkRules(unsigned char* pixels, int width, int height, double scale, double min_rule) {
  if (width <= 0 || height <= 0) return;
  const int min_run = std::max(2, static_cast<int>(min_rule * scale));
  const size_t w = static_cast<size_t>(width);
  std::vector<uint8_t> erase(w * static_cast<size_t>(height), 0);
  auto ink = [&](int x, int y) { return pixels[static_cast<size_t>(y) * w + x] < kInkBelow; };
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width;) {
      int end = x;
      while (end < width && ink(end, y)) ++end;
      if (end - x >= min_run) {
        for (int i = x; i < end; ++i) erase[static_cast<size_t>(y) * w + i] = 1;
      }
      x = end + 1;
    }
  }
  for (int x = 0; x < width; ++x) {
    for (int y = 0; y < height;) {
      int end = y;
      while (end < height && ink(x, end)) ++end;
      if (end - y >= min_run) {
        for (int i = y; i < end; ++i) erase[static_cast<size_t>(i) * w + x] = 1;
      }
      y = end + 1;
    }
  }
  for (size_t i = 0; i < erase.size(); ++i) {
    if (erase[i]) pixels[i] = 255;
  }
}

}  // namespace xxgk::extract
