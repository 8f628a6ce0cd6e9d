// `xxgk report [QUERY] [--province P] [--prefecture P] [--years FROM-TO] [--as-of DATE]
//              [--json] [--csv FILE] [--html FILE] [--docs-prefix P] [--archive DIR] [--seeds FILE]`:
// which body of which county published which year's annual report, on time or late, which are
// missing and which fail their checks — from the archive and the seeds alone (no network). Parses
// the flags, calls harvest::BuildCoverage (crawler/harvest/coverage.h) and prints its renderings
// (extract/publish/coverage.h). Exit 0 on success, 1 when the archive cannot be read or a file
// not written, 2 on a bad command line, configuration or seed file. Rules: docs/report.md.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/output_file.h"
#include "crawler/cli/seeds_options.h"
#include "crawler/harvest/coverage.h"

namespace xxgk::cli {
namespace {

struct ReportOptions {
  std::string archive, seeds, config;
  std::string query, province, prefecture, years, as_of;
  std::string csv, html, docs_prefix = "txt/";
  bool json = false;
};

bool WriteWhole(const std::string& path, const std::string& bytes) {
  OutputFile out;
  std::string error;
  if (!out.Open(path, &error)) return false;
  out.Write(bytes);
  return out.Commit(&error);
}

int RunReport(const ReportOptions& options) {
  harvest::CoverageOptions coverage;
  if (!options.years.empty()) {
    std::smatch m;
    static const std::regex kYears(R"((\d{4})(?:-(\d{4}))?)");
    if (!std::regex_match(options.years, m, kYears)) {
      std::cerr << "xxgk: error: --years: expected FROM-TO (2019-2023) or one year\n";
      return kExitUsage;
    }
    coverage.from_year = std::stoi(m[1]);
    coverage.to_year = m[2].matched ? std::stoi(m[2]) : coverage.from_year;
    if (coverage.to_year < coverage.from_year || coverage.to_year - coverage.from_year > 50) {
      std::cerr << "xxgk: error: --years: FROM must not be after TO (at most 50 years)\n";
      return kExitUsage;
    }
  }
  if (!options.as_of.empty() &&
      !std::regex_match(options.as_of, std::regex(R"(\d{4}-\d{2}-\d{2})"))) {
    std::cerr << "xxgk: error: --as-of: expected YYYY-MM-DD\n";
    return kExitUsage;
  }
  coverage.as_of = options.as_of;
  coverage.filter = seeds::SeedFilter{options.province, options.prefecture, options.query};

  seeds::SeedList list;
  int exit_code = kExitOk;
  if (!LoadSeedList(SeedsLocation{options.seeds, options.config}, &list, &exit_code)) return exit_code;
  if (list.Filter(coverage.filter).empty()) {
    std::cerr << "xxgk: report: no row of " << list.source() << " matches\n";
    return kExitUsage;
  }
  std::string dir;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(ArchiveLocation{options.archive, options.config}, /*create=*/false, &dir,
                          &exit_code, /*read_only=*/true);
  if (!archive) return exit_code;
  publish::CoverageReport report;
  if (Status s = harvest::BuildCoverage(*archive, list, coverage, &report); !s.ok()) {
    std::cerr << "xxgk: error: " << s.message() << "\n";
    return kExitFailure;
  }
  if (!options.csv.empty() && !WriteWhole(options.csv, publish::CoverageCsv(report))) {
    std::cerr << "xxgk: error: " << options.csv << ": cannot write\n";
    return kExitFailure;
  }
  if (!options.html.empty() &&
      !WriteWhole(options.html, publish::CoverageHtml(report, options.docs_prefix))) {
    std::cerr << "xxgk: error: " << options.html << ": cannot write\n";
    return kExitFailure;
  }
  if (options.json) {
    std::cout << publish::CoverageJson(report).dump(
        2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    std::cout << publish::CoverageTable(report);
  }
  if (!options.html.empty()) std::cerr << "xxgk: report: HTML written to " << options.html << "\n";
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "xxgk: error: stdout: write failed\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Command AddReportCommand(CLI::App& parent) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* app = parent.add_subcommand(
      "report",
      "Which bodies published which years' annual reports, on time or late, which are missing "
      "and which fail their checks: a table, CSV, JSON or one HTML page, from the archive and "
      "the seeds (no network).");
  app->add_option("QUERY", options->query, "a prefix of a seed row's name or code");
  app->add_option("--province", options->province, "only rows whose province starts with this");
  app->add_option("--prefecture", options->prefecture, "only rows whose prefecture starts with this");
  app->add_option("--years", options->years, "FROM-TO, e.g. 2019-2023 (default: the years found)");
  app->add_option("--as-of", options->as_of,
                  "YYYY-MM-DD: judge 'not due yet' against this day (default: today in China)");
  app->add_flag("--json", options->json, "print one JSON object instead of the table");
  app->add_option("--csv", options->csv, "also write one CSV row per body and year to FILE");
  app->add_option("--html", options->html, "also write the HTML page (matrix and charts) to FILE");
  app->add_option("--docs-prefix", options->docs_prefix,
                  "what the HTML's links put before NNN_<doc_id>.txt (default txt/: run xxgk "
                  "export --txt DIR/txt beside the page)");
  app->add_option("--archive", options->archive,
                  "archive directory (default: [archive] path of the configuration, else ./archive)");
  app->add_option("--seeds", options->seeds,
                  "seed list (default: [seeds] path of the configuration file, else "
                  "./seeds/portals.tsv, else the one of the source tree)");
  app->add_option("--config", options->config,
                  "configuration file (default: $XXGK_CONFIG, else ./config/default.toml)");
  return Command{app, [options] { return RunReport(*options); }};
}

}  // namespace xxgk::cli
