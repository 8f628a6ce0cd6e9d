// JSON rendering of the report record, keys in the order of REPORT_SCHEMA.md.
#include "extract/report/report_record.h"

#include <nlohmann/json.hpp>

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

}  // namespace

std::string RecordToJson(const ReportRecord& record, bool pretty) {
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

}  // namespace xxgk::extract
