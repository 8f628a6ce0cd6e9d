// OCR text with Tesseract and Leptonica (images) and poppler-cpp (PDF pages rendered), laid out
// by page_layout. See ocr_text.h.
#include "extract/text/ocr_text.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "extract/text/page_layout.h"

namespace xxgk::extract {
namespace {

constexpr double kColumnGap = 1.5;  // as PdfLimits::column_gap
// Points: the shortest straight run of ink taken for a table rule (page_layout.h, FindInkRules).
// Longer than a glyph stroke of body or title text, shorter than a table row.
constexpr double kMinOcrRule = 20;

void IgnorePopplerMessage(const std::string&, void*) {}

void SilenceLibraries() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(&IgnorePopplerMessage, nullptr);
    setMsgSeverity(L_SEVERITY_NONE);
  });
}

// One page as 8-bit gray pixels and its resolution.
struct GrayPage {
  std::vector<uint8_t> pixels;
  int width = 0, height = 0;
  int dpi = 0;
};

struct Symbol {
  std::string text;
  Rect box;  // pixels
  float confidence;
};

struct Word {
  Rect box;  // pixels
  float confidence;
  std::vector<Symbol> symbols;
};

bool IsDigit(std::string_view s) {
  if (s.size() == 1) return s[0] >= '0' && s[0] <= '9';
  // Full-width digits U+FF10–U+FF19: EF BC 90–99.
  return s.size() == 3 && s[0] == '\xEF' && s[1] == '\xBC' &&
         static_cast<unsigned char>(s[2]) >= 0x90 && static_cast<unsigned char>(s[2]) <= 0x99;
}

Rect RectOf(const tesseract::ResultIterator& it, tesseract::PageIteratorLevel level) {
  int left = 0, top = 0, right = 0, bottom = 0;
  it.BoundingBox(level, &left, &top, &right, &bottom);
  return Rect{static_cast<double>(left), static_cast<double>(top), static_cast<double>(right),
              static_cast<double>(bottom)};
}

// The recognised words of the page Tesseract holds, with their symbols.
std::vector<Word> RecognisedWords(tesseract::TessBaseAPI* api) {
  std::vector<Word> words;
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (!it) return words;
  it->Begin();
  do {
    if (it->Empty(tesseract::RIL_SYMBOL)) continue;
    if (words.empty() || it->IsAtBeginningOf(tesseract::RIL_WORD)) {
      words.push_back(Word{RectOf(*it, tesseract::RIL_WORD), it->Confidence(tesseract::RIL_WORD), {}});
    }
    std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!text) continue;
    std::string cleaned = CleanBoxText(text.get());
    if (cleaned.empty()) continue;
    words.back().symbols.push_back(
        Symbol{std::move(cleaned), RectOf(*it, tesseract::RIL_SYMBOL), it->Confidence(tesseract::RIL_SYMBOL)});
  } while (it->Next(tesseract::RIL_SYMBOL));
  std::erase_if(words, [](const Word& w) { return w.symbols.empty(); });
  return words;
}

// Words → layout boxes in points: a word is cut where a vertical rule crosses it (Tesseract, like
// poppler, may run the digits of neighbouring narrow cells into one word), and its low-confidence
// digits are written □.
std::vector<Box> WordBoxes(const std::vector<Word>& words, const Rules& rules, double scale,
                           int min_digit_confidence, size_t* unsure) {
  std::vector<Box> boxes;
  for (const Word& w : words) {
    const double y = (w.box.y0 + w.box.y1) / 2 / scale;
    size_t column = 0;
    bool open = false;
    for (const Symbol& s : w.symbols) {
      const size_t c = ColumnIndex(rules, (s.box.x0 + s.box.x1) / 2 / scale, y);
      std::string text = s.text;
      if (IsDigit(text) && s.confidence < static_cast<float>(min_digit_confidence)) {
        text = kOcrUnsureMark;
        ++*unsure;
      }
      if (!open || c != column) {
        boxes.push_back(Box{std::move(text), s.box.x0 / scale, s.box.x1 / scale, w.box.y0 / scale,
                            w.box.y1 / scale, 1, false});
        column = c;
        open = true;
        continue;
      }
      Box& b = boxes.back();
      b.text += text;
      b.x1 = std::max(b.x1, s.box.x1 / scale);
      ++b.glyphs;
    }
  }
  return boxes;
}

struct Engine {
  tesseract::TessBaseAPI api;
};

void Refuse(OcrText* result, std::string code, std::string reason) {
  *result = OcrText{};
  result->refusal_code = std::move(code);
  result->refusal = std::move(reason);
}

