// Ground truth of the portal simulator (tests only): what the simulated county portals publish
// and where, so a crawl can be judged against it — every report found, nothing else archived,
// forbidden targets never requested, the challenge asked for at most once.
//
// A report is one annual report of one body (the county government, its office, a department, a
// town) for one year. It may be held by several copies: the inline HTML of its page (possibly
// continued on a second page) and attachments (PDF, DOCX). Every copy converts (ToText, then
// ExtractReport) to the report's agency, year and values — but a "scan" (SimulatorOptions::
// image_only_report), which holds no text at all: only OCR reads it (ToText: no_text_layer).
// Plain data; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/extract/report_builder.h"

namespace xxgk::simulator {

enum class BodyLevel { kCounty, kDepartment, kTown };
std::string_view BodyLevelName(BodyLevel level);  // "county", "department", "town"

// One place holding a report's text.
struct ReportCopy {
  // "html", "pdf", "docx", or "scan": a scanned PDF (an image-only PDF, each page one picture of
  // the printed report at 150 dpi, no text layer), served as application/pdf at a .pdf URL in
  // place of the report's text PDF
  std::string format;
  std::string url;      // absolute: the report page (html) or the attachment
  std::string charset;  // html only: "UTF-8" or "GBK" (the bytes served)
  std::string continuation_url;  // html only: the page the text continues on ("" if none)
};

struct ReportTruth {
  std::string county_code;  // the county's seed code (6 digits)
  std::string body_name;    // who published it: 星河县财政局
  BodyLevel level = BodyLevel::kCounty;
  int year = 0;
  std::string agency;       // as the report names it (= values.agency)
  std::string template_name;  // "2019" or "2021"
  std::string page_url;     // the detail page a list links to
  std::string list_title;   // the list item's title attribute (full title)
  std::string list_date;    // YYYY-MM-DD as the list shows it
  std::string column_path;  // e.g. 政府信息公开年报/部门/财政局
  std::vector<ReportCopy> copies;
  std::vector<std::string> formats() const;  // the copies' formats, in order
  testing::SyntheticReport values;
};

// A list item that is not a report (a notice about reports, a training meeting, work plans), with
// its page and attachments: a crawl may look at it but must never archive it as a report.
struct NonReport {
  std::string county_code;
  std::string title;
  std::string page_url;
  std::vector<std::string> attachment_urls;
};

// A target a polite, well-scoped crawl never requests: a whole host (path_prefix empty) or every
// target on a host starting with path_prefix.
struct ForbiddenTarget {
  std::string host;
  std::string path_prefix;
  std::string reason;  // "spam_mirror", "other_portal", "news", "search", "calendar", "robots"
  bool Matches(std::string_view host, std::string_view target) const;
};

// One simulated county portal.
struct PortalTruth {
  std::string county_code, province, prefecture, name;
  std::string family;                // "trs", "hanweb", "gkmlpt", "vsb", "shaanxi"
  std::string portal_url;            // the root: http://www.simtrs-a.gov.cn/
  std::vector<std::string> hosts;    // the portal's own hosts
  std::string column_url;            // the annual-report column
  bool seed_names_column = true;     // false: the seed row leaves `columns` empty (discover)
  std::vector<ReportTruth> reports;
  std::vector<NonReport> non_reports;
  std::vector<ForbiddenTarget> forbidden;
  std::string challenge_url;         // "" if this portal has none; else requested at most once
  std::string cookie_host;           // "" or the host answering 302-to-itself with a cookie
};

nlohmann::json ToJson(const ReportTruth& report, bool with_values);
nlohmann::json ToJson(const PortalTruth& portal);

}  // namespace xxgk::simulator
