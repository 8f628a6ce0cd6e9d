// Reading an input file named on the command line ("-" is standard input) into memory,
// with an error message that names the file and the reason; and the options every command that
// converts payloads shares (--max-input-bytes, --no-office, --soffice, --convert-timeout, --convert-memory,
// --no-isolate, --no-ocr, --tessdata, --ocr-timeout).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <optional>
#include <string>

#include "crawler/ingest/document_input.h"
#include "extract/text/document_text.h"

namespace xxgk::cli {

// The most an input file may hold by default: the input limit of extract::ToText (64 MiB).
inline const size_t kMaxInputFileBytes = extract::DocumentLimits{}.max_input_bytes;

// Returns the file's bytes, or nullopt with `*error` set ("cannot read: No such file or
// directory", "is a directory", "refused (input_too_large): …"). A file over `max_bytes` is
// refused without being read (a regular file's size is checked first; standard input, pipes and
// devices are read no further than max_bytes + 1), so a huge input never fills memory.
std::optional<std::string> ReadInputFile(const std::string& path, std::string* error,
                                         size_t max_bytes = kMaxInputFileBytes);

// Adds the conversion options to `app`:
//   --max-input-bytes N  payloads over N bytes (at most the default 64 MiB) are refused by the
//                        conversion (input_too_large) and, in import, kept for later; for tests
//                        and for deferring large files to a later `xxgk rebuild`;
//   --no-office          DOC/WPS are not converted with LibreOffice (they stay unsupported and,
//                        in import, are kept for later);
//   --soffice PATH       the LibreOffice program (default: soffice on PATH);
//   --no-ocr             images and scanned PDFs are not OCRed (they stay unsupported and, in
//                        import and fetch, are kept pending for a later rebuild);
//   --tessdata DIR       Tesseract's data folder (chi_sim.traineddata);
//   --ocr-timeout S      OCR's own time limit per document (default 120 s; the child is killed
//                        2 s later), longer than --convert-timeout's.
void AddConversionOptions(CLI::App* app, ingest::ConvertOptions* convert);

}  // namespace xxgk::cli
