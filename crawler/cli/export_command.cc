// `xxgk export`: writes what the archive holds, in sequence order.
//   --txt OUTDIR   every document as OUTDIR/NNN_<doc_id>.txt (NNN: sequence number, at least 3
//                  digits), the same naming as the sample reports;
//   --jsonl FILE   the records, one JSON object per line ('-' is standard output), each with a
//                  `source` object: where it was published (store/source_provenance.h), and
//                  when the portal took it down (removed_since, removed_reason: removal.h);
//   --csv FILE     one row per report: its identity, where it was published (the `source`
//                  object's keys), one column per table cell (extract/publish/record_columns.h),
//                  UTF-8 with a byte-order mark and CRLF line ends so spreadsheets open it;
//                  doc_id and dates as ="…" text cells (csv_line.h);
//   --xlsx FILE    the same rows as a workbook, and a sheet of failed checks (record_workbook.h).
// --since DATE keeps documents first archived on or after DATE (a date that does not exist is a
// usage error); --county NAME keeps reports whose agency contains NAME. --txt refuses a folder
// that is not empty unless --force. SIGINT/SIGTERM stop between documents: the unfinished
// JSON Lines and CSV files are removed, the summary printed, exit 1.
// The file names and their atomic writes are store/document_file.h's, the CSV lines
// extract/publish/csv_line.h's, the stream outputs output_file.h's: nothing is written outside
// OUTDIR whatever the archive holds, and output files appear complete or not at all.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/interrupt.h"
#include "crawler/cli/output_file.h"
#include "crawler/cli/progress.h"
#include "crawler/cli/warc_export_command.h"
#include "crawler/harvest/removal.h"
#include "extract/publish/csv_line.h"
#include "extract/publish/record_columns.h"
#include "extract/publish/record_workbook.h"
#include "store/archive.h"
#include "store/document_file.h"
#include "store/source_provenance.h"

namespace xxgk::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr size_t kScanBatch = 256;

struct ExportOptions {
  ArchiveLocation location;
  std::string txt_dir, jsonl_file, csv_file, xlsx_file, since, county;
  bool force = false;  // --txt into a folder that holds files already
  bool json = false;   // the summary as one JSON object
  WarcExportFlags warc;  // --warc, --cdxj (warc_export_command.h)
};

std::string AgencyOf(const Json& record) {
  auto agency = record.find("agency");
  return agency != record.end() && agency->is_string() ? agency->get<std::string>() : "";
}

// YYYY-MM-DD naming a day of the calendar (not 2026-13-45, not 2026-02-30).
bool IsCalendarDate(const std::string& text) {
  if (!std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2})"))) return false;
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(text.substr(0, 4))),
                                        std::chrono::month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                                        std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
  return day.ok();
}

struct ExportTally {
  uint64_t documents = 0, texts = 0, records = 0, rows = 0, sheet_rows = 0, without_record = 0,
           failed = 0;
};

