// The HTML page of `xxgk report --html` (issue 14) rendered by a real browser: headless Chromium
// (Debian package `chromium`) loads the report of an archive fetched from every county of the
// portal simulator and dumps its DOM after layout. A copy of the page given a small probe script
// (the shipped page has none) writes into the DOM what Chromium computed: each cell's background
// colour, each chart's laid-out size. The test checks the matrix (one row per body, one column
// per year, every cell with its state and the state's colour) and the three SVG charts (drawn,
// with bars). Chromium runs with a time limit that kills it, a temporary profile, no background
// networking and every host name unresolvable: the page has no network assets and nothing else
// may be fetched. One report of the TRS county is taken down before (its page answers 404 to an
// `xxgk harvest`, which marks it gone): its cell and the legend show the removed colour, the cell
// says since when. Skipped with a message when chromium is not installed, unless
// XXGK_REQUIRE_CHROMIUM=1 (scripts/test.sh sets it) makes that a failure.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/cli/cli_run.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Flags for a headless Chromium in a container that never reaches the network: no sandbox (no
// user namespaces in containers), no GPU, a throwaway profile, no background services, and a
// resolver that answers "not found" for every host (file:// needs none).
std::string ChromiumCommand(const fs::path& profile) {
  return "timeout -s KILL 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage"
         " --user-data-dir=" + profile.string() +
         " --no-first-run --no-default-browser-check --disable-background-networking"
         " --disable-component-update --disable-sync --disable-default-apps --disable-extensions"
         " --no-pings --disable-domain-reliability --disable-breakpad"
         " --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9";
}

// What the probe writes into the DOM once the page is laid out.
constexpr const char* kProbe =
    "<script>for(const td of document.querySelectorAll('td[data-state]'))"
    "td.setAttribute('data-bg',getComputedStyle(td).backgroundColor);"
    "for(const s of document.querySelectorAll('.legend span'))"
    "s.setAttribute('data-bg',getComputedStyle(s).backgroundColor);"
    "for(const s of document.querySelectorAll('svg.chart')){const r=s.getBoundingClientRect();"
    "s.setAttribute('data-drawn',Math.round(r.width)+'x'+Math.round(r.height));}</script>";

class ReportChromiumTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new simulator::PortalSimulator(7);
    char tmpl[] = "/tmp/xxgk-report-chromium-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = new fs::path(tmpl);
    std::ofstream(*dir_ / "seeds.tsv") << sim_->SeedsTsv();
    for (const simulator::PortalTruth& truth : sim_->portals()) {
      const CliRun fetch = RunShell(std::string(XXGK_BINARY) + " fetch '" + truth.name + "' --seeds " +
                                        (*dir_ / "seeds.tsv").string() + " --archive " +
                                        (*dir_ / "archive").string() + " --proxy http://127.0.0.1:" +
                                        std::to_string(sim_->port()) +
                                        " --delay 0 --retry-base 0.01 --quiet",
                                    *dir_);
      ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
    }
    // One report taken down: its page answers 404 to a harvest that re-requests every known
    // report and calls one removal gone.
    std::string url;
    for (const simulator::ReportTruth& r : sim_->Portal("trs")->reports) {
      if (r.list_date.substr(0, 4) == std::to_string(r.year + 1)) {
        url = r.page_url;
        break;
      }
    }
    ASSERT_FALSE(url.empty());
    simulator::PortalSimulator removed(
        7, simulator::SimulatorOptions{.changes = {{url, simulator::ReportChange::kNotFound}}});
    const CliRun harvest = RunShell(
        std::string(XXGK_BINARY) + " harvest '" + sim_->Portal("trs")->name + "' --seeds " +
            (*dir_ / "seeds.tsv").string() + " --archive " + (*dir_ / "archive").string() +
            " --proxy http://127.0.0.1:" + std::to_string(removed.port()) +
            " --delay 0 --retry-base 0.01 --quiet --revisit-days 0 --gone-days 0 --gone-runs 1",
        *dir_);
    ASSERT_EQ(harvest.exit_code, 0) << harvest.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete sim_;
  }
  void SetUp() override {
    if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
      const char* require = std::getenv("XXGK_REQUIRE_CHROMIUM");
      if (require && std::string(require) == "1") {
        FAIL() << "chromium is not installed and XXGK_REQUIRE_CHROMIUM=1 (apt-get install chromium; "
                  "scripts/install-deps.sh does)";
      }
      GTEST_SKIP() << "chromium is not installed: the rendering checks are skipped (apt-get install "
                      "chromium; scripts/test.sh requires it)";
    }
  }

  static simulator::PortalSimulator* sim_;
  static fs::path* dir_;
};
simulator::PortalSimulator* ReportChromiumTest::sim_ = nullptr;
fs::path* ReportChromiumTest::dir_ = nullptr;

