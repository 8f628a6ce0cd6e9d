// report_html: renders one annual report as the HTML page a county portal would publish
// (tests/extract/html_report_writer), for scripts/make-format-fixtures.sh, which feeds the page to
// LibreOffice for the DOCX and PDF fixtures and keeps it as the HTML fixture.
//   report_html (--text FILE | --template 2019|2021 --seed N) --out PAGE.html
//               [--charset utf-8|gbk] [--chrome bare|trs|hanweb] [--text-out FILE.txt]
// The report is a text in the style of seeds/reports/ (--text), or a synthetic report from
// tests/extract/report_builder in the tab layout (--template/--seed; --text-out writes its text).
// With --charset gbk the page is encoded as GB18030 and declares <meta charset="gbk">. The same
// arguments give the same bytes.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "extract/report/report_template.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/sample_reports.h"

namespace {

using xxgk::testing::Chrome;

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) std::fprintf(stderr, "report_html: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Renders an annual report text (or a synthetic report) as a portal HTML page."};
  std::string text_file, out_file, text_out, charset = "utf-8", chrome = "bare";
  int template_year = 0;
  uint32_t seed = 0;
  auto* text_opt = app.add_option("--text", text_file, "report text file")->check(CLI::ExistingFile);
  auto* template_opt = app.add_option("--template", template_year, "synthetic report template")
                           ->check(CLI::IsMember({2019, 2021}))
                           ->excludes(text_opt);
  app.add_option("--seed", seed, "synthetic report seed")->needs(template_opt);
  app.add_option("--out", out_file, "HTML page to write")->required();
  app.add_option("--charset", charset, "page encoding")->check(CLI::IsMember({"utf-8", "gbk"}));
  app.add_option("--chrome", chrome, "portal chrome around the report")
      ->check(CLI::IsMember({"bare", "trs", "hanweb"}));
  app.add_option("--text-out", text_out, "also write the synthetic report's text here")
      ->needs(template_opt);
  CLI11_PARSE(app, argc, argv);
  if (text_file.empty() && template_year == 0) {
    std::fprintf(stderr, "report_html: give --text FILE or --template 2019|2021 --seed N\n");
    return 2;
  }

  std::string text;
  if (!text_file.empty()) {
    text = xxgk::testing::ReadAll(text_file);
    if (text.empty()) {
      std::fprintf(stderr, "report_html: %s is empty or unreadable\n", text_file.c_str());
      return 1;
    }
  } else {
    const auto id = template_year == 2019 ? xxgk::extract::TemplateId::k2019
                                          : xxgk::extract::TemplateId::k2021;
    text = xxgk::testing::BuildReportText(xxgk::testing::MakeConsistentReport(id, seed),
                                          xxgk::testing::Layout::kTabs);
    if (!text_out.empty() && !WriteFile(text_out, text)) return 1;
  }

  static const std::map<std::string, Chrome> kChromes = {
      {"bare", Chrome::kBare}, {"trs", Chrome::kTrs}, {"hanweb", Chrome::kHanwebZoom}};
  xxgk::testing::HtmlStyle style;
  style.chrome = kChromes.at(chrome);
  style.charset_label = charset;
  // Merged cells as portals have them, except for LibreOffice's input: its table import is what
  // is under test there, plain grids keep its PDF tables simple to compare by eye.
  style.merge_cells = chrome != "bare";
  style.nbsp_blanks = chrome != "bare";
  std::string html = xxgk::testing::ReportTextToHtml(text, style);
  if (charset == "gbk") html = xxgk::testing::EncodeGb18030(html);
  return WriteFile(out_file, html) ? 0 : 1;
}
