// The JSON shapes `fetch --json` and `harvest --json` share (crawler/cli/fetch_run_json.h): every
// field of a report under its name, null (not 0 or "") for an unknown year, agency or doc_id,
// the state by its name; pages as [{url, reason}] in order.
#include "crawler/cli/fetch_run_json.h"

#include <gtest/gtest.h>

namespace xxgk::cli {
namespace {

TEST(FetchRunJsonTest, AReportHasEveryFieldUnderItsName) {
  harvest::ReportOutcome r;
  r.state = harvest::ReportOutcome::State::kDuplicate;
  r.seed_code = "140423-zfb";
  r.column = "http://a.gov.cn/nb/";
  r.title = "2023年政府信息公开工作年度报告";
  r.list_date = "2024-01-20";
  r.year = 2023;
  r.agency = "襄垣县人民政府办公室";
  r.format = "pdf";
  r.doc_id = "0123456789abcdef";
  r.url = "http://a.gov.cn/nb/1.pdf";
  r.checks_passed = 5;
  r.checks_failed = 1;
  r.problems = {"one", "two"};
  const nlohmann::ordered_json j = ReportJson(r);
  EXPECT_EQ(j.dump(),
            R"({"year":2023,"agency":"襄垣县人民政府办公室","title":"2023年政府信息公开工作年度报告",)"
            R"("format":"pdf","doc_id":"0123456789abcdef","state":"duplicate","checks_passed":5,)"
            R"("checks_failed":1,"url":"http://a.gov.cn/nb/1.pdf","seed_code":"140423-zfb",)"
            R"("column":"http://a.gov.cn/nb/","list_date":"2024-01-20","problems":["one","two"]})");
}

TEST(FetchRunJsonTest, UnknownYearAgencyAndDocIdAreNull) {
  harvest::ReportOutcome r;  // kNoDocument, nothing known
  const nlohmann::ordered_json j = ReportJson(r);
  EXPECT_TRUE(j["year"].is_null());
  EXPECT_TRUE(j["agency"].is_null());
  EXPECT_TRUE(j["doc_id"].is_null());
  EXPECT_EQ(j["state"], "no_document");
  EXPECT_EQ(j["title"], "");  // known to be empty, not unknown
  EXPECT_TRUE(j["problems"].is_array());
  EXPECT_TRUE(j["problems"].empty());
}

TEST(FetchRunJsonTest, PagesAreUrlAndReasonInOrder) {
  EXPECT_EQ(PagesJson({}).dump(), "[]");
  EXPECT_EQ(PagesJson({{"http://a/1", "HTTP 404"}, {"http://a/0", "robots.txt"}}).dump(),
            R"([{"url":"http://a/1","reason":"HTTP 404"},{"url":"http://a/0","reason":"robots.txt"}])");
}

}  // namespace
}  // namespace xxgk::cli
