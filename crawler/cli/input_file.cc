// Reading command-line input files. See input_file.h.
#include "crawler/cli/input_file.h"
#include "crawler/cli/option_checks.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace xxgk::cli {
namespace {

// The same wording as extract::ToText's refusal, so every command says it alike.
std::string TooLarge(const std::string& size, size_t max_bytes) {
  return "refused (input_too_large): " + size + " bytes, over the limit of " +
         std::to_string(max_bytes);
}

// Reads `in` to its end, or fails once it has given more than `max_bytes`. `expected`: the size
// the file has (0: unknown), so that a file is read in one read of its size and one more byte
// (the string grows, and is zero-filled, by what is read, not by a fixed 1 MiB per file, which
// issue 16's profile found to dominate re-importing many small reports); unknown sizes grow by
// doubling from 64 KiB to 1 MiB.
bool ReadCapped(std::istream& in, size_t max_bytes, size_t expected, std::string* bytes,
                std::string* error) {
  constexpr size_t kMaxChunk = size_t{1} << 20;
  size_t chunk = expected > 0 ? std::min(expected, max_bytes) + 1 : size_t{64} << 10;
  bytes->clear();
  while (in) {
    const size_t old_size = bytes->size();
    bytes->resize(old_size + chunk);
    in.read(bytes->data() + old_size, static_cast<std::streamsize>(chunk));
    bytes->resize(old_size + static_cast<size_t>(in.gcount()));
    chunk = std::min(kMaxChunk, chunk * 2);
    if (bytes->size() > max_bytes) {
      *error = TooLarge("more than " + std::to_string(max_bytes), max_bytes);
      return false;
    }
  }
  if (in.bad()) {
    *error = std::string("read failed: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> ReadInputFile(const std::string& path, std::string* error,
                                         size_t max_bytes) {
  std::string bytes;
  if (path == "-") {
    if (!ReadCapped(std::cin, max_bytes, 0, &bytes, error)) return std::nullopt;
    return bytes;
  }
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    *error = "is a directory";
    return std::nullopt;
  }
  uintmax_t size = 0;
  if (std::filesystem::is_regular_file(status)) {
    size = std::filesystem::file_size(path, ec);
    if (ec) size = 0;
    if (size > max_bytes) {
      *error = TooLarge(std::to_string(size), max_bytes);
      return std::nullopt;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (!ReadCapped(in, max_bytes, static_cast<size_t>(size), &bytes, error)) return std::nullopt;
  return bytes;
}

void AddConversionOptions(CLI::App* app, ingest::ConvertOptions* convert) {
  app->add_option("--max-input-bytes", convert->limits.max_input_bytes,
                  "convert no payload larger than this many bytes, K/M/G suffixes allowed "
                  "(default and maximum " + std::to_string(kMaxInputFileBytes >> 20) + "M)")
      ->transform(ByteSize())
      ->check(Between(1, static_cast<int64_t>(kMaxInputFileBytes)));
  app->add_flag("!--no-office", convert->office.enabled,
                "do not convert DOC/WPS with LibreOffice (they stay 'unsupported format')");
  app->add_option("--soffice", convert->office.soffice,
                  "the LibreOffice program converting DOC/WPS (default: soffice on PATH)");
  // One limit per document for every format (docs/hardening.md, "Per-document limits").
  convert->isolation.program = ingest::ThisExecutable();
  app->add_option_function<double>(
         "--convert-timeout",
         [convert](double seconds) {
           const auto ms = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
           convert->limits.max_time = ms;
           convert->office.time_limit = ms;
         },
         "time limit per document, in seconds, for every format and for LibreOffice (default " +
             std::to_string(convert->limits.max_time.count() / 1000) + "; LibreOffice " +
             std::to_string(convert->office.time_limit.count() / 1000) + ")")
      ->check(CLI::Range(0.001, 86400.0));
  app->add_option_function<size_t>(
         "--convert-memory",
         [convert](size_t bytes) {
           convert->limits.max_memory_bytes = bytes;
           convert->office.max_memory_bytes = bytes;
         },
         "memory limit per document: the HTML parse tree, the PDF reader's process and "
         "LibreOffice's address space, K/M/G suffixes allowed (default " +
             std::to_string(convert->limits.max_memory_bytes >> 20) + "M; LibreOffice " +
             std::to_string(convert->office.max_memory_bytes >> 20) + "M)")
      ->transform(ByteSize())
      ->check(Between(int64_t{16} << 20, int64_t{1} << 40));
  app->add_flag_callback(
      "--no-isolate", [convert] { convert->isolation.program.clear(); },
      "read PDF and OCR in this process instead of a limited child process (faster, but a "
      "conversion that runs past the time limit is not stopped)");
  app->add_flag("!--no-ocr", convert->ocr.enabled,
                "do not OCR images and scanned PDFs (they stay 'unsupported format' / pending)");
  app->add_option("--tessdata", convert->ocr.tessdata,
                  "the folder holding chi_sim.traineddata for OCR (default: $TESSDATA_PREFIX, "
                  "else /usr/share/tesseract-ocr/5/tessdata)");
  app->add_option_function<double>(
         "--ocr-timeout",
         [convert](double seconds) {
           convert->ocr.time_limit = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
         },
         "time limit per document for OCR, in seconds (default " +
             std::to_string(convert->ocr.time_limit.count() / 1000) + ")")
      ->check(CLI::Range(0.001, 86400.0));
}

}  // namespace xxgk::cli
