// Document identity: the normalisation that names documents, the doc_id, and UTF-8 validation.
#include "extract/text/doc_identity.h"

#include <gtest/gtest.h>

namespace xxgk::extract {
namespace {

TEST(NormalizeDocumentText, TurnsCrLfAndLoneCrIntoLf) {
  EXPECT_EQ(NormalizeDocumentText("a\r\nb\rc\n"), "a\nb\nc\n");
}

TEST(NormalizeDocumentText, TrimsTrailingSpacesTabsAndIdeographicSpaces) {
  EXPECT_EQ(NormalizeDocumentText("规章 0 \t\n行政许可\u3000\u3000\n费用\u00a0\n"),
            "规章 0\n行政许可\n费用\n");
}

TEST(NormalizeDocumentText, KeepsLeadingSpacesBlankLinesAndTabsInside) {
  EXPECT_EQ(NormalizeDocumentText(" 四、政府\n\n\n\t0\t0\n"), " 四、政府\n\n\n\t0\t0\n");
}

TEST(NormalizeDocumentText, RemovesByteOrderMarkOnlyAtTheStart) {
  EXPECT_EQ(NormalizeDocumentText("\xEF\xBB\xBF报告\xEF\xBB\xBF"), "报告\xEF\xBB\xBF");
}

TEST(DocId, IsTheFirstSixteenHexDigitsOfSha256) {
  // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(DocIdOfNormalized("abc"), "ba7816bf8f01cfea");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DocId, IsTheSameForTextsThatDifferOnlyInLineEndingsAndTrailingSpace) {
  EXPECT_EQ(DocIdOfNormalized(NormalizeDocumentText("规章 0 0 0  \r\n")),
            DocIdOfNormalized(NormalizeDocumentText("规章 0 0 0\n")));
  EXPECT_NE(DocIdOfNormalized(NormalizeDocumentText("规章 0 0 0\n")),
            DocIdOfNormalized(NormalizeDocumentText("规章 0 0 1\n")));
}

TEST(FindInvalidUtf8, AcceptsChineseTextAndReportsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("汾西县 2023"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);         // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xed\xa0\x80"), 1u);    // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8("汾\xe4\xb8"), 3u);       // truncated sequence at the end
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"), 0u); // above U+10FFFF
}

}  // namespace
}  // namespace xxgk::extract
