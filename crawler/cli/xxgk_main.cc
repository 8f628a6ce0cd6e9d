// The xxgk executable: parses the command line and runs the chosen subcommand.
// Usage errors print one line, `xxgk: <command>: <what>: <why> (see 'xxgk <command> --help')`,
// with a did-you-mean for a mistyped command or option, and exit with code 2 (docs/cli.md).
#include <algorithm>
#include <clocale>
#include <iostream>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/command.h"
#include "crawler/cli/did_you_mean.h"
#include "crawler/cli/harvest_command.h"
#include "crawler/ingest/isolated_convert.h"

namespace {

std::vector<std::string> CommandNames(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> LongOptionNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

// The first argument after the command that looks like a long option and names none of the
// command's options ("" when every one is known).
std::string UnknownOption(const CLI::App& command, int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    arg = arg.substr(0, arg.find('='));
    const std::vector<std::string> known = LongOptionNames(command);
    if (std::find(known.begin(), known.end(), arg) == known.end() && arg != "--help") return arg;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // International host names reach libidn2 through libcurl's locale-dependent entry point
  // (crawler/url/url_canon.h): the whole process uses a UTF-8 LC_CTYPE, set here once, before any
  // thread exists, whatever LANG or LC_ALL say (the program never adopts the user's locale).
  std::setlocale(LC_CTYPE, "C.UTF-8");
  // The isolated converter (crawler/ingest/isolated_convert.h): xxgk runs itself so, never a user.
  if (argc == 2 && std::string(argv[1]) == "--convert-child") {
    return xxgk::ingest::ServeIsolatedConversion();
  }
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
      xxgk::cli::AddShowCommand(app),
      xxgk::cli::AddVerifyCommand(app),
      xxgk::cli::AddSalvageCommand(app),
      xxgk::cli::AddRobotsCommand(app),
      xxgk::cli::AddGetCommand(app),
      xxgk::cli::AddCrawlCommand(app),
      xxgk::cli::AddSeedsCommand(app),
      xxgk::cli::AddFetchCommand(app),
      xxgk::cli::AddHarvestCommand(app),
      xxgk::cli::AddReportCommand(app),
  };
  // Name the command in errors and their help hint; an unknown command is named as such (CLI11
  // would report "a subcommand is required").
  std::string help_hint = "xxgk --help";
  CLI::App* chosen = nullptr;
  if (argc > 1 && argv[1][0] != '-') {
    const std::string name = argv[1];
    const std::vector<CLI::App*> found =
        app.get_subcommands([&](CLI::App* sub) { return sub->check_name(name); });
    if (found.empty()) {
      const std::string near = xxgk::cli::ClosestName(name, CommandNames(app));
      xxgk::cli::ErrorLine() << name << ": unknown command"
                             << (near.empty() ? "" : "; did you mean '" + near + "'?")
                             << " (see 'xxgk --help')\n";
      return xxgk::cli::kExitUsage;
    }
    chosen = found.front();
    xxgk::cli::SetCommandName(chosen->get_name());
    help_hint = "xxgk " + chosen->get_name() + " --help";
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (const std::string unknown = chosen ? UnknownOption(*chosen, argc, argv) : "";
        !unknown.empty()) {
      const std::string near = xxgk::cli::ClosestName(unknown, LongOptionNames(*chosen));
      xxgk::cli::ErrorLine() << unknown << ": unknown option"
                             << (near.empty() ? "" : "; did you mean " + near + "?") << " (see '"
                             << help_hint << "')\n";
    } else {
      xxgk::cli::ErrorLine() << e.what() << " (see '" << help_hint << "')\n";
    }
    return xxgk::cli::kExitUsage;
  }
  for (auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return xxgk::cli::kExitUsage;  // unreachable: require_subcommand(1)
}
