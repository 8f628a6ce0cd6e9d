// Reading command-line input files. See input_file.h.
#include "crawler/cli/input_file.h"
#include "crawler/cli/option_checks.h"

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

// Reads `in` to its end, or fails once it has given more than `max_bytes`.
bool ReadCapped(std::istream& in, size_t max_bytes, std::string* bytes, std::string* error) {
  constexpr size_t kChunk = size_t{1} << 20;
  bytes->clear();
  while (in) {
    const size_t old_size = bytes->size();
    bytes->resize(old_size + kChunk);
    in.read(bytes->data() + old_size, static_cast<std::streamsize>(kChunk));
    bytes->resize(old_size + static_cast<size_t>(in.gcount()));
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
    if (!ReadCapped(std::cin, max_bytes, &bytes, error)) return std::nullopt;
    return bytes;
  }
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    *error = "is a directory";
    return std::nullopt;
  }
  if (std::filesystem::is_regular_file(status)) {
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      *error = TooLarge(std::to_string(size), max_bytes);
      return std::nullopt;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (!ReadCapped(in, max_bytes, &bytes, error)) return std::nullopt;
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
}

}  // namespace xxgk::cli
