// `xxgk extract FILE...`: one JSON line per input file, in argument order: the report's record
// with a leading `file` key (the path as given, "-" for standard input), or, for a file that
// cannot be read or converted, {"file": ..., "error": ...}. The error also goes to stderr as an
// `xxgk: extract: FILE: why` line; the other files are still processed and the exit code is 1.
// docs/record.md, "Lines of xxgk extract".
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/ingest/document_input.h"
#include "crawler/cli/input_file.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"

namespace xxgk::cli {
namespace {

struct ExtractOptions {
  std::vector<std::string> files;
  bool pretty = false;
  bool summary = false;
  ingest::ConvertOptions convert;
};

size_t FailedChecks(const extract::ReportRecord& r) {
  size_t failed = 0;
  for (const auto& c : r.checks) failed += !c.ok;
  return failed;
}

std::string SectionState(const extract::TableValues& t) {
  if (!t.present) return "-";
  size_t found = 0;
  for (const auto& row : t.rows) found += row.has_value();
  return std::to_string(found) + "/" + std::to_string(t.rows.size());
}

// Pads a UTF-8 string to `width` display columns (CJK characters count two).
std::string Pad(const std::string& s, size_t width) {
  size_t columns = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += len >= 3 ? 2 : 1;
    i += len;
  }
  return columns >= width ? s + " " : s + std::string(width - columns, ' ');
}

void PrintSummaryHeader() {
  std::cout << Pad("file", 28) << Pad("agency", 24) << Pad("year", 6) << Pad("tmpl", 8)
            << Pad("published", 12) << Pad("二", 7) << Pad("三", 7) << Pad("四", 7)
            << Pad("checks", 10) << "warnings\n";
}

void PrintSummaryRow(const std::string& file, const extract::ReportRecord& r) {
  const std::string name = file.substr(file.find_last_of('/') == std::string::npos
                                           ? 0
                                           : file.find_last_of('/') + 1);
  std::string warning_codes;
  for (const auto& w : r.warnings) {
    if (warning_codes.find(w.code) == std::string::npos) {
      warning_codes += (warning_codes.empty() ? "" : ",") + w.code;
    }
  }
  std::cout << Pad(name, 28) << Pad(r.agency.value_or("?"), 24)
            << Pad(r.year ? std::to_string(*r.year) : "?", 6)
            << Pad(std::string(extract::TemplateName(r.template_id)), 8)
            << Pad(r.published.value_or("?"), 12) << Pad(SectionState(r.active_disclosure), 7)
            << Pad(SectionState(r.applications), 7) << Pad(SectionState(r.reviews_litigation), 7)
            << Pad(std::to_string(FailedChecks(r)) + " failed", 10) << warning_codes << "\n";
}

// The line for one file: {"file": FILE, then the record's keys in the schema's order}.
std::string RecordLine(const std::string& file, const extract::ReportRecord& record, bool pretty) {
  nlohmann::ordered_json line = {{"file", file}};
  nlohmann::ordered_json fields = nlohmann::ordered_json::parse(extract::RecordToJson(record, false));
  for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  return line.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The line for a file that gave no record; error texts are valid UTF-8 (paths may not be).
std::string ErrorRecordLine(const std::string& file, const std::string& error) {
  const nlohmann::ordered_json line = {{"file", file}, {"error", error}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int RunExtract(const ExtractOptions& options) {
  int exit_code = kExitOk;
  if (options.summary) PrintSummaryHeader();
  for (const std::string& file : options.files) {
    std::string error;
    std::optional<std::string> bytes =
        ReadInputFile(file, &error, options.convert.limits.max_input_bytes);
    if (bytes) {
      // Any format the archive reads (HTML, PDF, DOCX, DOC, text in any charset), as the text the
      // archive would store.
      ingest::TextReading reading =
          ingest::ReadText(*bytes, {"", file == "-" ? "" : file}, options.convert);
      if (reading.ok()) {
        *bytes = std::move(reading.doc.text);
      } else {
        error = std::move(reading.error);
        bytes.reset();
      }
    }
    if (!bytes) {
      if (!options.summary) std::cout << ErrorRecordLine(file, error) << "\n";
      std::cout.flush();
      ErrorLine() << file << ": " << error << "\n";
      exit_code = kExitFailure;
      continue;
    }
    const extract::ReportRecord record = extract::ExtractReport(*bytes);
    if (options.summary) {
      PrintSummaryRow(file, record);
    } else {
      std::cout << RecordLine(file, record, options.pretty) << "\n";
    }
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace

Command AddExtractCommand(CLI::App& parent) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* app = parent.add_subcommand(
      "extract",
      "Read annual-report documents and write one checked JSON record per file to standard "
      "output, one per line (JSON Lines, schema xxgk/report-1), in argument order, each with a "
      "\"file\" key (the path as given). A file that cannot be read gives the line "
      "{\"file\": ..., \"error\": ...} and an error on stderr; the exit code is then 1.");
  app->add_option("FILE", options->files,
                  "documents (text, HTML, PDF, DOCX, DOC/WPS; any charset); '-' reads standard "
                  "input")
      ->required();
  AddConversionOptions(app, &options->convert);
  app->add_flag("--pretty", options->pretty, "indent each JSON record (no longer one per line)");
  app->add_flag("--summary", options->summary,
                "print a table (agency, year, template, rows found, failed checks, warnings) "
                "instead of JSON");
  return Command{app, [options] { return RunExtract(*options); }};
}

}  // namespace xxgk::cli
