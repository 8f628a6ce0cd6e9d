// County plan: see county_plan.h.
#include "tests/simulator/county_plan.h"

#include <random>

namespace xxgk::simulator {
namespace {

using extract::TemplateId;

struct BodyTemplate {
  BodyKind kind;
  const char* suffix;  // appended to the county's name ("" for a town: its own name)
  const char* short_name;
  const char* slug;
  std::vector<int> years;
};

// Three departments and three towns, with the years each published (county government: every
// year since the 2019 regulation; departments and towns: the two latest).
const std::vector<BodyTemplate>& Bodies() {
  static const std::vector<BodyTemplate> bodies = {
      {BodyKind::kGovernment, "人民政府", "县政府", "xzf", {2023, 2022, 2021, 2020, 2019}},
      {BodyKind::kOffice, "人民政府办公室", "县政府办公室", "xzfbgs", {2023, 2022, 2021}},
      {BodyKind::kDepartment, "财政局", "财政局", "czj", {2023, 2022}},
      {BodyKind::kDepartment, "教育局", "教育局", "jyj", {2023, 2022}},
      {BodyKind::kDepartment, "卫生健康局", "卫生健康局", "wjj", {2023, 2022}},
      {BodyKind::kTown, "", "城关镇", "cgz", {2023, 2022}},
      {BodyKind::kTown, "", "东河镇", "dhz", {2023, 2022}},
      {BodyKind::kTown, "", "西山乡", "xsx", {2023, 2022}},
  };
  return bodies;
}

std::string Date(int y, int m, int d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
  return buffer;
}

}  // namespace

BodyLevel Body::level() const {
  switch (kind) {
    case BodyKind::kGovernment: return BodyLevel::kCounty;
    case BodyKind::kTown: return BodyLevel::kTown;
    default: return BodyLevel::kDepartment;
  }
}

std::vector<const PlannedReport*> CountyPlan::ReportsOf(size_t b) const {
  std::vector<const PlannedReport*> out;
  for (const PlannedReport& r : reports) {
    if (r.body == b) out.push_back(&r);
  }
  return out;
}

std::vector<size_t> CountyPlan::BodiesOf(BodyKind kind) const {
  std::vector<size_t> out;
  for (size_t b = 0; b < bodies.size(); ++b) {
    if (bodies[b].kind == kind) out.push_back(b);
  }
  return out;
}

CountyPlan MakeCountyPlan(const CountySpec& spec, uint32_t seed) {
  CountyPlan plan;
  plan.spec = spec;
  std::mt19937 rng(seed * 7919u + static_cast<uint32_t>(std::stoul(spec.code)));
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  uint64_t next_id = 1000 + static_cast<uint64_t>(pick(0, 8000));
  size_t index = 0;
  for (const BodyTemplate& t : Bodies()) {
    Body body;
    body.kind = t.kind;
    body.short_name = t.kind == BodyKind::kGovernment ? "县政府"
                      : t.kind == BodyKind::kOffice   ? "县政府办公室"
                                                      : t.short_name;
    body.name = t.kind == BodyKind::kTown ? std::string(t.short_name) + "人民政府"
                                          : spec.name + t.suffix;
    body.slug = t.slug;
    plan.bodies.push_back(body);
    const size_t b = plan.bodies.size() - 1;
    for (const int year : t.years) {
      PlannedReport r;
      r.body = b;
      r.year = year;
      const TemplateId id = year >= 2021 ? TemplateId::k2021 : TemplateId::k2019;
      r.values = testing::MakeConsistentReport(id, static_cast<uint32_t>(rng()));
      r.values.agency = body.name;
      r.values.year = year;
      // Departments and towns publish in January, the government by the end of March (条例 第
      // 四十九条); the 2019 report of the government was re-published in a 2021 migration.
      r.date_y = year + 1;
      r.date_m = body.kind == BodyKind::kGovernment ? pick(2, 3) : 1;
      r.date_d = pick(10, 28);
      if (body.kind == BodyKind::kGovernment && year == 2019) {
        r.redated = true;
        r.date_y = 2021;
        r.date_m = 1;
        r.date_d = 29;
      }
      r.values.signed_year = year + 1;
      r.values.signed_month = r.date_m == 1 || r.redated ? 1 : r.date_m;
      r.values.signed_day = r.redated ? 20 : r.date_d;
      r.date = Date(r.date_y, r.date_m, r.date_d);
      r.title = body.name + std::to_string(year) + "年政府信息公开工作年度报告";
      // Formats cycle so that every county has inline pages, PDF-only and HTML + DOCX reports.
      switch (index++ % 5) {
        case 3: r.formats = {"pdf"}; break;
        case 4: r.formats = {"html", "docx"}; break;
        default: r.formats = {"html"};
      }
      r.id = next_id;
      next_id += 1 + static_cast<uint64_t>(pick(1, 400));
      r.text = testing::BuildReportText(r.values, testing::Layout::kTabs);
      plan.reports.push_back(std::move(r));
    }
  }
  // Notices that name annual reports but are not reports, and a work plan; in the government's
  // column, as portals file them.
  const struct {
    std::string title;
    int y, m, d;
    bool attachment;
  } notices[] = {
      {"关于报送2023年度政府信息公开工作年度报告的通知", 2024, 1, 5, true},
      {spec.name + "召开2023年度政府信息公开工作年报培训会", 2023, 12, 20, false},
      {"关于做好2022年度政府信息公开工作年度报告编制发布工作的通知", 2023, 1, 4, true},
      {spec.name + "2024年政务公开工作要点", 2024, 4, 2, false},
  };
  for (const auto& n : notices) {
    PlannedNotice notice;
    notice.title = n.title;
    notice.date_y = n.y;
    notice.date_m = n.m;
    notice.date_d = n.d;
    notice.date = Date(n.y, n.m, n.d);
    notice.has_attachment = n.attachment;
    notice.id = next_id;
    next_id += 1 + static_cast<uint64_t>(pick(1, 400));
    plan.notices.push_back(notice);
  }
  return plan;
}

}  // namespace xxgk::simulator
