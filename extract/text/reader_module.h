// The readers' module: PDF text (pdf_text.h, poppler) and OCR (ocr_text.h, Tesseract and
// Leptonica) built as a module of their own, xxgk-readers.so, which the xxgk executable loads
// with dlopen the first time it reads a PDF or an image — in practice in the `--convert-child`
// that reads them under limits, or in-process with `--no-isolate`. With what they need (NSS,
// lcms2, libtiff, libarchive, libgomp, …) they are 28 libraries: mapped by every process, they
// were 5.3 MiB of its memory and 40 % of its start-up CPU (relocating their symbols), in crawls
// and archive commands that never read a PDF (issue 16, docs/benchmarks.md).
//
// In the xxgk executable PdfToText, OcrImage and OcrPdf are reader_loader.cc's: they load the
// module and call through this table. The tests and benches link the readers themselves
// (xxgk_readers), as the module does.
//
// Where the module is looked for, first found: $XXGK_READERS (a path to the file); beside the
// executable (the build tree); ../lib/xxgk/ from the executable's folder (`cmake --install`).
// When it cannot be loaded, a PDF is refused `conversion_failed` and an image or scanned PDF is
// `ocr_unavailable`, each saying why: the payload is kept pending, never lost, and `xxgk rebuild`
// reads it once the module is back.
#pragma once

#include <cstddef>
#include <string_view>

#include "extract/text/ocr_text.h"
#include "extract/text/pdf_text.h"

namespace xxgk::extract {

// Bumped when the table or the types it passes change; the sizes catch a module from another
// build whose structures differ.
inline constexpr int kReaderModuleAbi = 1;

struct ReaderTable {
  int abi;
  size_t pdf_limits_size, pdf_text_size, ocr_limits_size, ocr_text_size;
  PdfText (*pdf_to_text)(std::string_view bytes, const PdfLimits& limits);
  OcrText (*ocr_image)(std::string_view bytes, const OcrLimits& limits);
  OcrText (*ocr_pdf)(std::string_view bytes, const OcrLimits& limits);
};

// The module's one exported symbol: returns its table.
inline constexpr const char* kReaderTableSymbol = "xxgk_reader_table";
using ReaderTableFunction = const ReaderTable* (*)();

// The table this executable's layout expects (sizes and ABI; the functions null).
constexpr ReaderTable ExpectedReaderLayout() {
  return ReaderTable{kReaderModuleAbi, sizeof(PdfLimits), sizeof(PdfText), sizeof(OcrLimits),
                     sizeof(OcrText), nullptr, nullptr, nullptr};
}

}  // namespace xxgk::extract
