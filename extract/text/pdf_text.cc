// PDF → report text with poppler-cpp: words and table rules of each page (the layout itself is
// page_layout.h, shared with ofd_text). See pdf_text.h.
#include "extract/text/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
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

#include "extract/text/doc_identity.h"
#include "extract/text/page_layout.h"

namespace xxgk::extract {
namespace {

// Poppler's messages during one PdfToText on this thread (poppler reports on the calling thread),
// or nullptr: then they are dropped.
struct PopplerMessages {
  bool repaired = false;  // the cross-reference table was reconstructed
  std::string repair;
  size_t errors = 0;      // other reading errors (fonts not counted)
  std::string first_error;
};
thread_local PopplerMessages* t_messages = nullptr;

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

void CollectPopplerMessage(const std::string& message, void*) {
  PopplerMessages* m = t_messages;
  if (m == nullptr) return;
  if (Contains(message, "reconstruct") || Contains(message, "damaged")) {
    m->repaired = true;
    m->repair = message.substr(0, 200);
    return;
  }
  // A font poppler substitutes (not embedded, as reports' CJK fonts often are) is no damage.
  if (Contains(message, "font") || Contains(message, "Font")) return;
  if (m->errors++ == 0) {
    m->first_error = message.substr(0, 200);
    while (!m->first_error.empty() && m->first_error.back() == '\n') m->first_error.pop_back();
  }
}

void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&CollectPopplerMessage, nullptr); });
}

// ---- Is the cross-reference table intact? ---------------------------------------------------------
// poppler rebuilds a damaged table silently (no message, and poppler-cpp does not say it did), so
// the file's own structure is checked: the last `startxref` must point at an `xref` table or an
// xref stream object, and every in-use entry of that table at the object it names.

bool IsPdfSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

// Reads an unsigned number at `*i` (after white space); nullopt when there is none.
std::optional<uint64_t> ReadNumberAt(std::string_view b, size_t* i) {
  while (*i < b.size() && IsPdfSpace(b[*i])) ++*i;
  size_t digits = 0;
  uint64_t v = 0;
  while (*i < b.size() && b[*i] >= '0' && b[*i] <= '9' && digits < 19) {
    v = v * 10 + static_cast<uint64_t>(b[*i] - '0');
    ++*i;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return v;
}

// "N G obj" at `offset` (after white space), N = `number` when given.
bool ObjectAt(std::string_view b, uint64_t offset, std::optional<uint64_t> number) {
  if (offset >= b.size()) return false;
  size_t i = static_cast<size_t>(offset);
  const auto n = ReadNumberAt(b, &i);
  const auto g = ReadNumberAt(b, &i);
  while (i < b.size() && IsPdfSpace(b[i])) ++i;
  return n && g && b.substr(i, 3) == "obj" && (!number || *n == *number);
}

// Empty when the main cross-reference section is intact; else what is wrong.
std::string XrefDamage(std::string_view b) {
  constexpr size_t kMaxEntriesChecked = 200000;
  const size_t tail = b.size() > 2048 ? b.size() - 2048 : 0;
  const size_t at = b.rfind("startxref");
  if (at == std::string_view::npos || at < tail) return "no startxref at the end of the file";
  size_t i = at + 9;
  const auto offset = ReadNumberAt(b, &i);
  if (!offset || *offset >= b.size()) return "startxref points outside the file";
  i = static_cast<size_t>(*offset);
  while (i < b.size() && IsPdfSpace(b[i])) ++i;
  if (b.substr(i, 4) != "xref") {
    return ObjectAt(b, *offset, std::nullopt) ? "" : "startxref points at no cross-reference table";
  }
  i += 4;
  size_t checked = 0;
  for (;;) {
    size_t probe = i;
    const auto first = ReadNumberAt(b, &probe);
    const auto count = ReadNumberAt(b, &probe);
    if (!first || !count) break;  // "trailer" (or damage the entries below would show)
    i = probe;
    for (uint64_t k = 0; k < *count; ++k) {
      const auto entry_offset = ReadNumberAt(b, &i);
      const auto generation = ReadNumberAt(b, &i);
      while (i < b.size() && IsPdfSpace(b[i])) ++i;
      if (!entry_offset || !generation || i >= b.size() || (b[i] != 'n' && b[i] != 'f')) {
        return "a malformed cross-reference entry";
      }
      const bool in_use = b[i] == 'n';
      ++i;
      if (in_use && checked++ < kMaxEntriesChecked && !ObjectAt(b, *entry_offset, *first + k)) {
        return "object " + std::to_string(*first + k) + " is not where the table says";
      }
    }
  }
  while (i < b.size() && IsPdfSpace(b[i])) ++i;
  return b.substr(i, 7) == "trailer" ? "" : "the cross-reference table does not end in a trailer";
}

// Collects poppler's messages into `*m` while it lives.
class CollectMessages {
 public:
  explicit CollectMessages(PopplerMessages* m) : saved_(t_messages) { t_messages = m; }
  ~CollectMessages() { t_messages = saved_; }
  CollectMessages(const CollectMessages&) = delete;
  CollectMessages& operator=(const CollectMessages&) = delete;

 private:
  PopplerMessages* saved_;
};

// ---- Table rules: the borders a table is drawn with ---------------------------------------------
// poppler's text API does not see drawings, so the page is rendered small (about one pixel per
// point, no anti-aliasing, thin lines solid) and its straight runs of ink are the rules
// (page_layout.h, FindInkRules).

constexpr double kMaxRenderSide = 2000;  // pixels: a huge MediaBox is rendered coarser

// The page's rules; `words` are the text boxes (points).
Rules FindRules(const poppler::page& page, double width, double height,
                const std::vector<Rect>& words) {
  if (width <= 0 || height <= 0) return {};
  const double scale = std::min(1.0, kMaxRenderSide / std::max(width, height));
  poppler::page_renderer renderer;
  renderer.set_render_hints(0);
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_line_mode(poppler::page_renderer::line_solid);
  const poppler::image image = renderer.render_page(&page, 72 * scale, 72 * scale);
  if (!image.is_valid() || image.format() != poppler::image::format_gray8) return {};
  const GrayImage gray{reinterpret_cast<const unsigned char*>(image.const_data()), image.width(),
                       image.height(), image.bytes_per_row(), scale};
  return FindInkRules(gray, words);
}

// The page as displayed (its /Rotate applied): width and height in points.
std::pair<double, double> DisplayedSize(const poppler::page& page) {
  const poppler::rectf r = page.page_rect();
  const poppler::page::orientation_enum o = page.orientation();
  if (o == poppler::page::landscape || o == poppler::page::seascape) {
    return {r.height(), r.width()};
  }
  return {r.width(), r.height()};
}

std::vector<Rect> WordRects(const std::vector<poppler::text_box>& words) {
  std::vector<Rect> rects;
  rects.reserve(words.size());
  for (const poppler::text_box& tb : words) {
    const poppler::rectf r = tb.bbox();
    rects.push_back({r.left(), r.top(), r.right(), r.bottom()});
  }
  return rects;
}

bool HasSurrogates(const poppler::ustring& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned short u) { return u >= 0xD800 && u <= 0xDFFF; });
}