// A Tesseract instance with the language loaded, or nullptr with the refusal set.
std::unique_ptr<Engine> StartEngine(const OcrLimits& limits, OcrText* result) {
  const std::string problem = OcrDataProblem(limits);
  if (!problem.empty()) {
    Refuse(result, "ocr_unavailable", problem);
    return nullptr;
  }
  auto engine = std::make_unique<Engine>();
  const std::string dir = OcrDataDir(limits.tessdata);
  if (engine->api.Init(dir.c_str(), limits.language.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    Refuse(result, "ocr_unavailable",
           "Tesseract cannot load " + limits.language + ".traineddata from " + dir);
    return nullptr;
  }
  engine->api.SetPageSegMode(tesseract::PSM_AUTO);
  engine->api.SetVariable("debug_file", "/dev/null");
  return engine;
}

// Recognises one page and appends its lines; false with the refusal set when the deadline passed.
bool ReadPage(Engine* engine, const GrayPage& page, const OcrLimits& limits, OcrText* result,
              std::vector<PageLines>* pages, double* confidence_sum) {
  tesseract::TessBaseAPI& api = engine->api;
  const double scale = page.dpi / 72.0;
  std::vector<uint8_t> clean = page.pixels;  // the page without its table rules, for Tesseract
  EraseInkRules(clean.data(), page.width, page.height, scale, kMinOcrRule);
  api.SetImage(clean.data(), page.width, page.height, 1, page.width);
  api.SetSourceResolution(page.dpi);
  tesseract::ETEXT_DESC monitor;
  if (limits.deadline != kNoDeadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        limits.deadline - std::chrono::steady_clock::now());
    monitor.set_deadline_msecs(static_cast<int32_t>(std::clamp<int64_t>(left.count(), 1, INT32_MAX)));
  }
  const int status = api.Recognize(&monitor);
  if (std::chrono::steady_clock::now() >= limits.deadline) {
    Refuse(result, "time_limit", "the time limit passed while recognising page " +
                                     std::to_string(pages->size() + 1));
    return false;
  }
  PageLines out;
  out.height = page.height / scale;
  if (status == 0) {
    const std::vector<Word> words = RecognisedWords(&api);
    std::vector<Rect> rects;
    rects.reserve(words.size());
    for (const Word& w : words) {
      rects.push_back({w.box.x0 / scale, w.box.y0 / scale, w.box.x1 / scale, w.box.y1 / scale});
      *confidence_sum += w.confidence;
    }
    result->words += words.size();
    const Rules rules = FindInkRules(
        GrayImage{page.pixels.data(), page.width, page.height, page.width, scale}, rects,
        kMinOcrRule);
    std::vector<Box> boxes =
        WordBoxes(words, rules, scale, limits.min_digit_confidence, &result->unsure_digits);
    out.lines = LayOutPage(std::move(boxes), rules, kColumnGap);
  }
  api.Clear();
  pages->push_back(std::move(out));
  return true;
}

// The pages' lines → the text with its header (no header and no text when no word was read).
void Finish(std::vector<PageLines>* pages, double confidence_sum, const OcrLimits& limits,
            OcrText* result) {
  result->pages = pages->size();
  if (result->words == 0) return;
  result->mean_confidence = confidence_sum / static_cast<double>(result->words);
  DropPageFurniture(pages);
  result->text = OcrHeaderLine({limits.language, result->mean_confidence, result->pages}) + "\n" +
                 JoinPages(pages);
}

bool PlausibleDpi(int dpi) { return dpi >= 50 && dpi <= 1200; }

// Leptonica's image → 8-bit gray on white (an alpha channel is blended over white).
std::optional<GrayPage> GrayOf(PIX* pix, int assumed_dpi) {
  PIX* source = pix;
  PIX* blended = nullptr;
  if (pixGetSpp(pix) == 4) {
    blended = pixAlphaBlendUniform(pix, 0xffffff00);
    if (blended != nullptr) source = blended;
  }
  PIX* gray = pixConvertTo8(source, 0);
  if (blended != nullptr) pixDestroy(&blended);
  if (gray == nullptr) return std::nullopt;
  GrayPage page;
  page.width = static_cast<int>(pixGetWidth(gray));
  page.height = static_cast<int>(pixGetHeight(gray));
  const int xres = static_cast<int>(pixGetXRes(pix));
  page.dpi = PlausibleDpi(xres) ? xres : assumed_dpi;
  page.pixels.resize(static_cast<size_t>(page.width) * static_cast<size_t>(page.height));
  const l_uint32* data = pixGetData(gray);
  const int wpl = static_cast<int>(pixGetWpl(gray));
  for (int y = 0; y < page.height; ++y) {
    const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
    for (int x = 0; x < page.width; ++x) {
      page.pixels[static_cast<size_t>(y) * page.width + x] =
          static_cast<uint8_t>(GET_DATA_BYTE(line, x));
    }
  }
  pixDestroy(&gray);
  return page;
}

}  // namespace

