// PDF → report text with poppler-cpp. See pdf_text.h.
#include "extract/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "extract/doc_identity.h"

namespace xxgk::extract {
namespace {

// Fractions of the page height: the margin band where running headers and footers live, and the
// (wider) band where a page-number-only line is dropped when it is among the page's outer lines.
constexpr double kMarginBand = 0.075;
constexpr double kPageNumberBand = 0.12;
constexpr double kSameHeight = 3.0;  // points: "the same vertical position" across pages

void IgnorePopplerMessage(const std::string&, void*) {}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&IgnorePopplerMessage, nullptr); });
}

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
  double y;  // vertical centre, top-down
};

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Valid UTF-8 without control characters: invalid sequences → U+FFFD, tabs and line breaks →
// space (a box never splits a line or a cell), other C0 controls and DEL dropped.
std::string CleanBoxText(const std::vector<char>& raw) {
  std::string_view rest(raw.data(), raw.size());
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

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
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
        if (gap > column_gap * local) {
          line.text.push_back('\t');
        } else if (prev.space_after || gap > local / 4) {
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

struct PageLines {
  std::vector<Line> lines;
  double height = 0;
  bool InBand(const Line& l, double band) const {
    return height > 0 && (l.y < band * height || l.y > (1 - band) * height);
  }
};

void DropPageFurniture(std::vector<PageLines>* pages) {
  // Running headers and footers: same text (digits aside) at the same height on most pages.
  std::map<std::string, std::vector<std::pair<size_t, double>>> seen;
  for (size_t p = 0; p < pages->size(); ++p) {
    for (const Line& l : (*pages)[p].lines) {
      if ((*pages)[p].InBand(l, kMarginBand)) seen[FurnitureKey(l.text)].emplace_back(p, l.y);
    }
  }
  std::vector<std::set<size_t>> drop(pages->size());  // indexes of lines to drop, per page
  const size_t page_count = pages->size();
  for (size_t p = 0; p < page_count; ++p) {
    const PageLines& page = (*pages)[p];
    for (size_t i = 0; i < page.lines.size(); ++i) {
      const Line& l = page.lines[i];
      if (!page.InBand(l, kMarginBand) || page_count < 3) continue;
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
      if (outer && page.InBand(l, kPageNumberBand) && IsPageNumber(l.text)) drop[p].insert(kept[k]);
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

void Refuse(PdfText* result, std::string code, std::string reason) {
  *result = PdfText{};
  result->refusal_code = std::move(code);
  result->refusal = std::move(reason);
}

}  // namespace

PdfText PdfToText(std::string_view bytes, const PdfLimits& limits) {
  SilencePoppler();
  PdfText result;
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    Refuse(&result, "pdf_too_large", "PDF of " + std::to_string(bytes.size()) + " bytes");
    return result;
  }
  try {
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
        bytes.data(), static_cast<int>(bytes.size())));
    if (!doc) {
      Refuse(&result, "pdf_damaged", "the PDF cannot be opened (damaged or not a PDF)");
      return result;
    }
    if (doc->is_locked()) {
      Refuse(&result, "pdf_damaged", "the PDF is encrypted with a user password");
      return result;
    }
    const int page_count = doc->pages();
    if (page_count < 0) {
      Refuse(&result, "pdf_damaged", "the PDF has no readable page tree");
      return result;
    }
    if (static_cast<size_t>(page_count) > limits.max_pages) {
      Refuse(&result, "pdf_too_large",
             std::to_string(page_count) + " pages, over the limit of " +
                 std::to_string(limits.max_pages));
      return result;
    }
    result.pages = static_cast<size_t>(page_count);

    std::vector<PageLines> pages(result.pages);
    size_t box_count = 0;
    size_t text_bytes = 0;
    for (int i = 0; i < page_count; ++i) {
      if (std::chrono::steady_clock::now() >= limits.deadline) {
        Refuse(&result, "time_limit", "the time limit passed before page " + std::to_string(i + 1));
        return result;
      }
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) continue;
      PageLines& out = pages[static_cast<size_t>(i)];
      out.height = page->page_rect().height();
      std::vector<Box> boxes;
      for (const poppler::text_box& tb : page->text_list()) {
        std::string text = CleanBoxText(tb.text().to_utf8());
        if (text.empty()) continue;
        const poppler::rectf r = tb.bbox();
        text_bytes += text.size() + 1;
        if (text_bytes > limits.max_text_bytes) {
          Refuse(&result, "pdf_too_large",
                 "text over the limit of " + std::to_string(limits.max_text_bytes) + " bytes");
          return result;
        }
        const size_t glyphs = CountCodePoints(text);
        boxes.push_back(Box{std::move(text), r.left(), r.right(), r.top(), r.bottom(), glyphs,
                            tb.has_space_after()});
      }
      box_count += boxes.size();
      out.lines = LayOutLines(std::move(boxes), limits.column_gap);
    }
    if (box_count == 0) {
      result.no_text_layer = result.pages > 0;
      return result;
    }
    DropPageFurniture(&pages);
    for (const PageLines& page : pages) {
      for (const Line& l : page.lines) {
        result.text.append(l.text);
        result.text.push_back('\n');
      }
    }
  } catch (const std::bad_alloc&) {
    Refuse(&result, "pdf_too_large", "out of memory while reading the PDF");
  } catch (const std::exception& e) {
    Refuse(&result, "pdf_damaged", std::string("the PDF cannot be read: ") + e.what());
  }
  return result;
}

}  // namespace xxgk::extract
