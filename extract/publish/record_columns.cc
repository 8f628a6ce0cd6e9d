// Record → named cells. See record_columns.h. The cell columns are generated from the template
// data (report_template), so a row added to a template appears here without further code.
#include "extract/publish/record_columns.h"

#include <array>
#include <set>

#include "extract/report/report_template.h"

namespace xxgk::extract {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 7> kApplicantKeys = {
    "natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total"};
constexpr std::array<std::string_view, 10> kSummaryColumns = {
    "seq",      "doc_id",    "first_seen",    "agency",  "agency_alias",
    "year",     "template",  "published",     "checks_failed", "warnings"};
// The keys of the `source` object (store/source_provenance.h), each a column "source.<key>".
constexpr std::array<std::string_view, 12> kSourceKeys = {
    "kind",   "url",       "page",          "title",         "fetched_at",    "content_type",
    "code",   "column",    "list_date",     "copies",        "removed_since", "removed_reason"};

// Where a cell column finds its value in the record.
struct CellPath {
  std::string table, row;
  std::string key;     // object member; empty for a scalar row or an array cell
  int index = -1;      // array cell
};

struct ColumnTable {
  std::vector<std::string> names;
  std::vector<CellPath> cells;  // parallel to names after the summary columns
};

void AddTableColumns(std::string_view table_key, const TableSpec& table, std::set<std::string>* seen,
                     ColumnTable* out) {
  auto add = [&](std::string name, CellPath path) {
    if (!seen->insert(name).second) return;
    out->names.push_back(std::move(name));
    out->cells.push_back(std::move(path));
  };
  for (const RowSpec& row : table.rows) {
    const std::string base = std::string(table_key) + "." + std::string(row.key);
    const CellPath path{std::string(table_key), std::string(row.key), "", -1};
    switch (row.shape) {
      case RowShape::kScalar: add(base, path); break;
      case RowShape::kArray:
        for (size_t i = 0; i < row.columns.size() && i < kApplicantKeys.size(); ++i) {
          CellPath p = path;
          p.index = static_cast<int>(i);
          add(base + "." + std::string(kApplicantKeys[i]), p);
        }
        break;
      case RowShape::kObject:
        for (const ColumnSpec& column : row.columns) {
          CellPath p = path;
          p.key = std::string(column.json_key);
          add(base + "." + p.key, p);
        }
        break;
    }
  }
}

const ColumnTable& Columns() {
  static const ColumnTable table = [] {
    ColumnTable t;
    for (std::string_view name : kSummaryColumns) t.names.emplace_back(name);
    for (std::string_view key : kSourceKeys) t.names.push_back("source." + std::string(key));
    std::set<std::string> seen;
    for (TemplateId id : {TemplateId::k2021, TemplateId::k2019}) {
      const TemplateSpec& spec = GetTemplate(id);
      AddTableColumns("active_disclosure", spec.active_disclosure, &seen, &t);
      AddTableColumns("applications", spec.applications, &seen, &t);
      AddTableColumns("reviews_litigation", spec.reviews_litigation, &seen, &t);
    }
    return t;
  }();
  return table;
}

std::string Scalar(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return "";
}

// The value at `path`, or null when the record's template has no such cell.
const Json& Lookup(const Json& record, const CellPath& path) {
  static const Json kNull;
  auto table = record.find(path.table);
  if (table == record.end() || !table->is_object()) return kNull;
  auto row = table->find(path.row);
  if (row == table->end()) return kNull;
  if (path.index >= 0) {
    return row->is_array() && static_cast<size_t>(path.index) < row->size()
               ? (*row)[static_cast<size_t>(path.index)]
               : kNull;
  }
  if (path.key.empty()) return row->is_object() || row->is_array() ? kNull : *row;
  if (!row->is_object()) return kNull;
  auto cell = row->find(path.key);
  return cell == row->end() ? kNull : *cell;
}

std::string Member(const Json& record, const char* key) {
  auto it = record.find(key);
  return it == record.end() ? std::string() : Scalar(*it);
}

}  // namespace

const std::vector<std::string>& RecordColumnNames() { return Columns().names; }

bool IsTextColumn(std::string_view name) {
  return name == "doc_id" || name == "first_seen" || name == "published" ||
         name == "source.fetched_at" || name == "source.list_date" || name == "source.code" ||
         name == "source.removed_since";
}

std::vector<std::string> RecordColumnValues(const Json& record, const RecordRowContext& context) {
  const ColumnTable& columns = Columns();
  std::vector<std::string> values;
  values.reserve(columns.names.size());
  size_t failed = 0;
  if (auto checks = record.find("checks"); checks != record.end() && checks->is_array()) {
    for (const Json& c : *checks) failed += c.is_object() && c.value("ok", true) == false;
  }
  std::string warnings;
  if (auto list = record.find("warnings"); list != record.end() && list->is_array()) {
    std::set<std::string> codes;
    for (const Json& w : *list) {
      if (!w.is_object()) continue;
      const std::string code = Member(w, "code");
      if (codes.insert(code).second) warnings += (warnings.empty() ? "" : ";") + code;
    }
  }
  values = {context.seq,
            Member(record, "doc_id"),
            context.first_seen,
            Member(record, "agency"),
            Member(record, "agency_alias"),
            Member(record, "year"),
            Member(record, "template"),
            Member(record, "published"),
            std::to_string(failed),
            warnings};
  for (std::string_view key : kSourceKeys) {
    std::string value;
    if (context.source.is_object()) {
      if (auto it = context.source.find(key); it != context.source.end()) {
        if (it->is_array()) {
          for (const Json& item : *it) value += (value.empty() ? "" : ";") + Scalar(item);
        } else {
          value = Scalar(*it);
        }
      }
    }
    values.push_back(std::move(value));
  }
  for (const CellPath& path : columns.cells) values.push_back(Scalar(Lookup(record, path)));
  return values;
}

}  // namespace xxgk::extract
