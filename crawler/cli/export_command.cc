// `xxgk export`: writes what the archive holds, in sequence order.
//   --txt OUTDIR   every document as OUTDIR/NNN_<doc_id>.txt (NNN: sequence number, at least 3
//                  digits), the same naming as the sample reports;
//   --jsonl FILE   the records, one JSON object per line ('-' is standard output);
//   --csv FILE     one row per report, one column per table cell (extract/publish/record_columns.h),
//                  UTF-8 with a byte-order mark and CRLF line ends so spreadsheets open it.
// --since DATE keeps documents first archived on or after DATE; --county NAME keeps reports
// whose agency contains NAME.
// Names are built only from the sequence number and a doc_id checked to be 16 hex digits, and
// files are created with O_NOFOLLOW and renamed into place, so nothing is written outside OUTDIR
// whatever the archive holds. Output files appear complete or not at all.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/progress.h"
#include "crawler/cli/warc_export_command.h"
#include "extract/publish/record_columns.h"
#include "store/archive.h"

namespace xxgk::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr size_t kScanBatch = 256;

struct ExportOptions {
  ArchiveLocation location;
  std::string txt_dir, jsonl_file, csv_file, since, county;
  WarcExportFlags warc;  // --warc, --cdxj (warc_export_command.h)
};

