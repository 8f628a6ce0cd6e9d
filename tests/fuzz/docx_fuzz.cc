// libFuzzer target for the DOCX path (extract/text/docx_text.h through ToText). The first input byte
// chooses where the rest goes:
//   - even: the rest is word/document.xml, packed into a valid DOCX (tests/extract/docx_writer.h,
//     stored, so mutations reach libxml2 and the body/table walk rather than dying on a zip CRC);
//   - odd: the rest is the payload itself (zip directory, local headers, inflation, size limits).
// Every result must satisfy the invariants of fuzz_checks.h. A lowered part limit keeps the
// zip-bomb path reachable with small inputs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/text/document_text.h"
#include "tests/extract/docx_writer.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxInputBytes) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  xxgk::extract::DocumentLimits limits;
  limits.docx.max_part_bytes = size_t{4} << 20;
  const std::string payload = (data[0] & 1) == 0
                                  ? xxgk::testing::DocxFromDocumentXml(std::string(rest), 0)
                                  : std::string(rest);
  xxgk::fuzzing::CheckDocumentText(xxgk::extract::ToText(payload, {"", "report.docx"}, limits));
  return 0;
}
