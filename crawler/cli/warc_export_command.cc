// `xxgk export --warc/--cdxj` (see warc_export_command.h).
#include "crawler/cli/warc_export_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "store/warc_export.h"

#ifndef XXGK_VERSION
#define XXGK_VERSION "dev"
#endif

namespace xxgk::cli {

void AddWarcExportOptions(CLI::App* app, WarcExportFlags* flags) {
  app->add_option("--warc", flags->warc_file,
                  "WARC 1.1 file (.warc.gz) of every fetch and imported file (docs/warc.md)");
  app->add_option("--cdxj", flags->cdxj_file, "CDXJ index of the WARC file (with --warc)");
}

int RunWarcExport(const ArchiveLocation& location, const WarcExportFlags& flags) {
  if (flags.warc_file.empty()) {
    ErrorLine() << "--cdxj: needs --warc FILE.warc.gz\n";
    return kExitUsage;
  }
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive = OpenVerifiedArchive(location, /*create=*/false, &dir, &exit_code,
                          /*read_only=*/true);
  if (!archive) return exit_code;
  store::WarcExportOptions options{flags.warc_file, flags.cdxj_file, "xxgk/" XXGK_VERSION, ""};
  store::WarcExportStats stats;
  if (Status s = store::ExportWarc(*archive, options, &stats); !s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  for (const std::string& problem : stats.problems) ErrorLine() << problem << ": left out of the WARC\n";
  if (flags.json) {
    nlohmann::ordered_json j = {{"command", "export"}, {"archive", dir}, {"warc", flags.warc_file},
                                {"cdxj", flags.cdxj_file}, {"records", stats.records},
                                {"responses", stats.responses}, {"revisits", stats.revisits},
                                {"requests", stats.requests}, {"resources", stats.resources},
                                {"skipped", stats.skipped}, {"bytes", stats.bytes},
                                {"problems", stats.problems.size()}};
    std::cout << j.dump() << "\n";
    return stats.problems.empty() ? kExitOk : kExitFailure;
  }
  std::cout << "exported " << stats.records << " WARC records from " << dir << " to " << flags.warc_file
            << " (" << stats.bytes << " bytes): " << stats.responses << " responses, " << stats.revisits
            << " revisits, " << stats.requests << " requests, " << stats.resources << " resources";
  if (stats.skipped > 0) std::cout << "; " << stats.skipped << " fetches without a response skipped";
  if (!flags.cdxj_file.empty()) std::cout << "; index " << flags.cdxj_file;
  std::cout << "\n";
  return stats.problems.empty() ? kExitOk : kExitFailure;
}

}  // namespace xxgk::cli
