// `xxgk seeds [QUERY] [--province P] [--prefecture P] [--tsv | --json | --check] [--seeds FILE]`:
// the seed list (crawler/seeds/seed_list.h). Lists the rows matching every filter: QUERY is a
// prefix of the name or of the code ("汾", "1410"), or a URL (the rows whose portal or column
// it is on); --province and --prefecture are prefixes too. Output: an aligned table (CJK
// characters count two columns), or with --tsv the rows in the file's format (header
// included), or with --json one JSON object per row. --check validates the file and prints a
// one-line summary. Exit 0 when rows were listed (or the file is valid), 1 when no row matches,
// 2 on a bad command line, configuration or seed file (each bad line is named).
#include <cwchar>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "base/display_width.h"
#include "crawler/cli/command.h"
#include "crawler/cli/seeds_options.h"

namespace xxgk::cli {
namespace {

struct SeedsOptions {
  SeedsLocation location;
  std::string query;
  std::string province, prefecture;
  bool tsv = false, json = false, check = false;
};

void PrintTable(const std::vector<const seeds::SeedRow*>& rows) {
  std::vector<std::vector<std::string>> cells = {
      {"code", "name", "level", "province", "prefecture", "portal", "columns"}};
  for (const seeds::SeedRow* row : rows) {
    cells.push_back({row->code, row->name, std::string(seeds::BodyLevelName(row->level)),
                     row->province, row->prefecture, row->portal,
                     std::to_string(row->columns.size())});
  }
  std::vector<size_t> widths(cells.front().size(), 0);
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(line[i]));
  }
  for (const auto& line : cells) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      if (i + 1 < line.size()) out += std::string(widths[i] - DisplayWidth(line[i]) + 2, ' ');
    }
    std::cout << out << "\n";
  }
}

nlohmann::ordered_json RowJson(const seeds::SeedRow& row) {
  nlohmann::ordered_json json;
  json["code"] = row.code;
  json["province"] = row.province;
  json["prefecture"] = row.prefecture;
  json["name"] = row.name;
  json["level"] = seeds::BodyLevelName(row.level);
  json["portal"] = row.portal;
  json["columns"] = row.columns;
  json["notes"] = row.notes;
  json["line"] = row.line;
  return json;
}

std::string LevelSummary(const seeds::SeedList::LevelCounts& counts) {
  return std::to_string(counts.county) + " county, " + std::to_string(counts.town) + " town, " +
         std::to_string(counts.department) + " department";
}

int RunSeeds(const SeedsOptions& options) {
  seeds::SeedList list;
  if (int exit_code = kExitOk; !LoadSeedList(options.location, &list, &exit_code)) {
    return exit_code;
  }
  if (options.check) {
    std::cout << list.source() << ": " << list.rows().size() << " rows, valid ("
              << LevelSummary(list.CountByLevel()) << ")\n";
    return kExitOk;
  }
  const bool by_url =
      options.query.starts_with("http://") || options.query.starts_with("https://");
  seeds::SeedFilter filter{options.province, options.prefecture, by_url ? "" : options.query};
  std::vector<const seeds::SeedRow*> rows;
  const std::vector<const seeds::SeedRow*> candidates =
      by_url ? list.FindByUrl(options.query).rows : list.Filter(seeds::SeedFilter{});
  for (const seeds::SeedRow* row : list.Filter(filter)) {
    if (std::find(candidates.begin(), candidates.end(), row) != candidates.end()) {
      rows.push_back(row);
    }
  }
  if (rows.empty()) {
    ErrorLine() << "no row of " << list.source() << " matches\n";
    return kExitFailure;
  }
  if (options.tsv) {
    std::cout << seeds::kSeedHeader << "\n";
    for (const seeds::SeedRow* row : rows) std::cout << row->ToTsv() << "\n";
  } else if (options.json) {
    for (const seeds::SeedRow* row : rows) std::cout << RowJson(*row).dump() << "\n";
  } else {
    PrintTable(rows);
  }
  std::cout.flush();
  if (!std::cout) {
    ErrorLine() << "stdout: write failed\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Command AddSeedsCommand(CLI::App& parent) {
  auto options = std::make_shared<SeedsOptions>();
  CLI::App* app = parent.add_subcommand(
      "seeds",
      "List, filter and validate the seed list of portals (seeds/portals.tsv): one row per "
      "county, town or department, with its portal and annual-report columns.");
  app->add_option("QUERY", options->query,
                  "a prefix of the name or of the administrative code, or a URL on a portal");
  app->add_option("--province", options->province, "only rows whose province starts with this");
  app->add_option("--prefecture", options->prefecture,
                  "only rows whose prefecture starts with this");
  CLI::Option* tsv = app->add_flag("--tsv", options->tsv, "print the rows in the file's format");
  CLI::Option* json = app->add_flag("--json", options->json, "print one JSON object per row");
  CLI::Option* check =
      app->add_flag("--check", options->check, "validate the file and print a summary");
  tsv->excludes(json)->excludes(check);
  json->excludes(check);
  AddSeedsOptions(app, &options->location);
  return Command{app, [options] { return RunSeeds(*options); }};
}

}  // namespace xxgk::cli
