// `xxgk salvage --to NEW`: copies every readable entry of a damaged archive (documents, sources,
// payloads, records, URLs, fetch log, pending payloads) into a new archive, skipping the ranges
// that cannot be read (store/archive_salvage.h). The damaged archive is not written.
// Exit 0 when everything was copied, 1 when ranges were skipped or the copy failed, 2 for usage.
#include <iostream>
#include <memory>
#include <string>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "store/archive_salvage.h"

namespace xxgk::cli {
namespace {

struct SalvageOptions {
  ArchiveLocation location;
  std::string to;
};

int RunSalvage(const SalvageOptions& options) {
  std::string error;
  const std::optional<std::string> dir = ResolveArchiveDir(options.location, &error);
  if (!dir) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }
  store::SalvageReport report;
  Status s = store::SalvageArchive(*dir, options.to, &report);
  for (const store::DamagedRange& range : report.walk.damaged) {
    ErrorLine() << *dir << ": " << store::DescribeDamage(range) << ": skipped\n";
  }
  if (!s.ok()) {
    ErrorLine() << s.message() << "\n";
    return kExitFailure;
  }
  std::cout << "salvaged " << *dir << " into " << options.to << ": ";
  for (size_t t = 1; t < store::kTableCount; ++t) {  // meta is the copy's own
    std::cout << (t > 1 ? ", " : "") << store::kTableNames[t] << " " << report.walk.entries[t];
  }
  std::cout << "; " << report.walk.damaged.size() << " unreadable range"
            << (report.walk.damaged.size() == 1 ? "" : "s") << " skipped\n";
  if (!report.walk.damaged.empty()) {
    std::cout << "  run xxgk rebuild --archive " << options.to
              << " to check every text and payload of the copy\n";
  }
  return report.walk.damaged.empty() ? kExitOk : kExitFailure;
}

}  // namespace

Command AddSalvageCommand(CLI::App& parent) {
  auto options = std::make_shared<SalvageOptions>();
  CLI::App* app = parent.add_subcommand(
      "salvage", "Copy every readable entry of a damaged archive into a new archive (--to), "
                 "skipping what cannot be read. The damaged archive is not written.");
  AddArchiveOptions(app, &options->location);
  app->add_option("--to", options->to, "the new archive (must not exist, or be an empty folder)")
      ->required();
  return Command{app, [options] { return RunSalvage(*options); }};
}

}  // namespace xxgk::cli
