// `xxgk verify`: reads every table of the archive in child processes (store/archive_walk.h) and
// says which key ranges cannot be read; a damaged page never crashes it. Writes nothing.
// Exit 0 when everything was read, 1 when anything is unreadable or the archive cannot be opened.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "store/archive_walk.h"

namespace xxgk::cli {
namespace {

struct VerifyOptions {
  ArchiveLocation location;
  bool json = false;
};

int RunVerify(const VerifyOptions& options) {
  std::string error;
  const std::optional<std::string> dir = ResolveArchiveDir(options.location, &error);
  if (!dir) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }
  store::WalkReport report;
  Status s = store::WalkArchive(
      *dir, store::WalkOptions{},
      [](store::Table, std::string_view, std::string_view) { return Status::Ok(); }, &report);
  if (!s.ok() || !report.open_error.empty()) {
    ErrorLine() << (s.ok() ? report.open_error : *dir + ": " + s.message()) << "\n";
    return kExitFailure;
  }
  for (const store::DamagedRange& range : report.damaged) {
    ErrorLine() << *dir << ": " << store::DescribeDamage(range) << "\n";
  }
  uint64_t total = 0;
  for (uint64_t n : report.entries) total += n;
  if (options.json) {
    nlohmann::ordered_json entries = nlohmann::ordered_json::object(), damaged = nlohmann::ordered_json::array();
    for (size_t t = 0; t < store::kTableCount; ++t) entries[store::kTableNames[t]] = report.entries[t];
    for (const store::DamagedRange& r : report.damaged) {
      damaged.push_back({{"table", store::kTableNames[static_cast<size_t>(r.table)]},
                         {"after", r.after.empty() ? "" : store::PrintableKey(r.after)},
                         {"until", r.until.empty() ? "" : store::PrintableKey(r.until)},
                         {"why", r.why}});
    }
    std::cout << nlohmann::ordered_json{{"command", "verify"}, {"archive", *dir},
                                        {"ok", report.damaged.empty()}, {"entries", entries},
                                        {"damaged", damaged}, {"processes", report.children}}
                     .dump()
              << "\n";
  } else {
    std::cout << "verified " << *dir << ": " << total << " entries read in " << store::kTableCount
              << " tables (";
    for (size_t t = 0; t < store::kTableCount; ++t) {
      std::cout << (t ? ", " : "") << store::kTableNames[t] << " " << report.entries[t];
    }
    std::cout << "); " << report.damaged.size() << " unreadable range"
              << (report.damaged.size() == 1 ? "" : "s") << "\n";
    if (!report.damaged.empty()) {
      std::cout << "  xxgk salvage --archive " << *dir
                << " --to NEW copies every readable entry into a new archive\n";
    }
  }
  return report.damaged.empty() ? kExitOk : kExitFailure;
}

}  // namespace

Command AddVerifyCommand(CLI::App& parent) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* app = parent.add_subcommand(
      "verify", "Read every table of the archive (in child processes, so a damaged file cannot "
                "crash it) and report which key ranges are unreadable. Writes nothing.");
  AddArchiveOptions(app, &options->location);
  app->add_flag("--json", options->json, "print the result as one JSON object");
  return Command{app, [options] { return RunVerify(*options); }};
}

}  // namespace xxgk::cli
