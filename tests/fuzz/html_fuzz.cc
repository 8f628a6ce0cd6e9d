// libFuzzer target for the bytes → text path of HTML pages: format sniffing, charset decoding
// (declared GBK, or undeclared and detected) and the Gumbo body/table walk, through ToText.
// Every result must satisfy the invariants of fuzz_checks.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/text/document_text.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // As served (declared HTML, GBK), and as found on disk (no hints: sniffed and detected).
  xxgk::fuzzing::CheckDocumentText(
      xxgk::extract::ToText(bytes, {"text/html; charset=gbk", "page.html"}));
  xxgk::fuzzing::CheckDocumentText(xxgk::extract::ToText(bytes, {"", ""}));
  return 0;
}
