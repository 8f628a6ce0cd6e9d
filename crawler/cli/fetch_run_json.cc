// JSON of a FetchRun's results. See fetch_run_json.h.
#include "crawler/cli/fetch_run_json.h"

namespace xxgk::cli {

nlohmann::ordered_json ReportJson(const harvest::ReportOutcome& r) {
  nlohmann::ordered_json j;
  j["year"] = r.year == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(r.year);
  j["agency"] = r.agency.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.agency);
  j["title"] = r.title;
  j["format"] = r.format;
  j["doc_id"] = r.doc_id.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.doc_id);
  j["state"] = harvest::ReportStateName(r.state);
  j["checks_passed"] = r.checks_passed;
  j["checks_failed"] = r.checks_failed;
  j["url"] = r.url;
  j["seed_code"] = r.seed_code;
  j["column"] = r.column;
  j["list_date"] = r.list_date;
  j["problems"] = r.problems;
  return j;
}

nlohmann::ordered_json PagesJson(const std::vector<harvest::PageFailure>& pages) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const harvest::PageFailure& f : pages) out.push_back({{"url", f.url}, {"reason", f.reason}});
  return out;
}

}  // namespace xxgk::cli
