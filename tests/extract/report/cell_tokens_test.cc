// Cell tokens: how words of report lines are classified, and which empty cells are blanks.
#include "extract/report/cell_tokens.h"

#include <gtest/gtest.h>

namespace xxgk::extract {
namespace {

TEST(ClassifyWord, ReadsIntegersWithThousandsSeparatorsSignsAndUnits) {
  CellToken t = ClassifyWord("28,311");
  EXPECT_EQ(t.kind, TokenKind::kNumber);
  EXPECT_TRUE(t.integral);
  EXPECT_EQ(t.value, 28311);
  EXPECT_EQ(ClassifyWord("-2").value, -2);
  EXPECT_EQ(ClassifyWord("+3").value, 3);
  t = ClassifyWord("17件");
  EXPECT_EQ(t.kind, TokenKind::kNumber);
  EXPECT_EQ(t.value, 17);
  EXPECT_TRUE(t.has_unit);
}

TEST(ClassifyWord, KeepsDecimalsAndMoneyAsWritten) {
  CellToken t = ClassifyWord("1760.1263");
  EXPECT_EQ(t.kind, TokenKind::kNumber);
  EXPECT_FALSE(t.integral);
  EXPECT_EQ(t.text, "1760.1263");
  t = ClassifyWord("251000元");
  EXPECT_EQ(t.kind, TokenKind::kNumber);
  EXPECT_EQ(t.text, "251000元");
}

TEST(ClassifyWord, RejectsMalformedThousandsGroups) {
  EXPECT_EQ(ClassifyWord("1,2").kind, TokenKind::kGarbled);
  EXPECT_EQ(ClassifyWord("12,34,567").kind, TokenKind::kGarbled);
  EXPECT_EQ(ClassifyWord("1234,567").kind, TokenKind::kGarbled);
}

TEST(ClassifyWord, TellsPlaceholdersFromDashRules) {
  for (const char* p : {"/", "-", "—", "——", "–"}) {
    EXPECT_EQ(ClassifyWord(p).kind, TokenKind::kPlaceholder) << p;
  }
}

TEST(ClassifyWord, TreatsOrdinalsAndCjkAsLabelText) {
  for (const char* w : {"1.", "12.", "(3)", "2、", "(一)", "属于国家秘密", "PDF"}) {
    EXPECT_EQ(ClassifyWord(w).kind, TokenKind::kText) << w;
  }
}

TEST(ClassifyWord, MarksGarbageWhereAValueCouldStandAsGarbled) {
  for (const char* w : {"l7", "O", "1O", "?", "\u25a0", "\ufffd", "12a"}) {
    EXPECT_EQ(ClassifyWord(w).kind, TokenKind::kGarbled) << w;
  }
}

TEST(TokenizeLines, JoinsLabelWordsOfALineWithoutSpaces) {
  std::vector<std::string> lines = {"(三) 不 予公开 1. 属于国家秘密 0 0"};
  auto tokens = TokenizeLines(lines, 0, 1);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "(三)不予公开1.属于国家秘密");
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
}

TEST(TokenizeLines, KeepsBlankCellsOnlyBetweenValues) {
  // Leading empties are merged label columns, trailing ones the table's grid.
  std::vector<std::string> lines = {"\t\t一、本年新收\t\t3\t\t0\t/\t\t"};
  auto tokens = TokenizeLines(lines, 0, 1);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kText);
  EXPECT_EQ(tokens[1].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[2].kind, TokenKind::kBlank);
  EXPECT_EQ(tokens[3].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[4].kind, TokenKind::kPlaceholder);
}

TEST(TokenizeLines, SplitsMarkdownPipeRows) {
  std::vector<std::string> lines = {"| 行政许可 | 18468 |  |"};
  auto tokens = TokenizeLines(lines, 0, 1);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "行政许可");
  EXPECT_EQ(tokens[1].value, 18468);
}

}  // namespace
}  // namespace xxgk::extract
