// Isolated conversion: extract::ToText of one payload, or the OCR of an image or a scanned PDF
// (extract/text/ocr_text.h), run in a child process (the xxgk executable itself, as
// `xxgk --convert-child`), so that the per-document limits hold whatever the reader does. The one
// isolation mechanism of every conversion but LibreOffice's (office_convert.h, another program).
// Used for PDF and OCR. OCR: Tesseract on a hostile or huge image can take minutes and gigabytes,
// and its recognition cannot be stopped from outside either; it gets its own, longer time limit
// (OcrOptions::time_limit) and the same memory limit. PDF: poppler's page processing (the content stream's operators, forms drawn in
// forms, huge pages) cannot be interrupted from outside and checks no deadline, so a one-page PDF
// of 80 million drawing operations ran for a minute in-process. In the child:
//   - the time limit (DocumentLimits::max_time) is checked by the readers as in-process; the
//     parent kills the child `grace` after it (its whole process group, SIGKILL) and the
//     document is refused with `conversion_timeout`;
//   - the child's address space is limited (RLIMIT_AS, set by the child itself before it reads
//     the payload) to DocumentLimits::max_memory_bytes plus kIsolationBaseBytes for the program;
//     an allocation over it fails inside the reader (`pdf_too_large`), a crash is
//     `conversion_failed`, never the caller's crash; under AddressSanitizer (whose shadow memory
//     needs the address space) no RLIMIT_AS is set;
//   - the payload goes in and the answer comes back through anonymous memory files (memfd) as
//     the child's stdin and stdout, so no pipe can fill and block either side; the child
//     inherits no other descriptor, and dies with its parent (PR_SET_PDEATHSIG).
// The answer carries the whole DocumentText (text, warnings, refusal); a refused or killed
// conversion is a kRefused DocumentText like any other refusal, so the payload is kept pending.
//
// Cost: one posix_spawn (vfork + exec of xxgk, its libraries mapped) per isolated document and
// a copy of the payload and the text: measured in docs/hardening.md ("Per-document limits").
// Refusal codes (stable): conversion_timeout, conversion_failed (for OCR in OcrText's
// refusal_code, beside ocr_text.h's own codes).
// Thread-safe: every call has its own child and memory files. The caller must not reap
// children with waitpid(-1, …) on another thread meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/text/document_text.h"
#include "extract/text/ocr_text.h"

namespace xxgk::ingest {

// The address space the converter program needs besides what its reader allocates (the
// executable and its libraries, stacks, poppler's caches).
inline constexpr uint64_t kIsolationBaseBytes = uint64_t{768} << 20;

struct IsolationOptions {
  // The xxgk executable run as the converter; empty: PDF is converted in-process (library use,
  // tests of the readers themselves, `--no-isolate`). The command line sets it to the running
  // executable (ThisExecutable()).
  std::string program;
  std::chrono::milliseconds grace{2000};  // after max_time, before the child is killed
};

// OCR of images and scanned PDFs (CLI --no-ocr, --tessdata).
struct OcrOptions {
  bool enabled = true;   // false: images and scanned PDFs are not OCRed (they stay pending)
  std::string tessdata;  // Tesseract's data folder; empty: extract::OcrDataDir("")
  std::chrono::milliseconds time_limit{120000};  // per document, instead of DocumentLimits::max_time
  int pdf_dpi = 200;
  int min_digit_confidence = 80;
};

// What is OCRed.
enum class OcrSource : uint8_t { kImage, kPdf };

// The path of the running executable (/proc/self/exe resolved), or "" when unknown.
std::string ThisExecutable();

// Whether a payload of this format is converted in a child when `options.program` is set.
bool IsIsolated(extract::DocumentFormat format);

// ToText(bytes, hints, limits) in a child process running `options.program`.
// REQUIRES: !options.program.empty().
extract::DocumentText ToTextIsolated(std::string_view bytes, const extract::DocumentHints& hints,
                                     const extract::DocumentLimits& limits,
                                     const IsolationOptions& options);

// extract::OcrImage or OcrPdf of `bytes` under `ocr`, in a child process running
// `options.program` (in-process when it is empty: --no-isolate, library use). The child's address
// space is limited to limits.max_memory_bytes plus kIsolationBaseBytes, as for PDF; it is killed
// `grace` after ocr.time_limit (refusal_code conversion_timeout; a crash: conversion_failed).
// REQUIRES: ocr.enabled.
extract::OcrText OcrIsolated(std::string_view bytes, OcrSource source, const OcrOptions& ocr,
                             const extract::DocumentLimits& limits,
                             const IsolationOptions& options);

// The child's side, `xxgk --convert-child`: reads the request on stdin, converts, writes the
// answer on stdout. Returns the exit status (0, or 2 on a malformed request, with a message on
// stderr).
int ServeIsolatedConversion();

}  // namespace xxgk::ingest
