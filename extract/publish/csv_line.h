// CSV lines (RFC 4180) for the exports: fields joined by commas, a field quoted when it holds a
// comma, a quote, CR or LF (quotes doubled), each line ended by CRLF. kUtf8Bom starts a file so
// that spreadsheets read it as UTF-8.
//
// Spreadsheets guess a type for every CSV cell: Excel and LibreOffice turn the doc_id
// 0541808197109430 into 541808197109430 and 90792312489773e4 into 9.08E+17, and dates into
// serial numbers. SpreadsheetText writes such a value as the formula ="0541808197109430", which
// both evaluate to the text itself (the form Excel documents for keeping leading zeros); a
// program reading the CSV strips the `="` and `"` (docs/archive.md says so).
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string CsvField(std::string_view field);
std::string CsvLine(const std::vector<std::string>& fields);

// `="value"` (quotes inside doubled), "" for an empty value: a cell spreadsheets keep as text.
std::string SpreadsheetText(std::string_view value);

}  // namespace xxgk::extract
