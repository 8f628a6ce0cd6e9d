// PdfToText, OcrImage and OcrPdf of the xxgk executable: the readers' module loaded on first use
// and called through its table (reader_module.h). Loaded once per process; a module that cannot
// be loaded is said once per call, in the refusal, and never retried within the process.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "extract/text/reader_module.h"

namespace xxgk::extract {
namespace {

constexpr const char* kModuleName = "xxgk-readers.so";

std::vector<std::string> Candidates() {
  std::vector<std::string> paths;
  if (const char* env = std::getenv("XXGK_READERS"); env != nullptr && *env != '\0') {
    paths.emplace_back(env);
    return paths;  // asked for this one: no other is tried
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    paths.push_back((exe.parent_path() / kModuleName).string());
    paths.push_back((exe.parent_path().parent_path() / "lib" / "xxgk" / kModuleName).string());
  }
  return paths;
}

struct Loaded {
  const ReaderTable* table = nullptr;
  std::string problem;  // why not, when table is null
};

Loaded Load() {
  Loaded loaded;
  const std::vector<std::string> paths = Candidates();
  std::string tried;
  for (const std::string& path : paths) {
    if (!std::filesystem::exists(path)) {
      tried += (tried.empty() ? "" : ", ") + path;
      continue;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      loaded.problem = path + " cannot be loaded: " + (why ? why : "unknown error");
      return loaded;
    }
    auto entry = reinterpret_cast<ReaderTableFunction>(dlsym(handle, kReaderTableSymbol));
    const ReaderTable* table = entry != nullptr ? entry() : nullptr;
    constexpr ReaderTable kExpected = ExpectedReaderLayout();
    if (table == nullptr || table->abi != kExpected.abi ||
        table->pdf_limits_size != kExpected.pdf_limits_size ||
        table->pdf_text_size != kExpected.pdf_text_size ||
        table->ocr_limits_size != kExpected.ocr_limits_size ||
        table->ocr_text_size != kExpected.ocr_text_size || table->pdf_to_text == nullptr ||
        table->ocr_image == nullptr || table->ocr_pdf == nullptr) {
      loaded.problem = path + " is not this xxgk's readers' module (another build?)";
      return loaded;  // the handle stays open: its code is not called, and unloading gains nothing
    }
    loaded.table = table;
    return loaded;
  }
  loaded.problem = paths.empty() ? std::string("the executable's folder is unknown")
                                 : "no " + std::string(kModuleName) + " (looked for " + tried + ")";
  return loaded;
}

const Loaded& Readers() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = Load(); });
  return loaded;
}

// What a reader gives when the module is not there: refused `code`, saying why.
template <typename Text>
Text Unavailable(const char* code, const char* reader) {
  Text refused;
  refused.refusal_code = code;
  refused.refusal = std::string("the ") + reader + " is not available: " + Readers().problem;
  return refused;
}

}  // namespace

PdfText PdfToText(std::string_view bytes, const PdfLimits& limits) {
  const ReaderTable* table = Readers().table;
  return table ? table->pdf_to_text(bytes, limits)
               : Unavailable<PdfText>("conversion_failed", "PDF reader");
}

OcrText OcrImage(std::string_view bytes, const OcrLimits& limits) {
  const ReaderTable* table = Readers().table;
  return table ? table->ocr_image(bytes, limits) : Unavailable<OcrText>("ocr_unavailable", "OCR reader");
}

OcrText OcrPdf(std::string_view bytes, const OcrLimits& limits) {
  const ReaderTable* table = Readers().table;
  return table ? table->ocr_pdf(bytes, limits) : Unavailable<OcrText>("ocr_unavailable", "OCR reader");
}

}  // namespace xxgk::extract
