// `xxgk stats`: what the archive holds — documents, payload bytes, records by template and year,
// failed checks by rule, warnings by code, payloads kept for later (pending) by code and format,
// URL index and fetch log sizes. `--json` prints the same as one JSON object for scripts.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/progress.h"
#include "store/archive.h"

namespace xxgk::cli {
namespace {

using Json = nlohmann::ordered_json;

struct StatsOptions {
  ArchiveLocation location;
  bool json = false;
};

struct RecordStats {
  std::map<std::string, uint64_t> by_template, by_year, failed_by_rule, warnings_by_code;
  uint64_t with_failed_checks = 0, unreadable = 0, outdated = 0;
  std::map<int, uint64_t> by_extractor_version;
};

void AddRecord(const store::StoredRecord& stored, RecordStats* stats) {
  ++stats->by_extractor_version[stored.extractor_version];
  const Json r = Json::parse(stored.json, nullptr, false);
  if (!r.is_object()) {
    ++stats->unreadable;
    return;
  }
  ++stats->by_template[r.value("template", std::string("unknown"))];
  const auto year = r.find("year");
  ++stats->by_year[year != r.end() && year->is_number_integer() ? std::to_string(year->get<int>()) : "unknown"];
  std::set<std::string> failed_rules, codes;
  if (auto checks = r.find("checks"); checks != r.end() && checks->is_array()) {
    for (const Json& c : *checks) {
      if (c.is_object() && !c.value("ok", true)) failed_rules.insert(c.value("rule", std::string("?")));
    }
  }
  if (auto warnings = r.find("warnings"); warnings != r.end() && warnings->is_array()) {
    for (const Json& w : *warnings) {
      if (w.is_object()) codes.insert(w.value("code", std::string("?")));
    }
  }
  stats->with_failed_checks += !failed_rules.empty();
  for (const auto& rule : failed_rules) ++stats->failed_by_rule[rule];
  for (const auto& code : codes) ++stats->warnings_by_code[code];
}

struct PendingStats {
  std::map<std::string, uint64_t> by_code, by_format;
};

Status ReadPending(const store::Archive& archive, PendingStats* stats) {
  std::vector<store::PendingPayload> batch;
  std::string next;
  do {
    if (Status s = archive.ScanPending(next, 1024, &batch, &next); !s.ok()) return s;
    for (const store::PendingPayload& p : batch) {
      ++stats->by_code[p.code.empty() ? "unknown" : p.code];
      ++stats->by_format[p.format.empty() ? "unknown" : p.format];
    }
  } while (!next.empty());
  return Status::Ok();
}

std::string Bytes(uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string Counts(const std::map<std::string, uint64_t>& m) {
  if (m.empty()) return "-";
  std::string out;
  for (const auto& [key, n] : m) out += (out.empty() ? "" : ", ") + key + ": " + std::to_string(n);
  return out;
}

int RunStats(const StatsOptions& options) {
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(options.location, /*create=*/false, &dir, &exit_code, /*read_only=*/true);
  if (!archive) return exit_code;
  store::ArchiveCounts counts;
  store::ArchiveSizes sizes;
  if (Status s = archive->Counts(&counts); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  if (Status s = archive->Sizes(&sizes); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  RecordStats records;
  std::vector<std::pair<std::string, store::StoredRecord>> batch;
  std::string next;
  Progress progress("reading records", counts.records);
  uint64_t read = 0;
  do {
    if (Status s = archive->ScanRecords(next, 1024, &batch, &next); !s.ok()) {
      progress.Finish();
      ErrorLine() << s.message() << "\n";
      return kExitFailure;
    }
    for (const auto& [doc_id, record] : batch) AddRecord(record, &records);
    progress.Update(read += batch.size());
  } while (!next.empty());
  progress.Finish();
  PendingStats pending;
  if (Status s = ReadPending(*archive, &pending); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }

  if (options.json) {
    Json j{{"archive", dir},
           {"file_bytes", sizes.file_bytes},
           {"documents", counts.documents},
           {"text_bytes", sizes.text_bytes},
           {"sources", counts.sources},
           {"payloads", counts.payloads},
           {"payload_raw_bytes", sizes.payload_raw_bytes},
           {"payload_stored_bytes", sizes.payload_stored_bytes},
           {"page_payloads", counts.page_payloads},
           {"records", counts.records},
           {"records_by_template", records.by_template},
           {"records_by_year", records.by_year},
           {"records_with_failed_checks", records.with_failed_checks},
           {"failed_checks_by_rule", records.failed_by_rule},
           {"warnings_by_code", records.warnings_by_code},
           {"unreadable_records", records.unreadable},
           {"pending", counts.pending},
           {"pending_by_code", pending.by_code},
           {"pending_by_format", pending.by_format},
           {"urls", counts.urls},
           {"fetches", counts.fetches}};
    Json versions = Json::object();
    for (const auto& [v, n] : records.by_extractor_version) versions[std::to_string(v)] = n;
    j["records_by_extractor_version"] = versions;
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "archive   " << dir << " (data.mdb " << Bytes(sizes.file_bytes) << ")\n"
            << "documents " << counts.documents << " (" << Bytes(sizes.text_bytes) << " of text), "
            << counts.sources << " sources\n"
            << "payloads  " << counts.payloads << " (" << Bytes(sizes.payload_raw_bytes) << ", "
            << Bytes(sizes.payload_stored_bytes) << " compressed; " << counts.page_payloads
            << " of them fetched pages only)\n"
            << "records   " << counts.records << "\n"
            << "  by template        " << Counts(records.by_template) << "\n"
            << "  by year            " << Counts(records.by_year) << "\n"
            << "  with failed checks " << records.with_failed_checks << " ("
            << Counts(records.failed_by_rule) << ")\n"
            << "  warnings           " << Counts(records.warnings_by_code) << "\n";
  if (records.unreadable > 0) std::cout << "  unreadable         " << records.unreadable << "\n";
  std::cout << "pending   " << counts.pending
            << " payloads kept for later (by code: " << Counts(pending.by_code)
            << "; by format: " << Counts(pending.by_format) << ")\n";
  std::cout << "urls      " << counts.urls << " (fetch log: " << counts.fetches << " entries)\n";
  return kExitOk;
}

}  // namespace

Command AddStatsCommand(CLI::App& parent) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* app = parent.add_subcommand(
      "stats", "Show what the archive holds: documents, payload bytes, records by template and "
               "year, failed checks, warnings, payloads kept for later.");
  AddArchiveOptions(app, &options->location);
  app->add_flag("--json", options->json, "print one JSON object");
  return Command{app, [options] { return RunStats(*options); }};
}

}  // namespace xxgk::cli
