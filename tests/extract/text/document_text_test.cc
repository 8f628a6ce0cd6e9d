// ToText: dispatch on the sniffed format, charset and warnings, normalisation, limits (size and
// time), and formats not converted yet.
#include "extract/text/document_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "extract/text/doc_identity.h"
#include "tests/extract/docx_writer.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/pdf_writer.h"

namespace xxgk::extract {
namespace {

TEST(DocumentText, PlainUtf8TextIsNormalised) {
  const DocumentText d = ToText("\xEF\xBB\xBF报告  \r\n\r\n第一行\t\r\n", {"", "a.txt"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.format, DocumentFormat::kText);
  EXPECT_EQ(d.text, "报告\n\n第一行\n");
  EXPECT_TRUE(d.warnings.empty());
}

// Found by the DOCX fuzz target: bytes that repeat the byte-order mark decode to a text starting
// with U+FEFF after the mark itself is removed. The stored text must be a fixed point of the
// normalisation, else its exported .txt would be named differently on re-import.
TEST(DocumentText, RepeatedByteOrderMarksLeaveAFixedPointOfTheNormalisation) {
  for (const std::string& bytes :
       {std::string("\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF\xE6\x8A\xA5\xE5\x91\x8A\n"),
        std::string("\xFE\xFF\xFE\xFF\xFE\xFF\x62\xA5\x54\x4A\x00\x0A", 12)}) {
    const DocumentText d = ToText(bytes, {"", "a.txt"});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d.text, "报告\n");
    EXPECT_EQ(NormalizeDocumentText(d.text), d.text);
  }
}

TEST(DocumentText, GbkTextFileIsDecoded) {
  const DocumentText d =
      ToText(testing::EncodeGb18030("汾西县人民政府办公室\n2023年政府信息公开工作年度报告\n"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.text, "汾西县人民政府办公室\n2023年政府信息公开工作年度报告\n");
}

TEST(DocumentText, GbkHtmlWithMetaIsDecodedAndItsBodyExtracted) {
  const std::string html = testing::EncodeGb18030(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>年报</title><meta name=\"PubDate\" content=\"2024-01-29\"></head><body>"
      "<div class=nav><a href=/>首页</a></div><div class=\"TRS_Editor\"><p>正文&nbsp;第一段</p>"
      "<table><tr><td>规章</td><td>0</td></tr></table></div></body></html>");
  const DocumentText d = ToText(html, {"text/html", "t20240129_1.html"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.format, DocumentFormat::kHtml);
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.charset_source, CharsetSource::kMetaTag);
  EXPECT_EQ(d.text, "正文 第一段\n\n规章\t0\n");
  EXPECT_EQ(d.title, "年报");
  EXPECT_EQ(d.published, "2024-01-29");
  EXPECT_EQ(d.html_body, "div.TRS_Editor");
}

TEST(DocumentText, ReplacedBytesAreAWarningWithTheirCount) {
  const std::string bytes = testing::EncodeGb18030("年度报告") + "\xFF\xFF";
  const DocumentText d = ToText(bytes, {"text/plain; charset=gbk", ""});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.invalid_sequences, 2u);
  ASSERT_TRUE(d.HasWarning("invalid_bytes_replaced"));
  EXPECT_NE(d.warnings[0].detail.find("2 byte sequences"), std::string::npos);
  EXPECT_FALSE(FindInvalidUtf8(d.text).has_value());
}

TEST(DocumentText, MislabelledCharsetIsAWarning) {
  const DocumentText d =
      ToText("<meta charset=gbk><p>这是一个用 UTF-8 编码但声明为 GBK 的页面。</p>", {});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d.HasWarning("charset_mislabelled"));
  EXPECT_EQ(d.text, "这是一个用 UTF-8 编码但声明为 GBK 的页面。\n");
}

TEST(DocumentText, FormatsNotConvertedYetAreUnsupportedNotErrors) {
  for (const std::string& bytes :
       {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10),
        std::string("\x89PNG\r\n\x1A\n", 8)}) {
    const DocumentText d = ToText(bytes, {"", "report.txt"});
    EXPECT_EQ(d.outcome, TextOutcome::kUnsupported);
    EXPECT_TRUE(d.text.empty());
    ASSERT_TRUE(d.HasWarning("unsupported_format"));
    EXPECT_NE(d.warnings[0].detail.find(FormatName(d.format)), std::string::npos);
  }
  EXPECT_EQ(ToText("%PDF-1.4").format, DocumentFormat::kPdf);
  // PDF is converted now (pdf_text.h): a damaged one is refused, not unsupported.
  EXPECT_EQ(ToText("%PDF-1.4\n1 0 obj\n").refusal_code, "pdf_damaged");
}

TEST(DocumentText, InputOverTheSizeLimitIsRefused) {
  DocumentLimits limits;
  limits.max_input_bytes = 1000;
  const DocumentText d = ToText(std::string(1001, 'a'), {}, limits);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "input_too_large");
  EXPECT_NE(d.refusal.find("1001"), std::string::npos);
  EXPECT_TRUE(ToText(std::string(1000, 'a'), {}, limits).ok());
}

TEST(DocumentText, TooDeepHtmlIsRefused) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  const DocumentText d = ToText(html);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "html_too_deep");
}

TEST(DocumentText, EmptyInputIsEmptyTextWithAWarning) {
  const DocumentText d = ToText("");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.text, "");
  EXPECT_TRUE(d.HasWarning("empty_text"));
}

