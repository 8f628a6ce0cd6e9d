// A subcommand of the xxgk executable: its CLI11 definition and what runs when it is chosen.
// Each command lives in its own file and is registered in xxgk_main.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace xxgk::cli {

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran, but some input failed
inline constexpr int kExitUsage = 2;    // bad command line (or configuration or seed file)

struct Command {
  CLI::App* app = nullptr;     // the subcommand; parsed() tells whether it was chosen
  std::function<int()> run;   // runs after a successful parse; returns the exit code
};

Command AddExtractCommand(CLI::App& parent);
Command AddTextCommand(CLI::App& parent);
Command AddImportCommand(CLI::App& parent);
Command AddExportCommand(CLI::App& parent);
Command AddRebuildCommand(CLI::App& parent);
Command AddStatsCommand(CLI::App& parent);
Command AddShowCommand(CLI::App& parent);
Command AddVerifyCommand(CLI::App& parent);
Command AddSalvageCommand(CLI::App& parent);
Command AddRobotsCommand(CLI::App& parent);
Command AddGetCommand(CLI::App& parent);
Command AddCrawlCommand(CLI::App& parent);
Command AddSeedsCommand(CLI::App& parent);
Command AddFetchCommand(CLI::App& parent);
Command AddReportCommand(CLI::App& parent);

}  // namespace xxgk::cli
