// libFuzzer target for the OFD path (extract/text/ofd_text.h through ToText). The first input byte
// chooses where the rest goes:
//   - even: the rest is a page's Content.xml, packed into a valid OFD (tests/extract/ofd_writer.h,
//     stored, so mutations reach libxml2, the TextObject/TextCode/DeltaX and PathObject readers
//     and the page layout rather than dying on a zip CRC);
//   - odd: the rest is the payload itself (zip directory, OFD.xml/Document.xml resolution, part
//     size limits).
// Every result must satisfy the invariants of fuzz_checks.h. Lowered part limits keep the
// zip-bomb paths reachable with small inputs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/text/document_text.h"
#include "tests/extract/ofd_writer.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxInputBytes) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  xxgk::extract::DocumentLimits limits;
  limits.ofd.max_part_bytes = size_t{4} << 20;
  limits.ofd.max_total_bytes = size_t{8} << 20;
  limits.ofd.max_pages = 64;
  const std::string payload = (data[0] & 1) == 0
                                  ? xxgk::testing::OfdFromContents({std::string(rest)}, 297, 0)
                                  : std::string(rest);
  xxgk::fuzzing::CheckDocumentText(xxgk::extract::ToText(payload, {"", "report.ofd"}, limits));
  return 0;
}
