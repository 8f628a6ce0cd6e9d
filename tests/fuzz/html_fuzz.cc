// libFuzzer target for the bytes → text path of HTML pages: format sniffing, charset decoding
// (declared GBK, or undeclared and detected) and the Gumbo body/table walk, through ToText.
//
// For every input the target traps when an invariant breaks:
//   - ToText returns (no exception escapes) with an outcome;
//   - produced text is valid UTF-8, normalised (no CR, no trailing space or tab on any line) and
//     holds no NUL;
//   - a refusal carries a code and a reason; an unsupported result has no text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/doc_identity.h"
#include "extract/document_text.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckResult(const xxgk::extract::DocumentText& d) {
  using xxgk::extract::TextOutcome;
  if (d.outcome == TextOutcome::kRefused) {
    Check(!d.refusal_code.empty() && !d.refusal.empty() && d.text.empty());
    return;
  }
  if (d.outcome == TextOutcome::kUnsupported) {
    Check(d.text.empty() && d.HasWarning("unsupported_format"));
    return;
  }
  Check(!xxgk::extract::FindInvalidUtf8(d.text).has_value());
  Check(d.text.find('\r') == std::string::npos);
  Check(d.text.find('\0') == std::string::npos);
  Check(xxgk::extract::NormalizeDocumentText(d.text) == d.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // As served (declared HTML, GBK), and as found on disk (no hints: sniffed and detected).
  CheckResult(xxgk::extract::ToText(bytes, {"text/html; charset=gbk", "page.html"}));
  CheckResult(xxgk::extract::ToText(bytes, {"", ""}));
  return 0;
}
