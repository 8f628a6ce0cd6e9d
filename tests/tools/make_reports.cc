// make_reports: writes synthetic annual reports (tests/extract/report_builder) as text files, for
// the archive's crash test and benchmarks. Every file is a distinct, consistent report; templates,
// layouts, agencies and years vary with the file number, so the same arguments give the same files.
//   make_reports OUTDIR COUNT [FIRST]    writes OUTDIR/report_<n>.txt for n in [FIRST, FIRST+COUNT)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "report_builder.h"

namespace {

constexpr const char* kCounties[] = {"汾西县", "襄垣县", "平遥县", "灵石县", "介休市", "沁源县",
                                     "武乡县", "黎城县", "壶关县", "长子县"};
constexpr const char* kBodies[] = {"人民政府办公室", "教育局", "财政局", "卫生健康局", "自然资源局",
                                   "住房和城乡建设局", "交通运输局", "农业农村局"};
constexpr xxgk::testing::Layout kLayouts[] = {
    xxgk::testing::Layout::kRowPerLine, xxgk::testing::Layout::kCellPerLine,
    xxgk::testing::Layout::kTabs, xxgk::testing::Layout::kMarkdown,
    xxgk::testing::Layout::kPdfBroken};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_reports OUTDIR COUNT [FIRST]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const unsigned long count = std::strtoul(argv[2], nullptr, 10);
  const unsigned long first = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 0;
  std::filesystem::create_directories(dir);
  for (unsigned long n = first; n < first + count; ++n) {
    const auto id = n % 4 == 3 ? xxgk::extract::TemplateId::k2019 : xxgk::extract::TemplateId::k2021;
    xxgk::testing::SyntheticReport report =
        xxgk::testing::MakeConsistentReport(id, static_cast<uint32_t>(n * 2654435761u + 1));
    report.agency = std::string(kCounties[n % 10]) + kBodies[(n / 10) % 8];
    report.year = 2019 + static_cast<int>(n % 6);
    report.signed_year = report.year + 1;
    const auto layout = kLayouts[(n / 7) % 5];
    char name[40];
    std::snprintf(name, sizeof name, "report_%07lu.txt", n);
    std::ofstream out(dir / name, std::ios::binary);
    // A per-file line keeps every file distinct even if two reports drew the same values.
    out << xxgk::testing::BuildReportText(report, layout) << "\n（编号 " << n << "）\n";
    if (!out) {
      std::fprintf(stderr, "make_reports: cannot write %s\n", (dir / name).c_str());
      return 1;
    }
  }
  return 0;
}