std::string Attribute(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex(" " + name + "=\"([^\"]*)\""))) return "";
  return m[1];
}

TEST_F(ReportChromiumTest, RenderedPageHasTheMatrixAndTheCharts) {
  const fs::path html = *dir_ / "report.html";
  const std::string report_args = std::string(XXGK_BINARY) + " report --seeds " +
                                  (*dir_ / "seeds.tsv").string() + " --archive " +
                                  (*dir_ / "archive").string() + " --years 2019-2024 --as-of 2026-12-02";
  const CliRun made = RunShell(report_args + " --html " + html.string(), *dir_);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const CliRun as_json = RunShell(report_args + " --json", *dir_);
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  const json report = json::parse(as_json.out);
  ASSERT_GE(report["bodies"].size(), sim_->portals().size());

  std::string page = ReadFile(html);
  ASSERT_EQ(page.find("<script"), std::string::npos);  // the shipped page has none
  const size_t body_end = page.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  page.insert(body_end, kProbe);
  const fs::path probed = *dir_ / "probed.html";
  std::ofstream(probed) << page;

  const CliRun dump = RunShell(ChromiumCommand(*dir_ / "profile") + " --dump-dom 'file://" +
                                   probed.string() + "'",
                               *dir_);
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const std::string& dom = dump.out;
  ASSERT_NE(dom.find("id=\"matrix\""), std::string::npos) << dom.substr(0, 2000);

  // Year columns, in order.
  std::string header;
  for (int y = 2019; y <= 2024; ++y) header += "<th>" + std::to_string(y) + "</th>";
  EXPECT_NE(dom.find("<th>body</th><th>level</th>" + header), std::string::npos);

  // Every cell rendered with its state, in the state's colour (the page's stylesheet).
  const std::map<std::string, std::string> colour = {
      {"on_time", "rgb(127, 201, 127)"}, {"late", "rgb(253, 180, 98)"},
      {"unknown_time", "rgb(255, 255, 179)"}, {"missing", "rgb(240, 240, 240)"},
      {"not_due", "rgb(255, 255, 255)"}, {"removed", "rgb(188, 128, 189)"}};
  std::map<std::string, std::string> rendered;  // data-cell -> tag
  const std::regex td("<td [^>]*data-state=[^>]*>");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), td); it != std::sregex_iterator(); ++it) {
    const std::string tag = it->str();
    rendered[Attribute(tag, "data-cell")] = tag;
  }
  size_t cells = 0;
  std::map<std::string, int> states;
  for (const json& b : report["bodies"]) {
    ASSERT_EQ(b["cells"].size(), 6u);
    for (const json& c : b["cells"]) {
      ++cells;
      const std::string key = b["county_code"].get<std::string>() + "|" +
                              b["body_key"].get<std::string>() + "|" + std::to_string(c["year"].get<int>());
      ASSERT_TRUE(rendered.count(key)) << key;
      const std::string state = c["state"];
      EXPECT_EQ(Attribute(rendered[key], "data-state"), state) << key;
      ASSERT_TRUE(colour.count(state)) << state;
      EXPECT_EQ(Attribute(rendered[key], "data-bg"), colour.at(state)) << key;
      ++states[state];
    }
  }
  EXPECT_EQ(rendered.size(), cells);  // one cell per body and year, nothing else
  EXPECT_GT(states["on_time"], 0);
  EXPECT_GT(states["missing"] + states["late"] + states["unknown_time"], 0);
  EXPECT_EQ(states["removed"], 1);  // the report taken down
  // The removed cell says since when; the legend shows each state's colour as rendered.
  const std::regex removed_cell("<td [^>]*data-state=\"removed\"[^>]*>([\\s\\S]*?)</td>");
  std::smatch cell;
  ASSERT_TRUE(std::regex_search(dom, cell, removed_cell));
  EXPECT_TRUE(std::regex_search(cell[1].str(), std::regex(R"(gone since \d{4}-\d{2}-\d{2})")))
      << cell[1];
  std::map<std::string, std::string> legend;  // class -> rendered background
  const std::regex span("<span class=\"([a-z_]+)\"[^>]*data-bg=\"([^\"]*)\"[^>]*>([^<]*)</span>");
  const size_t legend_at = dom.find("class=\"legend\"");
  ASSERT_NE(legend_at, std::string::npos);
  const std::string legend_html = dom.substr(legend_at, dom.find("</p>", legend_at) - legend_at);
  for (auto it = std::sregex_iterator(legend_html.begin(), legend_html.end(), span);
       it != std::sregex_iterator(); ++it) {
    legend[(*it)[1]] = (*it)[2];
  }
  for (const auto& [state, rgb] : colour) EXPECT_EQ(legend[state], rgb) << state;
  EXPECT_NE(legend_html.find(">removed from the portal</span>"), std::string::npos) << legend_html;

  // The three charts, laid out at a real size and holding bars.
  const std::regex svg("<svg [^>]*class=\"chart\"[^>]*>([\\s\\S]*?)</svg>");
  int charts = 0;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), svg); it != std::sregex_iterator(); ++it) {
    ++charts;
    const std::string open = it->str().substr(0, it->str().find('>') + 1);
    std::smatch size;
    const std::string drawn = Attribute(open, "data-drawn");
    ASSERT_TRUE(std::regex_match(drawn, size, std::regex(R"((\d+)x(\d+))"))) << open;
    EXPECT_GT(std::stoi(size[1]), 200) << open;
    EXPECT_GT(std::stoi(size[2]), 100) << open;
    const std::string inner = (*it)[1];
    size_t rects = 0;
    for (size_t p = inner.find("<rect"); p != std::string::npos; p = inner.find("<rect", p + 1)) ++rects;
    EXPECT_GT(rects, 3u) << open;
  }
  EXPECT_EQ(charts, 3);
}

TEST_F(ReportChromiumTest, AScreenshotOfThePageIsAnImageOfTheWindowSize) {
  const fs::path html = *dir_ / "report.html", png = *dir_ / "report.png";
  const CliRun made = RunShell(std::string(XXGK_BINARY) + " report --seeds " +
                                   (*dir_ / "seeds.tsv").string() + " --archive " +
                                   (*dir_ / "archive").string() + " --html " + html.string(),
                               *dir_);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const CliRun shot = RunShell(ChromiumCommand(*dir_ / "profile") + " --hide-scrollbars" +
                                   " --window-size=1000,700 --screenshot=" + png.string() +
                                   " 'file://" + html.string() + "'",
                               *dir_);
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  const std::string bytes = ReadFile(png);
  ASSERT_GT(bytes.size(), 24u);
  ASSERT_EQ(bytes.substr(1, 3), "PNG");
  auto be32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<unsigned char>(bytes[at + 3]);
  };
  EXPECT_EQ(be32(16), 1000u);  // IHDR width, height
  EXPECT_EQ(be32(20), 700u);
}

}  // namespace
}  // namespace xxgk::crawl::testing