bool IsDocId(std::string_view s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string TextFileName(uint64_t seq, std::string_view doc_id) {
  char number[24];
  std::snprintf(number, sizeof number, "%03llu", static_cast<unsigned long long>(seq));
  return std::string(number) + "_" + std::string(doc_id) + ".txt";
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Writes `name` inside the directory `dir_fd` atomically: a temporary file (never following a
// link), synced, then renamed over the name. Returns an error message or "".
std::string WriteFileAt(int dir_fd, const std::string& name, std::string_view data) {
  const std::string tmp = "." + name + ".tmp";
  ::unlinkat(dir_fd, tmp.c_str(), 0);
  const int fd = ::openat(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  const bool ok = WriteAll(fd, data);
  const int saved = errno;
  if (::close(fd) != 0 || !ok) {
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    return std::strerror(ok ? errno : saved);
  }
  if (::renameat(dir_fd, tmp.c_str(), dir_fd, name.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    return why;
  }
  return "";
}

// A stream output written to FILE.tmp and renamed at the end ('-': standard output).
class OutputFile {
 public:
  bool Open(const std::string& path, std::string* error) {
    path_ = path;
    if (path == "-") return true;
    tmp_ = path + ".tmp";
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (!file_) *error = path + ": " + std::strerror(errno);
    return file_ != nullptr;
  }
  void Write(std::string_view data) {
    std::FILE* f = file_ ? file_ : stdout;
    if (std::fwrite(data.data(), 1, data.size(), f) != data.size()) failed_ = true;
  }
  bool Commit(std::string* error) {
    if (!file_) return std::fflush(stdout) == 0;
    const bool ok = !failed_ && std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
    const int saved = errno;
    std::fclose(file_);
    file_ = nullptr;
    if (!ok || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      *error = path_ + ": " + std::strerror(ok ? errno : saved);
      std::remove(tmp_.c_str());
      return false;
    }
    return true;
  }
  ~OutputFile() {
    if (file_) {
      std::fclose(file_);
      std::remove(tmp_.c_str());
    }
  }

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += CsvField(fields[i]);
  }
  return line + "\r\n";
}

std::string AgencyOf(const Json& record) {
  auto agency = record.find("agency");
  return agency != record.end() && agency->is_string() ? agency->get<std::string>() : "";
}

struct ExportTally {
  uint64_t documents = 0, texts = 0, records = 0, rows = 0, without_record = 0, failed = 0;
};

int RunExport(const ExportOptions& options) {
  if (!options.warc.warc_file.empty() || !options.warc.cdxj_file.empty()) {
    const int code = RunWarcExport(options.location, options.warc);
    if (code != kExitOk || (options.txt_dir.empty() && options.jsonl_file.empty() && options.csv_file.empty())) return code;
  }
  if (options.txt_dir.empty() && options.jsonl_file.empty() && options.csv_file.empty()) {
    std::cerr << "xxgk: error: nothing to export: give --txt OUTDIR, --jsonl FILE and/or --csv FILE "
                 "(see 'xxgk export --help')\n";
    return kExitUsage;
  }
  if (!options.since.empty() && !std::regex_match(options.since, std::regex(R"(\d{4}-\d{2}-\d{2})"))) {
    std::cerr << "xxgk: error: --since wants a date YYYY-MM-DD, not '" << options.since << "'\n";
    return kExitUsage;
  }
  std::string dir, error;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenArchive(options.location, /*create=*/false, &dir, &exit_code);
  if (!archive) return exit_code;
  int txt_fd = -1;
  if (!options.txt_dir.empty()) {
    std::error_code ec;
    fs::create_directories(options.txt_dir, ec);
    txt_fd = ::open(options.txt_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (txt_fd < 0) {
      std::cerr << "xxgk: error: " << options.txt_dir << ": cannot use as output folder: "
                << (ec ? ec.message() : std::strerror(errno)) << "\n";
      return kExitFailure;
    }
  }
  OutputFile jsonl, csv;
  if ((!options.jsonl_file.empty() && !jsonl.Open(options.jsonl_file, &error)) ||
      (!options.csv_file.empty() && !csv.Open(options.csv_file, &error))) {
    std::cerr << "xxgk: error: " << error << "\n";
    if (txt_fd >= 0) ::close(txt_fd);
    return kExitFailure;
  }
  if (!options.csv_file.empty()) csv.Write("\xEF\xBB\xBF" + CsvLine(extract::RecordColumnNames()));

  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  Progress progress("exporting", counts.documents);
  ExportTally tally;
  std::vector<store::StoredDocument> batch;
  uint64_t next = 0, scanned = 0;
  bool stop = false;  // an output folder that cannot be written (full disk) ends the export
  while (!stop) {
    if (Status s = archive->ScanDocuments(next, kScanBatch, &batch, &next); !s.ok()) {
      std::cerr << "xxgk: error: " << s.message() << "\n";
      ++tally.failed;
      break;
    }
    if (batch.empty()) break;
    for (const store::StoredDocument& doc : batch) {
      progress.Update(++scanned);
      if (!IsDocId(doc.info.doc_id) || !doc.text_error.empty()) {
        std::cerr << "xxgk: document #" << doc.info.seq << ": "
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
        const std::string name = TextFileName(doc.info.seq, doc.info.doc_id);
        if (std::string why = WriteFileAt(txt_fd, name, doc.text); !why.empty()) {
          std::cerr << "xxgk: error: " << options.txt_dir << "/" << name << ": " << why << "\n";
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
      if (!options.jsonl_file.empty()) {
        jsonl.Write(record->json + "\n");
        ++tally.records;
      }
      if (!options.csv_file.empty()) {
        csv.Write(CsvLine(extract::RecordColumnValues(
            *json, extract::RecordRowContext{std::to_string(doc.info.seq), doc.info.first_seen})));
        ++tally.rows;
      }
    }
  }
  progress.Finish();
  if (txt_fd >= 0) {
    ::fsync(txt_fd);
    ::close(txt_fd);
  }
  if ((!options.jsonl_file.empty() && !jsonl.Commit(&error)) ||
      (!options.csv_file.empty() && !csv.Commit(&error))) {
    std::cerr << "xxgk: error: " << error << "\n";
    return kExitFailure;
  }
  std::ostream& out = options.jsonl_file == "-" || options.csv_file == "-" ? std::cerr : std::cout;
  out << "exported " << tally.documents << " documents from " << dir << ":";
  if (txt_fd >= 0) out << " " << tally.texts << " texts to " << options.txt_dir << "/";
  if (!options.jsonl_file.empty()) out << " " << tally.records << " records to " << options.jsonl_file;
  if (!options.csv_file.empty()) out << " " << tally.rows << " rows to " << options.csv_file;
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
  app->add_option("--since", options->since, "only documents first archived on or after YYYY-MM-DD");
  app->add_option("--county", options->county, "only reports whose agency contains this name");
  AddWarcExportOptions(app, &options->warc);
  return Command{app, [options] { return RunExport(*options); }};
}

}  // namespace xxgk::cli