// poppler's words as boxes, a word cut where a vertical rule crosses it (poppler may run the
// digits of two narrow cells into one word).
std::vector<Box> WordBoxes(const std::vector<poppler::text_box>& words, const Rules& rules) {
  std::vector<Box> boxes;
  for (const poppler::text_box& tb : words) {
    const poppler::ustring text = tb.text();
    const poppler::rectf r = tb.bbox();
    std::vector<std::pair<size_t, size_t>> pieces;  // glyph ranges [first, last)
    if (rules.vertical.empty() || text.size() < 2 || HasSurrogates(text)) {
      pieces.emplace_back(0, text.size());
    } else {
      const double y = (r.top() + r.bottom()) / 2;
      size_t start = 0, column = 0;
      for (size_t i = 0; i < text.size(); ++i) {
        const poppler::rectf g = tb.char_bbox(i);
        const size_t c = ColumnIndex(rules, (g.left() + g.right()) / 2, y);
        if (i > 0 && c != column) {
          pieces.emplace_back(start, i);
          start = i;
        }
        column = c;
      }
      pieces.emplace_back(start, text.size());
    }
    for (const auto& [first, last] : pieces) {
      Rect extent{r.left(), r.top(), r.right(), r.bottom()};
      if (pieces.size() > 1) {
        const poppler::rectf a = tb.char_bbox(first), b = tb.char_bbox(last - 1);
        extent.x0 = a.left();
        extent.x1 = b.right();
      }
      poppler::ustring piece;
      piece.append(text, first, last - first);
      const std::vector<char> utf8 = piece.to_utf8();
      std::string cleaned = CleanBoxText(std::string_view(utf8.data(), utf8.size()));
      if (cleaned.empty()) continue;
      const size_t glyphs = CodePointCount(cleaned);
      boxes.push_back(Box{std::move(cleaned), extent.x0, extent.x1, extent.y0, extent.y1, glyphs,
                          last == text.size() && tb.has_space_after()});
    }
  }
  return boxes;
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
  PopplerMessages messages;
  const CollectMessages collect(&messages);
  auto note_messages = [&] {
    result.repaired = messages.repaired;
    result.repair = messages.repair;
    result.read_errors = messages.errors;
    result.first_read_error = messages.first_error;
  };
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
      const auto [width, height] = DisplayedSize(*page);
      out.height = height;
      const std::vector<poppler::text_box> words = page->text_list();
      const Rules rules = words.empty() ? Rules{} : FindRules(*page, width, height, WordRects(words));
      std::vector<Box> boxes = WordBoxes(words, rules);
      for (const Box& b : boxes) {
        text_bytes += b.text.size() + 1;
        if (text_bytes > limits.max_text_bytes) {
          Refuse(&result, "pdf_too_large",
                 "text over the limit of " + std::to_string(limits.max_text_bytes) + " bytes");
          return result;
        }
      }
      box_count += boxes.size();
      out.lines = LayOutPage(std::move(boxes), rules, limits.column_gap);
    }
    note_messages();
    if (!result.repaired) {
      const std::string damage = XrefDamage(bytes);
      result.repaired = !damage.empty();
      result.repair = damage;
    }
    if (box_count == 0) {
      result.no_text_layer = result.pages > 0;
      return result;
    }
    DropPageFurniture(&pages);
    result.text = JoinPages(&pages);
  } catch (const std::bad_alloc&) {
    Refuse(&result, "pdf_too_large", "out of memory while reading the PDF");
  } catch (const std::exception& e) {
    Refuse(&result, "pdf_damaged", std::string("the PDF cannot be read: ") + e.what());
  }
  return result;
}

}  // namespace xxgk::extract
