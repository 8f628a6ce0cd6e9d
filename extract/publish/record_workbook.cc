// The records as an XLSX workbook. See record_workbook.h.
#include "extract/publish/record_workbook.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/temp_file.h"
#include "extract/publish/record_columns.h"

namespace xxgk::extract {
namespace {

// A plain integer a spreadsheet holds exactly (at most 15 digits).
bool IsPlainInteger(const std::string& s) {
  const size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  return s.size() > start && s.size() - start <= 15 &&
         s.find_first_not_of("0123456789", start) == std::string::npos &&
         (s[start] != '0' || s.size() == start + 1);
}

std::string Text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace

RecordWorkbook::~RecordWorkbook() {
  if (workbook_) {
    workbook_close(workbook_);
    std::remove(tmp_.c_str());
  }
}

Status RecordWorkbook::Open(const std::string& path) {
  path_ = path;
  // libxlsxwriter (1.1.4) writes only to a file name: the name is reserved by creating the file
  // fresh (O_EXCL, never a planted link; base/temp_file.h), and libxlsxwriter then truncates and
  // writes that very file.
  const int fd = CreateTemporaryBeside(path, &tmp_);
  if (fd < 0) return Status::Error(path + ": " + std::strerror(errno));
  ::close(fd);
  workbook_ = workbook_new(tmp_.c_str());
  if (!workbook_) std::remove(tmp_.c_str());
  if (!workbook_) return Status::Error(path + ": cannot create the workbook");
  reports_ = workbook_add_worksheet(workbook_, "reports");
  failures_ = workbook_add_worksheet(workbook_, "check_failures");
  bold_ = workbook_add_format(workbook_);
  format_set_bold(bold_);
  const std::vector<std::string>& names = RecordColumnNames();
  for (size_t i = 0; i < names.size(); ++i) {
    worksheet_write_string(reports_, 0, static_cast<lxw_col_t>(i), names[i].c_str(), bold_);
  }
  const char* failure_names[] = {"seq", "doc_id", "agency", "rule", "where", "detail"};
  for (lxw_col_t i = 0; i < 6; ++i) worksheet_write_string(failures_, 0, i, failure_names[i], bold_);
  worksheet_freeze_panes(reports_, 1, 0);
  worksheet_freeze_panes(failures_, 1, 0);
  return Status::Ok();
}

void RecordWorkbook::AddReport(const std::vector<std::string>& values,
                               const nlohmann::json& record) {
  const std::vector<std::string>& names = RecordColumnNames();
  for (size_t i = 0; i < values.size() && i < names.size(); ++i) {
    const lxw_col_t col = static_cast<lxw_col_t>(i);
    if (values[i].empty()) continue;
    if (!IsTextColumn(names[i]) && IsPlainInteger(values[i])) {
      worksheet_write_number(reports_, report_row_, col, std::stod(values[i]), nullptr);
    } else {
      worksheet_write_string(reports_, report_row_, col, values[i].c_str(), nullptr);
    }
  }
  const auto checks = record.find("checks");
  if (checks != record.end() && checks->is_array()) {
    for (const nlohmann::json& check : *checks) {
      if (!check.is_object() || check.value("ok", true)) continue;
      const std::string cells[] = {values.size() > 0 ? values[0] : "",
                                   values.size() > 1 ? values[1] : "",
                                   Text(record.value("agency", nlohmann::json())),
                                   Text(check.value("rule", nlohmann::json())),
                                   Text(check.value("where", nlohmann::json())),
                                   Text(check.value("detail", nlohmann::json()))};
      for (lxw_col_t c = 0; c < 6; ++c) {
        if (c == 0 && IsPlainInteger(cells[c])) {
          worksheet_write_number(failures_, failure_row_, c, std::stod(cells[c]), nullptr);
        } else {
          worksheet_write_string(failures_, failure_row_, c, cells[c].c_str(), nullptr);
        }
      }
      ++failure_row_;
    }
  }
  ++report_row_;
}

Status RecordWorkbook::Close() {
  const lxw_error error = workbook_close(workbook_);
  workbook_ = nullptr;
  if (error != LXW_NO_ERROR) {
    std::remove(tmp_.c_str());
    return Status::Error(path_ + ": cannot write the workbook: " + lxw_strerror(error));
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp_.c_str());
    return Status::Error(path_ + ": " + why);
  }
  return Status::Ok();
}

}  // namespace xxgk::extract
