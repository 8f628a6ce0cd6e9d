// RecordToJson (extract/report/report_record.cc) writes the compact record straight into a string;
// these tests hold it to nlohmann's rendering of the same record, byte for byte: ReferenceJson
// below is the tree-building rendering it replaced (kept here as the oracle), over every record the
// sample reports and the synthetic layouts give, and over records made to reach the corners
// (control characters, invalid UTF-8, quotes and backslashes, doubles, nulls, an unknown template).
#include "extract/report/report_record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "extract/report/report_extractor.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

using Json = nlohmann::ordered_json;

Json CellJson(const CellValue& cell) {
  switch (cell.kind) {
    case CellValue::Kind::kInteger: return cell.integer;
    case CellValue::Kind::kDecimal: return cell.text;
    case CellValue::Kind::kNull: break;
  }
  return nullptr;
}

Json RowJson(const RowSpec& spec, const RowValues& row) {
  if (!row) return nullptr;
  const std::vector<CellValue>& cells = *row;
  switch (spec.shape) {
    case RowShape::kScalar: return CellJson(cells.at(0));
    case RowShape::kArray: {
      Json array = Json::array();
      for (const CellValue& cell : cells) array.push_back(CellJson(cell));
      return array;
    }
    case RowShape::kObject: break;
  }
  Json object = Json::object();
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    object[std::string(spec.columns[i].json_key)] = CellJson(cells.at(i));
  }
  return object;
}

Json TableJson(const TableSpec& spec, const TableValues& table) {
  if (!table.present) return nullptr;
  Json object = Json::object();
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    object[std::string(spec.rows[i].key)] = RowJson(spec.rows[i], table.rows.at(i));
  }
  return object;
}

Json OptionalString(const std::optional<std::string>& s) {
  return s ? Json(*s) : Json(nullptr);
}

std::string ReferenceJson(const ReportRecord& record, bool pretty) {
  Json json = Json::object();
  json["schema"] = kRecordSchema;
  json["doc_id"] = record.doc_id;
  json["agency"] = OptionalString(record.agency);
  json["agency_alias"] = OptionalString(record.agency_alias);
  json["year"] = record.year ? Json(*record.year) : Json(nullptr);
  json["template"] = TemplateName(record.template_id);
  json["published"] = OptionalString(record.published);
  if (record.text_source) {
    json["text_source"] = *record.text_source;
    json["ocr_confidence"] = record.ocr_confidence ? Json(*record.ocr_confidence) : Json(nullptr);
  }
  if (record.template_id == TemplateId::kUnknown) {
    json["active_disclosure"] = nullptr;
    json["applications"] = nullptr;
    json["reviews_litigation"] = nullptr;
  } else {
    const TemplateSpec& spec = GetTemplate(record.template_id);
    json["active_disclosure"] = TableJson(spec.active_disclosure, record.active_disclosure);
    json["applications"] = TableJson(spec.applications, record.applications);
    json["reviews_litigation"] = TableJson(spec.reviews_litigation, record.reviews_litigation);
  }
  Json checks = Json::array();
  for (const Check& c : record.checks) {
    checks.push_back(Json{{"rule", c.rule}, {"ok", c.ok}, {"where", c.where}, {"detail", c.detail}});
  }
  json["checks"] = std::move(checks);
  Json warnings = Json::array();
  for (const Warning& w : record.warnings) {
    warnings.push_back(Json{{"code", w.code},
                            {"section", w.section.empty() ? Json(nullptr) : Json(w.section)},
                            {"detail", w.detail}});
  }
  json["warnings"] = std::move(warnings);
  // Replace rather than throw on invalid UTF-8: details quote document text, which is validated
  // before extraction, so this is only a safety net.
  return json.dump(pretty ? 2 : -1, ' ', false, Json::error_handler_t::replace);
}


