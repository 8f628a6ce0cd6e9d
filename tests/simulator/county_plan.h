// County plan (tests only): what one simulated county publishes, before any family decides where
// — its bodies (the county government, its office, departments, towns), one planned report per
// body and year with values from MakeConsistentReport, and the notices that only look like
// reports. Deterministic: the same spec and seed give the same plan, byte for byte.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/extract/report_builder.h"
#include "tests/simulator/ground_truth.h"

namespace xxgk::simulator {

// Who a county is and where its portal lives; each family's file names one.
struct CountySpec {
  std::string code;        // 6 digits
  std::string province, prefecture;
  std::string name;        // 星河县
  std::string host;        // www.simtrs-a.gov.cn
  std::string family;      // the family that builds it (portal_family.h)
  bool seed_names_column = true;
};

enum class BodyKind { kGovernment, kOffice, kDepartment, kTown };

struct Body {
  BodyKind kind = BodyKind::kGovernment;
  std::string name;   // 星河县财政局
  std::string short_name;  // 财政局 (the sub-column's label)
  std::string slug;   // czj (for paths)
  BodyLevel level() const;
};

struct PlannedReport {
  size_t body = 0;  // index into CountyPlan::bodies
  int year = 0;
  std::string title;  // 星河县财政局2023年政府信息公开工作年度报告
  std::string date;   // publication date YYYY-MM-DD (a re-dated report: after a migration)
  int date_y = 0, date_m = 0, date_d = 0;
  bool redated = false;     // published long after its year (a portal migration)
  std::vector<std::string> formats;  // "html" (inline), "pdf", "docx" (attachments)
  uint64_t id = 0;          // a document id unique in the county, for URLs
  testing::SyntheticReport values;
  std::string text;         // BuildReportText(values, kTabs)
};

// A notice about reports, or other non-report list items with attachments.
struct PlannedNotice {
  std::string title;
  std::string date;
  int date_y = 0, date_m = 0, date_d = 0;
  uint64_t id = 0;
  bool has_attachment = false;
};

struct CountyPlan {
  CountySpec spec;
  std::vector<Body> bodies;
  std::vector<PlannedReport> reports;  // grouped by body, newest year first within a body
  std::vector<PlannedNotice> notices;
  // The reports of body `b`, newest first.
  std::vector<const PlannedReport*> ReportsOf(size_t b) const;
  std::vector<size_t> BodiesOf(BodyKind kind) const;
};

CountyPlan MakeCountyPlan(const CountySpec& spec, uint32_t seed);

}  // namespace xxgk::simulator
