// Scanned report: see scanned_report.h.
#include "tests/simulator/scanned_report.h"

#include "tests/extract/ocr_images.h"
#include "tests/extract/pdf_writer.h"

namespace xxgk::simulator {

std::string PublishOneReportAsScan(const CountyPlan& plan, BuiltPortal* portal) {
  for (ReportTruth& report : portal->truth.reports) {
    if (report.level == BodyLevel::kCounty || report.formats() != std::vector<std::string>{"pdf"}) {
      continue;
    }
    const PlannedReport* planned = nullptr;
    for (const PlannedReport& r : plan.reports) {
      if (plan.bodies[r.body].name == report.body_name && r.year == report.year) planned = &r;
    }
    if (planned == nullptr) continue;
    ReportCopy& copy = report.copies.front();
    const std::string prefix = "http://" + plan.spec.host;
    if (!copy.url.starts_with(prefix)) continue;
    auto page = portal->sites.front().pages.find(copy.url.substr(prefix.size()));
    if (page == portal->sites.front().pages.end()) continue;
    const std::string printed = testing::MakeTextPdf(planned->text, 9, kScanFont);
    page->second.body = testing::ImageOnlyPdf(testing::RenderPdfPages(printed, kScanDpi), kScanDpi);
    copy.format = "scan";
    return report.page_url;
  }
  return "";
}

}  // namespace xxgk::simulator
