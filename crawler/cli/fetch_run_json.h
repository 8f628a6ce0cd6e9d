// The JSON shapes of a FetchRun's results (crawler/harvest/fetch_run.h) that the `--json`
// summaries of `xxgk fetch` and `xxgk harvest` share: one report, a list of pages with reasons.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "crawler/harvest/fetch_run.h"

namespace xxgk::cli {

// {year, agency, title, format, doc_id, state, checks_passed, checks_failed, url, seed_code,
//  column, list_date, problems}; null for an unknown year, agency or doc_id.
nlohmann::ordered_json ReportJson(const harvest::ReportOutcome& report);

// [{url, reason}], in order.
nlohmann::ordered_json PagesJson(const std::vector<harvest::PageFailure>& pages);

}  // namespace xxgk::cli
