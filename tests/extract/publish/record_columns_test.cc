// Record columns: the CSV header is stable and complete, and each cell lands in its named column.
#include "extract/publish/record_columns.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "extract/report/report_extractor.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

size_t Column(const std::string& name) {
  const auto& names = RecordColumnNames();
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return static_cast<size_t>(it - names.begin());
}

TEST(RecordColumnsTest, NamesEveryCellOfBothTemplatesOnce) {
  const auto& names = RecordColumnNames();
  EXPECT_EQ(names.front(), "seq");
  // 10 summary and 12 source columns; 2021: 二 6+3+1 (fees) , 三 25 rows x 7, 四 15; 2019 adds its own 二 cells
  // (16, licensing etc. as objects) and 三 "other" (7).
  EXPECT_EQ(names.size(), 10u + 12u + 10u + 175u + 15u + 22u + 7u);
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicate name";
  EXPECT_EQ(names[4], "agency_alias");
  EXPECT_EQ(names[10], "source.kind");
  EXPECT_EQ(names[11], "source.url");
  Column("active_disclosure.fees_wan_yuan");
  Column("active_disclosure.procurement.amount");
  Column("applications.other.total");
  Column("reviews_litigation.litigation_after_review.pending");
}

TEST(RecordColumnsTest, PlacesTheValuesOfASampleReport) {
  const std::string text =
      testing::ReadAll(std::string(XXGK_SOURCE_DIR) + "/seeds/reports/000_d897ee77a401e675.txt");
  const auto record = nlohmann::json::parse(RecordToJson(ExtractReport(text), false));
  const auto values = RecordColumnValues(record, RecordRowContext{"7", "2026-11-22T00:00:00Z"});
  ASSERT_EQ(values.size(), RecordColumnNames().size());
  EXPECT_EQ(values[Column("seq")], "7");
  EXPECT_EQ(values[Column("agency")], "襄垣县人民政府办公室");
  EXPECT_EQ(values[Column("template")], "2021");
  EXPECT_EQ(values[Column("published")], "");  // null
  EXPECT_EQ(values[Column("checks_failed")], "2");
  EXPECT_EQ(values[Column("warnings")], "published_missing");
  EXPECT_EQ(values[Column("applications.new_received.natural_person")], "17");
  EXPECT_EQ(values[Column("applications.unable_not_held.total")], "15");
  EXPECT_EQ(values[Column("active_disclosure.normative_documents.valid")], "10");
  EXPECT_EQ(values[Column("active_disclosure.fees_wan_yuan")], "0");
  EXPECT_EQ(values[Column("applications.other.natural_person")], "");  // a 2019-only row
  EXPECT_EQ(values[Column("active_disclosure.licensing.decisions")], "");  // 2019's shape
  EXPECT_EQ(values[Column("source.url")], "");  // no source given
}

TEST(RecordColumnsTest, EveryRowCarriesItsProvenance) {
  const nlohmann::json record = {{"doc_id", "0541808197109430"}, {"agency", "某县人民政府"},
                                 {"agency_alias", "某县政府办"}};
  const nlohmann::json source = {{"url", "https://x.gov.cn/2024/report.pdf"},
                                 {"kind", "url"},
                                 {"page", "https://x.gov.cn/2024/t1.html"},
                                 {"title", "2023年年度报告"},
                                 {"fetched_at", "2026-11-22T08:00:00Z"},
                                 {"code", "140423"},
                                 {"column", "信息公开/年报"},
                                 {"list_date", "2024-01-20"},
                                 {"content_type", "application/pdf"},
                                 {"copies", {"https://x.gov.cn/a.html", "https://x.gov.cn/b.doc"}},
                                 {"removed_since", "2026-03-02"},
                                 {"removed_reason", "http_404"}};
  const auto values = RecordColumnValues(record, RecordRowContext{"3", "2026-11-22T08:00:01Z", source});
  EXPECT_EQ(values[Column("agency_alias")], "某县政府办");
  EXPECT_EQ(values[Column("source.kind")], "url");
  EXPECT_EQ(values[Column("source.url")], "https://x.gov.cn/2024/report.pdf");
  EXPECT_EQ(values[Column("source.page")], "https://x.gov.cn/2024/t1.html");
  EXPECT_EQ(values[Column("source.title")], "2023年年度报告");
  EXPECT_EQ(values[Column("source.fetched_at")], "2026-11-22T08:00:00Z");
  EXPECT_EQ(values[Column("source.content_type")], "application/pdf");
  EXPECT_EQ(values[Column("source.code")], "140423");
  EXPECT_EQ(values[Column("source.column")], "信息公开/年报");
  EXPECT_EQ(values[Column("source.list_date")], "2024-01-20");
  EXPECT_EQ(values[Column("source.copies")], "https://x.gov.cn/a.html;https://x.gov.cn/b.doc");
  EXPECT_EQ(values[Column("source.removed_since")], "2026-03-02");
  EXPECT_EQ(values[Column("source.removed_reason")], "http_404");
  EXPECT_TRUE(IsTextColumn("source.removed_since"));
  EXPECT_TRUE(IsTextColumn("source.fetched_at"));
  EXPECT_TRUE(IsTextColumn("source.code"));
  EXPECT_FALSE(IsTextColumn("source.url"));
}

}  // namespace
}  // namespace xxgk::extract
