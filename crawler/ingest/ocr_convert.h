// OCR conversion: an image payload, or a PDF without a text layer, → its text read by Tesseract
// (extract/text/ocr_text.h), in a limited child process, so that a hostile or huge image can
// neither hang nor crash nor exhaust the archive run that meets it.
//
// Isolation and limits, per document:
//   - the work runs in a fork()ed child (no exec: the child already holds the bytes, and Tesseract
//     is a library); the child sets RLIMIT_CPU (`max_cpu_seconds`; SIGXCPU, then SIGKILL a second
//     later), RLIMIT_AS (`max_memory_bytes`; not under AddressSanitizer, whose shadow memory is
//     reserved address space), RLIMIT_CORE 0, sends stdout and stderr (Tesseract's chatter) to
//     /dev/null, writes its result into a pipe and leaves with _exit (no atexit handler, no
//     destructor of the parent's state runs in it);
//   - a wall-clock limit (`time_limit`): the child stops itself at that deadline (ocr_text's
//     time_limit) and the parent SIGKILLs it a grace second later if it has not; either way the
//     child is reaped before the call returns.
// Between fork and the work only plain library calls run. The parent may have other threads
// (crawler workers); glibc's malloc is safe to use in the child of such a fork, and nothing else
// the child uses is held by those threads (Tesseract and Leptonica are used only in children;
// libgomp, which Tesseract's LSTM uses, is first started in the child — never in the parent,
// which is what makes OpenMP safe across fork).
//
// Errors: kUnavailable (OCR turned off, or no traineddata for the language: the caller keeps the
// payload pending, a later rebuild with the data converts it), kTimeout (wall clock or CPU
// limit), kFailed (the child died — signal, memory limit — or refused the input: damaged image,
// too many pixels or pages; the message says which), kSystem (pipe or fork failed).
// Thread-safe: every call has its own pipe and child. The caller must not reap children with
// waitpid(-1, …) on another thread meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/text/ocr_text.h"

namespace xxgk::ingest {

struct OcrConvertOptions {
  bool enabled = true;   // false: images and scanned PDFs are not OCRed (CLI --no-ocr)
  std::string tessdata;  // Tesseract's data folder (CLI --tessdata); empty: extract::OcrDataDir
  std::chrono::milliseconds time_limit{120000};   // wall clock, per document
  uint64_t max_cpu_seconds = 120;                  // RLIMIT_CPU of the child
  uint64_t max_memory_bytes = uint64_t{2} << 30;   // RLIMIT_AS of the child
  int pdf_dpi = 200;
  int min_digit_confidence = 80;
};

enum class OcrError : uint8_t { kNone, kUnavailable, kTimeout, kFailed, kSystem };

// "none", "unavailable", "timeout", "failed", "system".
std::string_view OcrErrorName(OcrError error);

// What can be OCRed.
enum class OcrSource : uint8_t { kImage, kPdf };

struct OcrConversion {
  OcrError error = OcrError::kNone;
  std::string message;  // the error, for people (kNone: empty)
  extract::OcrText text;  // kNone: the OCR text and its figures
  bool ok() const { return error == OcrError::kNone; }
};

// Empty when OCR can run under `options` (enabled, the language's data present); else why not.
std::string OcrUnavailableReason(const OcrConvertOptions& options);

// OCRs `bytes` in a limited child.
OcrConversion OcrInChild(std::string_view bytes, OcrSource source,
                         const OcrConvertOptions& options = {});

}  // namespace xxgk::ingest
