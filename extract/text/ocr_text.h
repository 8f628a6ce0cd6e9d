// OCR text: an image (PNG, JPEG, GIF, TIFF) or the pages of a PDF without a text layer → report
// text, read by Tesseract (chi_sim, LSTM) and laid out like a PDF page (page_layout.h: one line
// per printed line, one table row per line with tab-separated cells, ruled tables by their
// borders found in the image).
//
// In-process and unlimited except for `OcrLimits`: a hostile image can still take Tesseract a
// long time or much memory, so xxgk never calls this directly on a payload — the ingest step
// runs it in a limited child process (crawler/ingest/isolated_convert.h). Tests call it directly.
//
// What the text says about itself (so that every record later made from the stored text knows
// how it was made, whoever makes it):
//   - its first line is the OCR header, `[OCR tesseract chi_sim] mean confidence 91.3; 2 page(s);
//     □ marks a digit read with low confidence` (OcrHeaderLine, ParseOcrHeader): the engine,
//     the language, the mean of the word confidences (0–100) over all pages, the page count;
//   - a digit whose symbol confidence is under `min_digit_confidence` is written as □ (U+25A1, the
//     mark Chinese transcriptions use for an illegible character), never as Tesseract's guess:
//     the extractor turns a cell holding □ into null with a `cell_illegible` warning.
//
// Images: decoded by Leptonica (pixReadMem; PNG, JPEG, GIF, TIFF — the first page of a TIFF),
// after its header says the size is under `max_pixels`; converted to 8-bit gray. Resolution: the
// file's own when between 50 and 1200 dpi, else `assumed_image_dpi`. PDF pages: rendered with
// poppler-cpp at `pdf_dpi`, anti-aliased, gray.
//
// Refusal codes (stable): ocr_unavailable (no traineddata for the language, or Tesseract cannot
// load it), ocr_image_damaged (an image Leptonica cannot decode), pdf_damaged, ocr_too_large
// (over max_pixels or max_pages), time_limit (the deadline passed: checked before each page and
// inside Tesseract's recognition through its progress monitor).
// Thread-safe: every call makes its own Tesseract instance; no shared state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "extract/text/deadline.h"

namespace xxgk::extract {

struct OcrLimits {
  std::string tessdata;              // the folder holding LANG.traineddata; empty: OcrDataDir("")
  std::string language = "chi_sim";  // Tesseract language (chi_sim also reads digits and Latin)
  int pdf_dpi = 200;                 // PDF pages are rendered at this resolution
  int assumed_image_dpi = 150;       // an image that states no plausible resolution
  int min_digit_confidence = 80;     // a digit read with less (0–100) is written □
  size_t max_pixels = size_t{60} << 20;  // per image or rendered page
  size_t max_pages = 100;                // PDF pages OCRed
  Deadline deadline = kNoDeadline;
};

struct OcrText {
  std::string refusal;       // non-empty: nothing was read (reason for people), then
  std::string refusal_code;  // one of the codes above; nothing else is set
  std::string text;          // the header line and the pages' lines ('\n' after each); empty
                             // (no header) when Tesseract found no word at all
  size_t pages = 0;
  size_t words = 0;
  size_t unsure_digits = 0;     // digits written □
  double mean_confidence = 0;  // mean word confidence, 0–100 (0 when no word)
};

// The folder Tesseract's data is looked up in: `configured` when not empty, else
// $TESSDATA_PREFIX when set, else Debian's /usr/share/tesseract-ocr/5/tessdata.
std::string OcrDataDir(std::string_view configured);

// Empty when LANG.traineddata is in the data folder; else why not, for people
// ("no chi_sim.traineddata in /usr/share/…/tessdata (Debian: apt install tesseract-ocr-chi-sim)").
std::string OcrDataProblem(const OcrLimits& limits);

// OCR of one image file's bytes (any format Leptonica reads).
OcrText OcrImage(std::string_view bytes, const OcrLimits& limits = {});

// OCR of every page of a PDF (meant for one without a text layer: pdf_text.h's no_text_layer).
OcrText OcrPdf(std::string_view bytes, const OcrLimits& limits = {});

// The header line (no '\n') and its reading. ParseOcrHeader takes a text's first line and
// returns nullopt when it is no OCR header.
struct OcrHeader {
  std::string language;
  double mean_confidence = 0;
  size_t pages = 0;
};
std::string OcrHeaderLine(const OcrHeader& header);
std::optional<OcrHeader> ParseOcrHeader(std::string_view first_line);

// The mark written for a digit read with low confidence (U+25A1 WHITE SQUARE).
inline constexpr std::string_view kOcrUnsureMark = "\xE2\x96\xA1";

}  // namespace xxgk::extract