TEST(DocumentText, RandomBytesNeverCrashAndAlwaysGiveValidUtf8) {
  std::mt19937 rng(7);
  for (int round = 0; round < 1000; ++round) {
    std::string bytes(std::uniform_int_distribution<size_t>(0, 4000)(rng), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (round % 3 == 0) bytes = "<html><body><table><tr><td>" + bytes;  // HTML path
    if (round % 3 == 1) {
      for (char& c : bytes) c = static_cast<char>((static_cast<unsigned char>(c) | 0x80));  // "GBK"
    }
    const DocumentText d = ToText(bytes, {round % 2 ? "text/html; charset=gbk" : "", ""});
    if (d.ok()) {
      EXPECT_FALSE(FindInvalidUtf8(d.text).has_value());
    }
  }
}

// ---- the per-document time limit (DocumentLimits::max_time) ------------------------------------
// Deterministic: a zero budget has expired at the first check whatever the machine's speed; a
// budget of an hour never expires in a test.

// A PDF of `pages` pages, each with one line of text.
std::string MultiPagePdf(size_t pages) {
  std::vector<testing::Page> list;
  for (size_t i = 0; i < pages; ++i) {
    list.push_back(testing::Page{{72, 400, "Item " + std::to_string(i + 1)}});
  }
  return testing::MakePdf(list);
}

// A DOCX (in-memory zip) whose body holds `paragraphs` paragraphs and a small table.
std::string SmallDocx(size_t paragraphs) {
  std::string body;
  for (size_t i = 0; i < paragraphs; ++i) {
    body += "<w:p><w:r><w:t>Paragraph " + std::to_string(i) + "</w:t></w:r></w:p>";
  }
  body += "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>"
          "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
  return testing::Docx(body);
}

std::string SmallHtml() {
  std::string html = "<html><head><title>t</title></head><body><div id=zoom>";
  for (int i = 0; i < 50; ++i) html += "<p>Paragraph " + std::to_string(i) + "</p>";
  return html + "<table><tr><td>a</td><td>1</td></tr></table></div></body></html>";
}

DocumentLimits WithBudget(std::chrono::milliseconds budget) {
  DocumentLimits limits;
  limits.max_time = budget;
  return limits;
}

void ExpectTimeLimit(const DocumentText& d, DocumentFormat format) {
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.format, format);
  EXPECT_EQ(d.refusal_code, "time_limit");
  EXPECT_NE(d.refusal.find("time limit of 0 ms"), std::string::npos) << d.refusal;
  EXPECT_EQ(d.text, "");  // nothing half-processed
}

TEST(DocumentTimeLimit, ExpiredBudgetRefusesAMultiPagePdf) {
  const std::string pdf = MultiPagePdf(5);
  ExpectTimeLimit(ToText(pdf, {}, WithBudget(std::chrono::milliseconds(0))), DocumentFormat::kPdf);
  const DocumentText d = ToText(pdf, {}, WithBudget(std::chrono::hours(1)));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text, "Item 1\nItem 2\nItem 3\nItem 4\nItem 5\n");
}

TEST(DocumentTimeLimit, ExpiredBudgetRefusesADocx) {
  const std::string docx = SmallDocx(3);
  ExpectTimeLimit(ToText(docx, {}, WithBudget(std::chrono::milliseconds(0))),
                  DocumentFormat::kDocx);
  const DocumentText d = ToText(docx, {}, WithBudget(std::chrono::hours(1)));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_NE(d.text.find("Paragraph 2\n"), std::string::npos);
  EXPECT_NE(d.text.find("a\t1"), std::string::npos);
}

TEST(DocumentTimeLimit, ExpiredBudgetRefusesAnHtmlPage) {
  const std::string html = SmallHtml();
  ExpectTimeLimit(ToText(html, {}, WithBudget(std::chrono::milliseconds(0))),
                  DocumentFormat::kHtml);
  const DocumentText d = ToText(html, {}, WithBudget(std::chrono::hours(1)));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_NE(d.text.find("Paragraph 49"), std::string::npos);
}

TEST(DocumentTimeLimit, DefaultBudgetAndNoLimitGiveText) {
  EXPECT_EQ(DocumentLimits{}.max_time, std::chrono::milliseconds(30000));
  const DocumentText d = ToText(SmallDocx(2000), {}, WithBudget(std::chrono::milliseconds::max()));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_NE(d.text.find("Paragraph 1999\n"), std::string::npos);
  EXPECT_TRUE(ToText(MultiPagePdf(3)).ok());
}

TEST(DocumentTimeLimit, PlainTextHasNoTimeCheck) {
  const DocumentText d = ToText("plain report text\n", {}, WithBudget(std::chrono::milliseconds(0)));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.text, "plain report text\n");
}

TEST(DocumentTimeLimit, DeadlineCheckReadsTheClockEveryStrideCalls) {
  DeadlineCheck never(kNoDeadline, 1);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(never.Expired());
  DeadlineCheck past(std::chrono::steady_clock::now() - std::chrono::seconds(1), 4);
  EXPECT_TRUE(past.Expired());  // the first call reads the clock
  EXPECT_TRUE(past.Expired());  // and it stays expired
  DeadlineCheck future(DeadlineAfter(std::chrono::hours(1)), 4);
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(future.Expired());
  EXPECT_EQ(DeadlineAfter(std::chrono::milliseconds::max()), kNoDeadline);
}

}  // namespace
}  // namespace xxgk::extract
