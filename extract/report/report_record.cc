// JSON rendering of the report record, keys in the order of REPORT_SCHEMA.md.
//
// The compact form is written straight into one string rather than through nlohmann's tree:
// rebuild renders every document's record to compare it with the stored one, and building
// nlohmann::ordered_json nodes (an allocation per value, a linear key lookup per member) was a
// fifth of its CPU. nlohmann stays the reference: the output is byte for byte what
// ordered_json::dump() gave (tests/extract/report/report_record_test.cc compares the two on every
// record the tests make), and nlohmann still writes what needs more than plain escaping — a
// string with a control character or invalid UTF-8, a double — and the indented form.
#include "extract/report/report_record.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "extract/text/doc_identity.h"

namespace xxgk::extract {
namespace {

using Json = nlohmann::ordered_json;

// Whether nlohmann would write `s` as '"' s '"' with only '"' and '\\' escaped: valid UTF-8
// (FindInvalidUtf8: ICU's decoder, as strict as nlohmann's) and no byte below 0x20 (nlohmann
// writes those as \n, \t, \u001f, ...; invalid UTF-8 becomes U+FFFD under
// error_handler_t::replace).
bool IsPlainJsonString(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return !FindInvalidUtf8(s);
}

// Appends JSON values and keys to one string, with the commas between members.
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(*out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Separate();
    Quote(key);
    out_.push_back(':');
    after_key_ = true;
  }
  void String(std::string_view s) {
    Separate();
    Quote(s);
  }
  void Integer(int64_t v) {
    Separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out_.append(digits, end);
  }
  void Double(double v) {  // nlohmann's shortest round-trip form ("87.5", "90.0")
    Separate();
    out_ += Json(v).dump();
  }
  void Bool(bool v) {
    Separate();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }
  void OptionalString(const std::optional<std::string>& s) {
    if (s) {
      String(*s);
    } else {
      Null();
    }
  }

 private:
  void Open(char bracket) {
    Separate();
    out_.push_back(bracket);
    first_ = true;
  }
  void Close(char bracket) {
    out_.push_back(bracket);
    first_ = false;
  }
  // A comma before every member or element but the first; none after a key.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_) {
      out_.push_back(',');
    }
    first_ = false;
  }
  void Quote(std::string_view s) {
    if (!IsPlainJsonString(s)) {
      out_ += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
    out_.reserve(out_.size() + s.size() + 2);
    out_.push_back('"');
    size_t from = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '"' || s[i] == '\\') {
        out_.append(s, from, i - from);
        out_.push_back('\\');
        out_.push_back(s[i]);
        from = i + 1;
      }
    }
    out_.append(s, from, s.size() - from);
    out_.push_back('"');
  }

  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

void WriteCell(JsonWriter& w, const CellValue& cell) {
  switch (cell.kind) {
    case CellValue::Kind::kInteger: return w.Integer(cell.integer);
    case CellValue::Kind::kDecimal: return w.String(cell.text);
    case CellValue::Kind::kNull: break;
  }
  w.Null();
}

void WriteRow(JsonWriter& w, const RowSpec& spec, const RowValues& row) {
  if (!row) return w.Null();
  const std::vector<CellValue>& cells = *row;
  switch (spec.shape) {
    case RowShape::kScalar: return WriteCell(w, cells.at(0));
    case RowShape::kArray:
      w.BeginArray();
      for (const CellValue& cell : cells) WriteCell(w, cell);
      return w.EndArray();
    case RowShape::kObject: break;
  }
  w.BeginObject();
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    w.Key(spec.columns[i].json_key);
    WriteCell(w, cells.at(i));
  }
  w.EndObject();
}

void WriteTable(JsonWriter& w, const TableSpec& spec, const TableValues& table) {
  if (!table.present) return w.Null();
  w.BeginObject();
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    w.Key(spec.rows[i].key);
    WriteRow(w, spec.rows[i], table.rows.at(i));
  }
  w.EndObject();
}

}  // namespace

std::string RecordToJson(const ReportRecord& record, bool pretty) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("schema");
  w.String(kRecordSchema);
  w.Key("doc_id");
  w.String(record.doc_id);
  w.Key("agency");
  w.OptionalString(record.agency);
  w.Key("agency_alias");
  w.OptionalString(record.agency_alias);
  w.Key("year");
  if (record.year) {
    w.Integer(*record.year);
  } else {
    w.Null();
  }
  w.Key("template");
  w.String(TemplateName(record.template_id));
  w.Key("published");
  w.OptionalString(record.published);
  if (record.text_source) {
    w.Key("text_source");
    w.String(*record.text_source);
    w.Key("ocr_confidence");
    if (record.ocr_confidence) {
      w.Double(*record.ocr_confidence);
    } else {
      w.Null();
    }
  }
  if (record.template_id == TemplateId::kUnknown) {
    for (const char* key : {"active_disclosure", "applications", "reviews_litigation"}) {
      w.Key(key);
      w.Null();
    }
  } else {
    const TemplateSpec& spec = GetTemplate(record.template_id);
    w.Key("active_disclosure");
    WriteTable(w, spec.active_disclosure, record.active_disclosure);
    w.Key("applications");
    WriteTable(w, spec.applications, record.applications);
    w.Key("reviews_litigation");
    WriteTable(w, spec.reviews_litigation, record.reviews_litigation);
  }
  w.Key("checks");
  w.BeginArray();
  for (const Check& c : record.checks) {
    w.BeginObject();
    w.Key("rule");
    w.String(c.rule);
    w.Key("ok");
    w.Bool(c.ok);
    w.Key("where");
    w.String(c.where);
    w.Key("detail");
    w.String(c.detail);
    w.EndObject();
  }
  w.EndArray();
  w.Key("warnings");
  w.BeginArray();
  for (const Warning& warning : record.warnings) {
    w.BeginObject();
    w.Key("code");
    w.String(warning.code);
    w.Key("section");
    if (warning.section.empty()) {
      w.Null();
    } else {
      w.String(warning.section);
    }
    w.Key("detail");
    w.String(warning.detail);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  if (!pretty) return out;
  return Json::parse(out).dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace xxgk::extract
