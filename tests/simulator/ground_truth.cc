// Ground truth: see ground_truth.h.
#include "tests/simulator/ground_truth.h"

namespace xxgk::simulator {

std::string_view BodyLevelName(BodyLevel level) {
  switch (level) {
    case BodyLevel::kCounty: return "county";
    case BodyLevel::kDepartment: return "department";
    case BodyLevel::kTown: return "town";
  }
  return "county";
}

std::vector<std::string> ReportTruth::formats() const {
  std::vector<std::string> out;
  for (const ReportCopy& copy : copies) out.push_back(copy.format);
  return out;
}

bool ForbiddenTarget::Matches(std::string_view request_host, std::string_view target) const {
  return request_host == host && target.starts_with(path_prefix);
}

nlohmann::json ToJson(const ReportTruth& r, bool with_values) {
  nlohmann::json copies = nlohmann::json::array();
  for (const ReportCopy& c : r.copies) {
    nlohmann::json copy = {{"format", c.format}, {"url", c.url}};
    if (!c.charset.empty()) copy["charset"] = c.charset;
    if (!c.continuation_url.empty()) copy["continuation_url"] = c.continuation_url;
    copies.push_back(std::move(copy));
  }
  nlohmann::json j = {{"county_code", r.county_code}, {"body", r.body_name},
                      {"level", BodyLevelName(r.level)}, {"year", r.year},
                      {"agency", r.agency},           {"template", r.template_name},
                      {"page_url", r.page_url},       {"list_title", r.list_title},
                      {"list_date", r.list_date},     {"column_path", r.column_path},
                      {"formats", r.formats()},       {"copies", copies}};
  if (with_values) {
    j["values"] = {{"active", r.values.active},
                   {"applications", r.values.applications},
                   {"reviews", r.values.reviews}};
  }
  return j;
}

nlohmann::json ToJson(const PortalTruth& p) {
  nlohmann::json reports = nlohmann::json::array();
  for (const ReportTruth& r : p.reports) reports.push_back(ToJson(r, true));
  nlohmann::json non_reports = nlohmann::json::array();
  for (const NonReport& n : p.non_reports) {
    non_reports.push_back(
        {{"title", n.title}, {"page_url", n.page_url}, {"attachment_urls", n.attachment_urls}});
  }
  nlohmann::json forbidden = nlohmann::json::array();
  for (const ForbiddenTarget& f : p.forbidden) {
    forbidden.push_back({{"host", f.host}, {"path_prefix", f.path_prefix}, {"reason", f.reason}});
  }
  return {{"county_code", p.county_code}, {"province", p.province},
          {"prefecture", p.prefecture},   {"name", p.name},
          {"family", p.family},           {"portal_url", p.portal_url},
          {"hosts", p.hosts},             {"column_url", p.column_url},
          {"seed_names_column", p.seed_names_column},
          {"reports", reports},           {"non_reports", non_reports},
          {"forbidden", forbidden},       {"challenge_url", p.challenge_url},
          {"cookie_host", p.cookie_host}};
}

}  // namespace xxgk::simulator