int RunExport(const ExportOptions& options) {
  if (!options.warc.warc_file.empty() || !options.warc.cdxj_file.empty()) {
    WarcExportFlags warc = options.warc;
    warc.json = options.json;
    const int code = RunWarcExport(options.location, warc);
    if (code != kExitOk || (options.txt_dir.empty() && options.jsonl_file.empty() &&
                            options.csv_file.empty() && options.xlsx_file.empty())) {
      return code;
    }
  }
  if (options.txt_dir.empty() && options.jsonl_file.empty() && options.csv_file.empty() &&
      options.xlsx_file.empty()) {
    ErrorLine() << "nothing to export: give --txt OUTDIR, --jsonl FILE, --csv FILE and/or --xlsx FILE "
                 "(see 'xxgk export --help')\n";
    return kExitUsage;
  }
  if (!options.since.empty() && !IsCalendarDate(options.since)) {
    ErrorLine() << "--since: wants a date YYYY-MM-DD that exists, not '" << options.since << "'\n";
    return kExitUsage;
  }
  InterruptWatch interrupt;  // Ctrl-C: stop between documents, discard the partial outputs
  std::string dir, error;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(options.location, /*create=*/false, &dir, &exit_code,
                          /*read_only=*/true);
  if (!archive) return exit_code;
  int txt_fd = -1;
  if (!options.txt_dir.empty()) {
    std::error_code ec;
    // Exporting over an earlier export would silently mix old and new files.
    if (!options.force && fs::is_directory(options.txt_dir, ec) &&
        !fs::is_empty(options.txt_dir, ec)) {
      ErrorLine() << options.txt_dir << ": refused: the folder is not empty (--force writes "
                  << "into it anyway, replacing files of the same name)\n";
      return kExitUsage;
    }
    fs::create_directories(options.txt_dir, ec);
    txt_fd = ::open(options.txt_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (txt_fd < 0) {
      ErrorLine() << options.txt_dir << ": cannot use as output folder: "
                << (ec ? ec.message() : std::strerror(errno)) << "\n";
      return kExitFailure;
    }
  }
  OutputFile jsonl, csv;
  if ((!options.jsonl_file.empty() && !jsonl.Open(options.jsonl_file, &error)) ||
      (!options.csv_file.empty() && !csv.Open(options.csv_file, &error))) {
    ErrorLine() << error << "\n";
    if (txt_fd >= 0) ::close(txt_fd);
    return kExitFailure;
  }
  extract::RecordWorkbook xlsx;
  if (!options.xlsx_file.empty()) {
    if (Status s = xlsx.Open(options.xlsx_file); !s.ok()) {
      ErrorLine() << s.message() << "\n";
      if (txt_fd >= 0) ::close(txt_fd);
      return kExitFailure;
    }
  }
  if (!options.csv_file.empty()) csv.Write(std::string(extract::kUtf8Bom) + extract::CsvLine(extract::RecordColumnNames()));

  // Reports the portal took down (crawler/harvest/removal.h): `source.removed_since` and
  // `source.removed_reason` on their rows.
  std::map<std::string, store::GoneMark> gone;
  if (Status s = harvest::ReadGoneMarks(*archive, &gone); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  Progress progress("exporting", counts.documents);
  ExportTally tally;
  std::vector<store::StoredDocument> batch;
  uint64_t next = 0, scanned = 0;
  bool stop = false;  // an output folder that cannot be written (full disk) ends the export
  while (!stop && !interrupt.interrupted()) {
    if (Status s = archive->ScanDocuments(next, kScanBatch, &batch, &next); !s.ok()) {
      ErrorLine() << s.message() << "\n";
      ++tally.failed;
      break;
    }
    if (batch.empty()) break;
    for (const store::StoredDocument& doc : batch) {
      if (interrupt.interrupted()) break;
      progress.Update(++scanned);
      if (!store::IsDocId(doc.info.doc_id) || !doc.text_error.empty()) {
        ErrorLine() << "document #" << doc.info.seq << ": "
                  << (doc.text_error.empty() ? "malformed doc_id in the archive" : doc.text_error)
                  << "; skipped (run 'xxgk rebuild')\n";
        ++tally.failed;
        continue;
      }
      if (!options.since.empty() && doc.info.first_seen < options.since) continue;
      std::optional<store::StoredRecord> record;
      std::optional<Json> json;
      if (Status s = archive->GetRecord(doc.info.doc_id, &record); s.ok() && record) {
        Json parsed = Json::parse(record->json, nullptr, false);
        if (parsed.is_object()) json = std::move(parsed);
      }
      if (!options.county.empty() &&
          (!json || AgencyOf(*json).find(options.county) == std::string::npos)) {
        continue;
      }
      ++tally.documents;
      if (txt_fd >= 0) {
        const std::string name = store::DocumentFileName(doc.info.seq, doc.info.doc_id);
        if (Status s = store::WriteFileInDirectory(txt_fd, name, doc.text); !s.ok()) {
          ErrorLine() << options.txt_dir << "/" << name << ": " << s.message()
                    << "\n";
          ++tally.failed;
          stop = true;
          break;
        }
        ++tally.texts;
      }
      if (!json) {
        ++tally.without_record;
        continue;
      }
      // Where it was published, for every exported row (the JSON Lines' `source`, the CSV's
      // and workbook's source.* columns).
      nlohmann::ordered_json source;
      if (std::vector<store::DocumentSource> sources;
          archive->GetSources(doc.info.doc_id, &sources).ok()) {
        source = store::SourceProvenance(sources);
        if (const std::optional<harvest::Removal> removal = harvest::RemovalOf(sources, gone);
            removal && source.is_object()) {
          source["removed_since"] = removal->since;
          source["removed_reason"] = removal->reason;
        }
      }
      if (!options.jsonl_file.empty()) {
        // The record as stored (its keys in the schema's order), with where it was published.
        nlohmann::ordered_json line = nlohmann::ordered_json::parse(record->json, nullptr, false);
        if (line.is_object()) {
          line["source"] = source;
          jsonl.Write(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        } else {
          jsonl.Write(record->json + "\n");
        }
        ++tally.records;
      }
      const extract::RecordRowContext row{std::to_string(doc.info.seq), doc.info.first_seen,
                                          Json(source)};
      if (!options.xlsx_file.empty()) {
        xlsx.AddReport(extract::RecordColumnValues(*json, row), *json);
        ++tally.sheet_rows;
      }
      if (!options.csv_file.empty()) {
        std::vector<std::string> values = extract::RecordColumnValues(*json, row);
        for (size_t i = 0; i < values.size(); ++i) {
          if (extract::IsTextColumn(extract::RecordColumnNames()[i])) {
            values[i] = extract::SpreadsheetText(values[i]);
          }
        }
        csv.Write(extract::CsvLine(values));
        ++tally.rows;
      }
    }
  }
  progress.Finish();
  if (txt_fd >= 0) {
    ::fsync(txt_fd);
    ::close(txt_fd);
  }
  if (interrupt.interrupted()) {
    // The OutputFiles' temporaries are removed as they go out of scope; the texts written so far
    // are complete files.
    ErrorLine() << "interrupted: " << tally.texts << " texts written"
                << (options.txt_dir.empty() ? "" : " to " + options.txt_dir + "/")
                << "; the unfinished JSON Lines and CSV files are removed\n";
    return kExitFailure;
  }
  if ((!options.jsonl_file.empty() && !jsonl.Commit(&error)) ||
      (!options.csv_file.empty() && !csv.Commit(&error))) {
    ErrorLine() << error << "\n";
    return kExitFailure;
  }
  if (!options.xlsx_file.empty()) {
    if (Status s = xlsx.Close(); !s.ok()) {
      ErrorLine() << s.message() << "\n";
      return kExitFailure;
    }
  }
  std::ostream& out = options.jsonl_file == "-" || options.csv_file == "-" ? std::cerr : std::cout;
  if (options.json) {
    const Json summary = {{"command", "export"}, {"archive", dir}, {"documents", tally.documents},
                          {"texts", tally.texts}, {"records", tally.records}, {"csv_rows", tally.rows},
                          {"xlsx_rows", tally.sheet_rows}, {"without_record", tally.without_record},
                          {"failed", tally.failed}};
    out << summary.dump() << "\n";
    return tally.failed > 0 ? kExitFailure : kExitOk;
  }
  out << "exported " << tally.documents << " documents from " << dir << ":";
  if (txt_fd >= 0) out << " " << tally.texts << " texts to " << options.txt_dir << "/";
  if (!options.jsonl_file.empty()) out << " " << tally.records << " records to " << options.jsonl_file;
  if (!options.csv_file.empty()) out << " " << tally.rows << " rows to " << options.csv_file;
  if (!options.xlsx_file.empty()) out << " " << tally.sheet_rows << " rows to " << options.xlsx_file;
  if (tally.without_record > 0) out << " (" << tally.without_record << " without a record)";
  if (tally.failed > 0) out << "; " << tally.failed << " failed";
  out << "\n";
  return tally.failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

Command AddExportCommand(CLI::App& parent) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* app = parent.add_subcommand(
      "export",
      "Write the archive's documents as NNN_<doc_id>.txt files, its records as JSON Lines, and/or "
      "one CSV row per report, in archive order.");
  AddArchiveOptions(app, &options->location);
  app->add_option("--txt", options->txt_dir, "folder for the document texts (created if needed)");
  app->add_option("--jsonl", options->jsonl_file, "file for the records, one JSON per line ('-': stdout)");
  app->add_option("--csv", options->csv_file, "file for one CSV row per report (UTF-8 with BOM)");
  app->add_option("--xlsx", options->xlsx_file,
                  "workbook: a sheet of reports (doc_ids and dates as text) and one of failed checks");
  app->add_option("--since", options->since, "only documents first archived on or after YYYY-MM-DD");
  app->add_flag("--json", options->json, "print the summary as one JSON object");
  app->add_flag("--force", options->force,
                "--txt into a folder that is not empty (files of the same name are replaced)");
  app->add_option("--county", options->county, "only reports whose agency contains this name");
  AddWarcExportOptions(app, &options->warc);
  return Command{app, [options] { return RunExport(*options); }};
}

}  // namespace xxgk::cli