void ExpectSameAsReference(const ReportRecord& record, const std::string& what) {
  EXPECT_EQ(RecordToJson(record, false), ReferenceJson(record, false)) << what;
  EXPECT_EQ(RecordToJson(record, true), ReferenceJson(record, true)) << what;
}

TEST(RecordJson, SampleReportsRenderAsNlohmannDoes) {
  const auto samples = testing::SampleReports();
  ASSERT_FALSE(samples.empty());
  for (const auto& path : samples) {
    ExpectSameAsReference(ExtractReport(testing::ReadAll(path)), path.string());
  }
}

TEST(RecordJson, SyntheticLayoutsRenderAsNlohmannDoes) {
  size_t records = 0;
  for (TemplateId id : {TemplateId::k2019, TemplateId::k2021}) {
    for (uint32_t seed = 1; seed <= 6; ++seed) {
      const testing::SyntheticReport report = testing::MakeConsistentReport(id, seed);
      for (testing::Layout layout :
           {testing::Layout::kRowPerLine, testing::Layout::kCellPerLine, testing::Layout::kTabs,
            testing::Layout::kMarkdown, testing::Layout::kPdfBroken, testing::Layout::kGridTabs,
            testing::Layout::kPipeRows, testing::Layout::kCellPerLinePipes}) {
        ExpectSameAsReference(ExtractReport(testing::BuildReportText(report, layout)),
                              testing::LayoutName(layout) + " seed " + std::to_string(seed));
        ++records;
      }
    }
  }
  EXPECT_EQ(records, 96u);
}

ReportRecord CornerRecord() {
  ReportRecord r = ExtractReport(testing::BuildReportText(
      testing::MakeConsistentReport(TemplateId::k2021, 3), testing::Layout::kRowPerLine));
  r.agency = std::string("引号\"与\\反斜杠/斜杠");
  r.agency_alias = std::nullopt;
  r.published = std::nullopt;
  r.warnings.push_back(Warning{"control", "", std::string("tab\there, newline\n, bell\x07, nul") +
                                                  std::string(1, '\0') + ", unit\x1f, del\x7f"});
  r.warnings.push_back(Warning{"utf8", "三", "cut \xE5\xB9 mid-character, lone \x80, overlong "
                                             "\xC0\xAF, surrogate \xED\xA0\x80, 4-byte 😀"});
  r.checks.push_back(Check{"balance", true, "", "", {}});
  r.checks.push_back(Check{"row_total", false, "列", "明细 \"12\" ≠ 13", {}});
  r.text_source = "ocr";
  r.ocr_confidence = 87.5;
  return r;
}

TEST(RecordJson, CornersRenderAsNlohmannDoes) {
  ReportRecord r = CornerRecord();
  ExpectSameAsReference(r, "corners");
  const std::string json = RecordToJson(r, false);
  EXPECT_NE(json.find("\\u001f"), std::string::npos) << json;  // nlohmann's lower-case escape
  EXPECT_NE(json.find("\xEF\xBF\xBD"), std::string::npos);       // U+FFFD for the invalid bytes

  for (double confidence : {0.0, 90.0, 66.66666666666667, 1e-7, 100.0}) {
    r.ocr_confidence = confidence;
    ExpectSameAsReference(r, "confidence " + std::to_string(confidence));
  }
  r.ocr_confidence = std::nullopt;
  ExpectSameAsReference(r, "OCR without a confidence");
  r.text_source = std::nullopt;
  r.year = std::nullopt;
  r.checks.clear();
  r.warnings.clear();
  ExpectSameAsReference(r, "no checks, no warnings, no year");
  r.applications.present = false;
  ExpectSameAsReference(r, "a table absent");
  r.template_id = TemplateId::kUnknown;
  ExpectSameAsReference(r, "unknown template");
  EXPECT_EQ(RecordToJson(ReportRecord{}, false), ReferenceJson(ReportRecord{}, false));
}

}  // namespace
}  // namespace xxgk::extract
