// The xxgk executable: parses the command line and runs the chosen subcommand.
// Usage errors print one line naming the problem and exit with code 2.
#include <clocale>
#include <iostream>
#include <string>
#include <vector>

#include "crawler/cli/command.h"

int main(int argc, char** argv) {
  // International host names reach libidn2 through libcurl's locale-dependent entry point
  // (crawler/url/url_canon.h): the whole process uses a UTF-8 LC_CTYPE, set here once, before any
  // thread exists, whatever LANG or LC_ALL say (the program never adopts the user's locale).
  std::setlocale(LC_CTYPE, "C.UTF-8");
  CLI::App app{
      "xxgk: harvests, archives and reads the 政府信息公开工作年度报告 (government information "
      "disclosure annual reports) of Chinese government portals.",
      "xxgk"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", std::string("xxgk ") + XXGK_VERSION);
  std::vector<xxgk::cli::Command> commands = {
      xxgk::cli::AddExtractCommand(app),
      xxgk::cli::AddTextCommand(app),
      xxgk::cli::AddImportCommand(app),
      xxgk::cli::AddExportCommand(app),
      xxgk::cli::AddRebuildCommand(app),
      xxgk::cli::AddStatsCommand(app),
      xxgk::cli::AddRobotsCommand(app),
      xxgk::cli::AddGetCommand(app),
      xxgk::cli::AddCrawlCommand(app),
      xxgk::cli::AddSeedsCommand(app),
      xxgk::cli::AddFetchCommand(app),
      xxgk::cli::AddReportCommand(app),
  };
  // Name the command in errors and their help hint; an unknown command is named as such (CLI11
  // would report "a subcommand is required").
  std::string help_hint = "xxgk --help";
  if (argc > 1 && argv[1][0] != '-') {
    const std::string name = argv[1];
    if (app.get_subcommands([&](CLI::App* sub) { return sub->check_name(name); }).empty()) {
      std::cerr << "xxgk: error: unknown command '" << argv[1] << "' (see 'xxgk --help')\n";
      return xxgk::cli::kExitUsage;
    }
    help_hint = std::string("xxgk ") + argv[1] + " --help";
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "xxgk: error: " << e.what() << " (see '" << help_hint << "')\n";
    return xxgk::cli::kExitUsage;
  }
  for (auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return xxgk::cli::kExitUsage;  // unreachable: require_subcommand(1)
}
