// RecordWorkbook: the records as an XLSX workbook (libxlsxwriter), for people who open exports
// in Excel or LibreOffice. Sheet "reports": the header of record_columns.h (bold, frozen), one row
// per report; doc_id, first_seen and published (IsTextColumn) and every value that is not a plain
// integer are string cells, so nothing is reinterpreted (a doc_id keeps its leading zero, a fee
// keeps its digits as written); integers are number cells. Sheet "check_failures": one row per
// failed check (seq, doc_id, agency, rule, where, detail).
// The file appears complete or not at all: written as a fresh FILE.tmp.XXXXXXXX (never a planted
// link: base/temp_file.h) and renamed by Close.
// Not thread-safe: one writer thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace xxgk::extract {

class RecordWorkbook {
 public:
  RecordWorkbook() = default;
  RecordWorkbook(const RecordWorkbook&) = delete;
  RecordWorkbook& operator=(const RecordWorkbook&) = delete;
  ~RecordWorkbook();  // an unclosed workbook leaves no file behind

  Status Open(const std::string& path);
  // `values`: RecordColumnValues(record, context), in RecordColumnNames() order.
  void AddReport(const std::vector<std::string>& values, const nlohmann::json& record);
  Status Close();

 private:
  std::string path_, tmp_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* reports_ = nullptr;
  lxw_worksheet* failures_ = nullptr;
  lxw_format* bold_ = nullptr;
  uint32_t report_row_ = 1, failure_row_ = 1;
};

}  // namespace xxgk::extract
