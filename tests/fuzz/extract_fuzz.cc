// libFuzzer target for the report extractor: any valid UTF-8 text up to 1 MB in, a record out.
//
// Invalid UTF-8 is rejected by the caller (FindInvalidUtf8) before extraction, so such inputs are
// skipped here too. For every other input the target traps when an invariant breaks:
//   - ExtractReport and RecordToJson return (no exception escapes);
//   - doc_id is 16 lower-case hex digits and equals the id of the normalised text;
//   - the compact JSON is one line that parses back with schema "xxgk/report-1" and the same
//     doc_id and template;
//   - every warning has a code; every present table row has its template's number of cells;
//   - a record of unknown template has no tables and no checks.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"
#include "extract/report/report_record.h"
#include "extract/report/report_template.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

bool IsLowerHex16(std::string_view s) {
  if (s.size() != 16) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckTable(const xxgk::extract::TableValues& table, const xxgk::extract::TableSpec& spec) {
  if (!table.present) return;
  Require(table.rows.size() == spec.rows.size());
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r]) Require(table.rows[r]->size() == spec.rows[r].cell_count());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace xxgk::extract;
  if (size > kMaxInputBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (FindInvalidUtf8(text)) return 0;

  const ReportRecord record = ExtractReport(text);
  Require(IsLowerHex16(record.doc_id));
  Require(record.doc_id == DocIdOfNormalized(NormalizeDocumentText(text)));
  for (const Warning& w : record.warnings) Require(!w.code.empty());

  if (record.template_id == TemplateId::kUnknown) {
    Require(!record.active_disclosure.present && !record.applications.present &&
            !record.reviews_litigation.present && record.checks.empty());
  } else {
    const TemplateSpec& spec = GetTemplate(record.template_id);
    CheckTable(record.active_disclosure, spec.active_disclosure);
    CheckTable(record.applications, spec.applications);
    CheckTable(record.reviews_litigation, spec.reviews_litigation);
  }

  const std::string json = RecordToJson(record, /*pretty=*/false);
  Require(json.find('\n') == std::string::npos);
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  Require(parsed.is_object());
  Require(parsed.contains("schema") && parsed["schema"] == "xxgk/report-1");
  Require(parsed.contains("doc_id") && parsed["doc_id"] == record.doc_id);
  Require(parsed.contains("template") &&
          parsed["template"] == std::string(TemplateName(record.template_id)));
  return 0;
}