OcrText OcrImage(std::string_view bytes, const OcrLimits& limits) {
  SilenceLibraries();
  OcrText result;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (bytes.empty() || pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 ||
      w <= 0 || h <= 0) {
    Refuse(&result, "ocr_image_damaged", "the image cannot be decoded (damaged or not an image)");
    return result;
  }
  if (static_cast<uint64_t>(w) * static_cast<uint64_t>(h) > limits.max_pixels) {
    Refuse(&result, "ocr_too_large",
           "image of " + std::to_string(w) + "×" + std::to_string(h) + " pixels, over the limit of " +
               std::to_string(limits.max_pixels));
    return result;
  }
  std::unique_ptr<Engine> engine = StartEngine(limits, &result);
  if (!engine) return result;
  PIX* pix = pixReadMem(data, bytes.size());
  if (pix == nullptr) {
    Refuse(&result, "ocr_image_damaged", "the image cannot be decoded (damaged or not an image)");
    return result;
  }
  std::optional<GrayPage> page = GrayOf(pix, limits.assumed_image_dpi);
  pixDestroy(&pix);
  if (!page) {
    Refuse(&result, "ocr_image_damaged", "the image cannot be converted to gray");
    return result;
  }
  std::vector<PageLines> pages;
  double confidence_sum = 0;
  if (!ReadPage(engine.get(), *page, limits, &result, &pages, &confidence_sum)) return result;
  Finish(&pages, confidence_sum, limits, &result);
  return result;
}

OcrText OcrPdf(std::string_view bytes, const OcrLimits& limits) {
  SilenceLibraries();
  OcrText result;
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    Refuse(&result, "ocr_too_large", "PDF of " + std::to_string(bytes.size()) + " bytes");
    return result;
  }
  try {
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc || doc->is_locked() || doc->pages() < 0) {
      Refuse(&result, "pdf_damaged", "the PDF cannot be opened (damaged, encrypted or not a PDF)");
      return result;
    }
    const size_t page_count = static_cast<size_t>(doc->pages());
    if (page_count > limits.max_pages) {
      Refuse(&result, "ocr_too_large", std::to_string(page_count) + " pages, over the OCR limit of " +
                                           std::to_string(limits.max_pages));
      return result;
    }
    std::unique_ptr<Engine> engine = StartEngine(limits, &result);
    if (!engine) return result;
    std::vector<PageLines> pages;
    double confidence_sum = 0;
    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing |
                              poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(poppler::image::format_gray8);
    for (size_t i = 0; i < page_count; ++i) {
      if (std::chrono::steady_clock::now() >= limits.deadline) {
        Refuse(&result, "time_limit", "the time limit passed before page " + std::to_string(i + 1));
        return result;
      }
      std::unique_ptr<poppler::page> page(doc->create_page(static_cast<int>(i)));
      if (!page) {
        pages.emplace_back();
        continue;
      }
      const poppler::rectf box = page->page_rect();
      const double px = box.width() * limits.pdf_dpi / 72.0 * box.height() * limits.pdf_dpi / 72.0;
      if (!(px >= 0) || px > static_cast<double>(limits.max_pixels)) {
        Refuse(&result, "ocr_too_large", "page " + std::to_string(i + 1) + " at " +
                                             std::to_string(limits.pdf_dpi) +
                                             " dpi is over the pixel limit");
        return result;
      }
      const poppler::image image = renderer.render_page(page.get(), limits.pdf_dpi, limits.pdf_dpi);
      GrayPage gray;
      gray.dpi = limits.pdf_dpi;
      if (image.is_valid() && image.format() == poppler::image::format_gray8) {
        gray.width = image.width();
        gray.height = image.height();
        gray.pixels.resize(static_cast<size_t>(gray.width) * static_cast<size_t>(gray.height));
        const auto* src = reinterpret_cast<const uint8_t*>(image.const_data());
        for (int y = 0; y < gray.height; ++y) {
          std::copy_n(src + static_cast<size_t>(y) * image.bytes_per_row(), gray.width,
                      gray.pixels.data() + static_cast<size_t>(y) * gray.width);
        }
      }
      if (gray.width == 0 || gray.height == 0) {
        pages.emplace_back();
        continue;
      }
      if (!ReadPage(engine.get(), gray, limits, &result, &pages, &confidence_sum)) return result;
    }
    Finish(&pages, confidence_sum, limits, &result);
  } catch (const std::bad_alloc&) {
    Refuse(&result, "ocr_too_large", "out of memory while reading the PDF");
  } catch (const std::exception& e) {
    Refuse(&result, "pdf_damaged", std::string("the PDF cannot be read: ") + e.what());
  }
  return result;
}

}  // namespace xxgk::extract
