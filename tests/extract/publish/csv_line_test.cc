// CSV lines: plain fields as they are, fields with separators quoted with quotes doubled, CRLF.
#include "extract/publish/csv_line.h"

#include <gtest/gtest.h>

namespace xxgk::extract {
namespace {

TEST(CsvLineTest, PlainFieldsAreJoinedByCommasAndEndWithCrLf) {
  EXPECT_EQ(CsvLine({"a", "汾西县", ""}), "a,汾西县,\r\n");
}

TEST(CsvLineTest, FieldsWithSeparatorsAreQuotedWithQuotesDoubled) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
}

TEST(CsvLineTest, SpreadsheetTextIsAFormulaGivingTheTextItself) {
  EXPECT_EQ(SpreadsheetText("0541808197109430"), "=\"0541808197109430\"");
  EXPECT_EQ(SpreadsheetText(""), "");
  EXPECT_EQ(CsvField(SpreadsheetText("90792312489773e4")), "\"=\"\"90792312489773e4\"\"\"");
}

}  // namespace
}  // namespace xxgk::extract
