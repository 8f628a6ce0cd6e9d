// PDF → text (extract/text/pdf_text.h, directly and through ToText). The PDFs are written in the test
// by a tiny writer (tests/extract/pdf_writer.h: catalog, page tree, one Helvetica font, one content stream per page with
// `BT /F1 12 Tf x y Td (text) Tj ET`, a correct xref table), so every layout case is explicit:
// lines by height, tabs between distant columns, spaces between close words, page numbers and
// running headers dropped, a page without text, page and text limits, a locked PDF, and hostile
// bytes (truncations, random bytes after %PDF-) that must be refused or read, never crash.
#include "extract/text/pdf_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "extract/text/document_text.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/pdf_writer.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/report_expectations.h"

namespace xxgk::testing {
namespace {

using extract::DocumentFormat;
using extract::DocumentLimits;
using extract::DocumentText;
using extract::PdfLimits;
using extract::PdfText;
using extract::PdfToText;
using extract::TextOutcome;
using extract::ToText;

PdfText Read(const std::vector<Page>& pages, const PdfLimits& limits = {}) {
  const PdfText t = PdfToText(MakePdf(pages), limits);
  EXPECT_EQ(t.refusal, "");
  return t;
}

TEST(PdfText, WriterProducesAPdfThatToTextSniffsAndReads) {
  const std::string pdf = MakePdf({{{72, 700, "Hello"}}});
  const DocumentText d = ToText(pdf, {"application/pdf", "report.pdf"});
  EXPECT_EQ(d.format, DocumentFormat::kPdf);
  ASSERT_EQ(d.outcome, TextOutcome::kText) << d.refusal;
  EXPECT_EQ(d.text, "Hello\n");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(PdfText, LinesFollowTheirHeightNotTheContentOrder) {
  // Drawn bottom line first; "right" is 1.5 pt lower than "left" but on the same printed line.
  const PdfText t = Read({{{72, 500, "third"},
                           {72, 700, "first"},
                           {91.4, 598.5, "right"},
                           {72, 600, "left"}}});
  EXPECT_EQ(t.text, "first\nleft right\nthird\n");
  EXPECT_EQ(t.pages, 1u);
  EXPECT_FALSE(t.no_text_layer);
}

TEST(PdfText, DistantColumnsAreSeparatedByTabs) {
  const PdfText t = Read({{{72, 700, "Item"},
                           {300, 700, "Total"},
                           {450, 700, "42"},
                           {72, 680, "Applications"},
                           {300, 680, "7"},
                           {450, 680, "8"}}});
  EXPECT_EQ(t.text, "Item\tTotal\t42\nApplications\t7\t8\n");
}

TEST(PdfText, CloseWordsAreSeparatedByASpace) {
  // Helvetica 12 pt: "Hello" is 27.34 pt wide and a space 3.34 pt, so "there" starts one space
  // after "Hello"; "two words" is one string with a space inside.
  const PdfText t = Read({{{72, 700, "Hello"}, {102.7, 700, "there"}, {72, 650, "two words"}}});
  EXPECT_EQ(t.text, "Hello there\ntwo words\n");
}

TEST(PdfText, WideGapsInLargeTextAreSpacesNotColumns) {
  // A 24 pt title whose words are 14 pt apart (over 1.5 glyphs of the 12 pt body text, under 1.5
  // glyphs of the title) above body text whose columns are 40 pt apart.
  const PdfText t = Read({{{72, 700, "Annual", 24},
                           {72 + 74.71 + 14, 700, "Report", 24},
                           {72, 650, "Body text here"},
                           {72, 630, "Cell"},
                           {72 + 20.66 + 40, 630, "Cell"}}});
  EXPECT_EQ(t.text, "Annual Report\nBody text here\nCell\tCell\n");
}

TEST(PdfText, ColumnGapThresholdIsConfigurable) {
  // 30 pt between words: a column gap at the default 1.5 glyphs, a space at 10 glyphs.
  const std::vector<Page> pages = {{{72, 700, "Hello"}, {129.3, 700, "there"}}};
  EXPECT_EQ(Read(pages).text, "Hello\tthere\n");
  PdfLimits wide;
  wide.column_gap = 10;
  EXPECT_EQ(Read(pages, wide).text, "Hello there\n");
}

TEST(PdfText, PageNumbersAreDropped) {
  std::vector<Page> pages;
  const std::vector<std::string> numbers = {"1", "- 2 -", "3/4", "Page 4 of 4"};
  for (size_t i = 0; i < numbers.size(); ++i) {
    pages.push_back({{72, 700, "Body " + std::string(1, static_cast<char>('A' + i))},
                     {72, 400, "2023"},  // a number in the body stays
                     {300, 30, numbers[i]}});
  }
  const PdfText t = Read(pages);
  EXPECT_EQ(t.text, "Body A\n2023\nBody B\n2023\nBody C\n2023\nBody D\n2023\n");
}

TEST(PdfText, PageNumberAtTheTopIsDroppedButTextThereIsKept) {
  const PdfText t = Read({{{300, 770, "7"}, {72, 700, "Body"}, {72, 40, "Footnote text"}}});
  EXPECT_EQ(t.text, "Body\nFootnote text\n");
}

TEST(PdfText, RunningHeaderAndFooterAreDroppedAcrossPages) {
  std::vector<Page> pages;
  for (int i = 1; i <= 3; ++i) {
    pages.push_back({{72, 760, "County Government Annual Report"},
                     {72, 700, "Body of page " + std::to_string(i)},
                     {72, 400, "Same body line"},  // repeated, but not in the margin: kept
                     {72, 30, "Printed 2024-01-0" + std::to_string(i)}});
  }
  const PdfText t = Read(pages);
  EXPECT_EQ(t.text,
            "Body of page 1\nSame body line\nBody of page 2\nSame body line\n"
            "Body of page 3\nSame body line\n");
}

TEST(PdfText, MarginLineOnOnlyOneOrTwoPagesIsKept) {
  std::vector<Page> pages;
  for (int i = 1; i <= 3; ++i) {
    Page page = {{72, 700, "Body " + std::to_string(i)}};
    if (i < 3) page.push_back({72, 760, "Chapter heading"});
    pages.push_back(page);
  }
  const PdfText t = Read(pages);
  EXPECT_EQ(t.text, "Chapter heading\nBody 1\nChapter heading\nBody 2\nBody 3\n");
}

// ---- ruled tables: the borders (found on a rendering of the page) delimit the cells -----------

TEST(PdfText, TextWrappedInsideARuledCellStaysInItsRow) {
  // The label cell holds two printed lines; the numbers sit on neither line's height exactly.
  const std::vector<Item> items = {{80, 688, "Applications"}, {80, 676, "received"},
                                   {210, 682, "7"},           {270, 682, "8"},
                                   {330, 682, "9"},           {80, 652, "Total"},
                                   {210, 652, "1"},           {270, 652, "2"},
                                   {330, 652, "3"}};
  const PdfText t = Read({Page(items, Grid({72, 200, 260, 320, 380}, {700, 670, 640}))});
  EXPECT_EQ(t.text, "Applications received\t7\t8\t9\nTotal\t1\t2\t3\n");
}

TEST(PdfText, AWordAcrossAVerticalRuleIsCutThere) {
  // "00" is one string (poppler sees one word) whose glyphs sit in two narrow cells; the last
  // cell is empty.
  const std::vector<Item> items = {{80, 686, "Label"}, {153, 686, "00", 12, 0.5}};
  const PdfText t = Read({Page(items, Grid({72, 150, 159.9, 175, 240}, {700, 680}))});
  EXPECT_EQ(t.text, "Label\t0\t0\t\n");
}

TEST(PdfText, EmptyCellsOfARuledRowKeepTheirPlace) {
  const std::vector<Item> items = {{80, 686, "Label"}, {210, 686, "5"}};
  const PdfText t = Read({Page(items, Grid({72, 150, 200, 250, 300}, {700, 680}))});
  EXPECT_EQ(t.text, "Label\t\t5\t\n");
}

TEST(PdfText, GlyphStrokesAreNotTableRules) {
  // Em dashes draw a long horizontal stroke through the middle of the first line of the cell; it
  // must not cut the cell in two.
  const std::vector<Item> items = {
      {80, 686, "A\x97\x97\x97\x97" "B"}, {80, 674, "tail"}, {210, 680, "1"}};
  const PdfText t = Read({Page(items, Grid({72, 200, 260}, {700, 664}))});
  EXPECT_EQ(t.text, "A\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94" "B tail\t1\n");
}

TEST(PdfText, ARowCutByAPageBreakIsJoined) {
  // Page 1 ends with the top part of a row (label and number), page 2 starts with the rest of
  // its label; the next row is a row of its own.
  const Page first({{80, 106, "Head"}, {210, 106, "1"}, {80, 86, "first"}, {210, 86, "7"}},
                   Grid({72, 200, 260}, {120, 100, 80}));
  const Page second({{80, 706, "part"}, {80, 686, "Next"}, {210, 686, "8"}},
                    Grid({72, 200, 260}, {720, 700, 680}));
  const PdfText t = Read({first, second});
  EXPECT_EQ(t.text, "Head\t1\nfirst part\t7\nNext\t8\n");
}

TEST(PdfText, ANumberInATableRowAtThePageFootIsNotAPageNumber) {
  const Page page({{72, 700, "Body"}, {160, 56, "3"}}, Grid({72, 150, 200}, {70, 50}));
  EXPECT_EQ(Read({page}).text, "Body\n\t3\n");
}

TEST(PdfText, ALandscapeTableOnARotatedPageIsReadUpright) {
  // /Rotate 90 turns the page clockwise for display: a displayed point (X, Y from the top left)
  // is (Y, X) in user space, and upright text is drawn turned counter-clockwise.
  auto at = [](double x, double y, const std::string& text) {
    return Item{y, x, text, 12, 0, true};
  };
  std::vector<Stroke> grid;
  for (const Stroke& s : Grid({72, 300, 500}, {100, 130, 160})) {
    grid.push_back({s.y0, s.x0, s.y1, s.x1});
  }
  const Page page({at(80, 120, "Item"), at(310, 120, "Total"), at(80, 150, "Row"),
                   at(310, 150, "42")},
                  grid);
  const PdfText t = PdfToText(MakePdf({page}, "", {}, "/Rotate 90"));
  EXPECT_EQ(t.text, "Item\tTotal\nRow\t42\n");
}

TEST(PdfText, PagesWithoutTextAreNoTextLayer) {
  const std::string pdf = MakePdf({{}, {}});
  const PdfText t = PdfToText(pdf);
  EXPECT_EQ(t.refusal, "");
  EXPECT_EQ(t.pages, 2u);
  EXPECT_TRUE(t.no_text_layer);
  EXPECT_EQ(t.text, "");

  const DocumentText d = ToText(pdf);
  EXPECT_EQ(d.outcome, TextOutcome::kText);
  EXPECT_EQ(d.text, "");
  EXPECT_TRUE(d.HasWarning("no_text_layer"));

  // One page with text is enough for a text layer.
  const DocumentText some = ToText(MakePdf({{}, {{72, 700, "Text"}}}));
  EXPECT_FALSE(some.HasWarning("no_text_layer"));
  EXPECT_EQ(some.text, "Text\n");
}

TEST(PdfText, TooManyPagesIsRefused) {
  DocumentLimits limits;
  limits.pdf.max_pages = 2;
  const std::string pdf = MakePdf({{{72, 700, "a"}}, {{72, 700, "b"}}, {{72, 700, "c"}}});
  const DocumentText d = ToText(pdf, {}, limits);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "pdf_too_large");
  EXPECT_NE(d.refusal.find("3 pages"), std::string::npos) << d.refusal;
  limits.pdf.max_pages = 3;
  EXPECT_EQ(ToText(pdf, {}, limits).text, "a\nb\nc\n");
}

TEST(PdfText, TooMuchTextIsRefused) {
  PdfLimits limits;
  limits.max_text_bytes = 20;
  const std::string pdf = MakePdf({{{72, 700, "0123456789"}, {72, 680, "0123456789"}}});
  const PdfText t = PdfToText(pdf, limits);
  EXPECT_EQ(t.refusal_code, "pdf_too_large");
  EXPECT_EQ(t.text, "");
  limits.max_text_bytes = 22;
  EXPECT_EQ(PdfToText(pdf, limits).text, "0123456789\n0123456789\n");
}

TEST(PdfText, LockedPdfIsRefusedAsDamaged) {
  // Standard security handler, revision 2, with an /O and /U that no empty password matches.
  const std::string hex32(64, 'A');
  const std::string encrypt = "<< /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 +
                              "> /P -4 >>";
  const std::string pdf =
      MakePdf({{{72, 700, "secret"}}}, "/Encrypt 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> "
                                       "<0123456789ABCDEF0123456789ABCDEF>]",
              {encrypt});
  const DocumentText d = ToText(pdf);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "pdf_damaged");
  EXPECT_NE(d.refusal.find("password"), std::string::npos) << d.refusal;
}

TEST(PdfText, DamagedBytesAreRefusedNotCrashes) {
  for (const std::string& bytes : {std::string("%PDF-1.4"), std::string("%PDF-1.4\n1 0 obj\n"),
                                   std::string("%PDF-1.7\n%%EOF\n")}) {
    const DocumentText d = ToText(bytes);
    EXPECT_EQ(d.format, DocumentFormat::kPdf);
    EXPECT_EQ(d.outcome, TextOutcome::kRefused) << bytes;
    EXPECT_EQ(d.refusal_code, "pdf_damaged");
    EXPECT_NE(d.refusal.find("cannot be opened"), std::string::npos);
  }
}

TEST(PdfText, EveryTruncationIsRefusedOrReadNeverACrash) {
  const std::string pdf =
      MakePdf({{{72, 760, "Header"}, {72, 700, "Item"}, {300, 700, "42"}}, {{72, 700, "More"}}});
  size_t refused = 0;
  for (size_t n = 8; n < pdf.size(); n += 3) {
    const DocumentText d = ToText(pdf.substr(0, n), {"application/pdf", ""});
    ASSERT_NE(d.outcome, TextOutcome::kUnsupported) << n;
    if (d.outcome == TextOutcome::kRefused) {
      EXPECT_EQ(d.refusal_code, "pdf_damaged") << n;
      ++refused;
    }
  }
  EXPECT_GT(refused, 0u);
}

TEST(PdfText, RandomBytesAfterTheHeaderDoNotCrash) {
  std::mt19937 rng(20240417);
  for (int round = 0; round < 200; ++round) {
    std::string bytes = "%PDF-1." + std::to_string(round % 8) + "\n";
    const size_t length = rng() % 4096;
    for (size_t i = 0; i < length; ++i) bytes.push_back(static_cast<char>(rng() & 0xFF));
    const DocumentText d = ToText(bytes);
    EXPECT_NE(d.outcome, TextOutcome::kUnsupported);
    if (d.outcome == TextOutcome::kRefused) EXPECT_EQ(d.refusal_code, "pdf_damaged");
  }
}

TEST(PdfText, CorruptedObjectsInAValidFileDoNotCrash) {
  const std::string pdf = MakePdf({{{72, 700, "Item"}, {300, 700, "42"}}, {{72, 700, "More"}}});
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string bytes = pdf;
    for (int k = 0; k < 8; ++k) bytes[9 + rng() % (bytes.size() - 9)] = static_cast<char>(rng());
    const DocumentText d = ToText(bytes, {"application/pdf", ""});
    EXPECT_NE(d.outcome, TextOutcome::kUnsupported);
  }
}

// MakeTextPdf (a CID font with a ToUnicode map): a synthetic report printed that way reads back
// as exactly the values written, CJK labels included.
TEST(TextPdf, SyntheticReportsGiveExactlyTheValuesWritten) {
  for (extract::TemplateId id : {extract::TemplateId::k2019, extract::TemplateId::k2021}) {
    const SyntheticReport report = MakeConsistentReport(id, 5);
    const std::string pdf = MakeTextPdf(BuildReportText(report, Layout::kTabs));
    const DocumentText d = ToText(pdf, {"application/pdf", "report.pdf"});
    ASSERT_TRUE(d.ok()) << d.refusal;
    EXPECT_EQ(d.format, DocumentFormat::kPdf);
    EXPECT_NE(d.text.find("收到和处理政府信息公开申请情况"), std::string::npos);
    ExpectRecordHoldsReport(extract::ExtractReport(d.text), report);
  }
}

// ---- what poppler had to repair is said (issue 17) ----------------------------------------------

TEST(PdfRepair, AnIntactPdfHasNoRepairWarning) {
  for (const std::string& pdf :
       {MakePdf({{{72, 700, "Item"}, {300, 700, "42"}}}), MakeTextPdf("一、总体情况\n项目\t数量\n")}) {
    const DocumentText d = ToText(pdf);
    ASSERT_TRUE(d.ok()) << d.refusal;
    EXPECT_FALSE(d.HasWarning("pdf_repaired"));
    EXPECT_FALSE(d.HasWarning("pdf_read_errors")) << d.warnings.back().detail;
  }
}

TEST(PdfRepair, AReconstructedCrossReferenceTableIsAWarning) {
  std::string pdf = MakePdf({{{72, 700, "Item"}, {300, 700, "42"}}});
  const size_t startxref = pdf.rfind("startxref\n");
  ASSERT_NE(startxref, std::string::npos);
  pdf.replace(startxref + 10, pdf.find('\n', startxref + 10) - (startxref + 10), "17");
  const DocumentText d = ToText(pdf);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text, "Item\t42\n");  // read, but said to be repaired
  EXPECT_TRUE(d.HasWarning("pdf_repaired")) << ::testing::PrintToString(d.warnings.size())
                                             << (d.warnings.empty() ? "" : d.warnings[0].detail);
}

TEST(PdfRepair, ContentPopplerCannotDecodeIsAWarning) {
  // A content stream that claims Flate compression but holds none: nothing of it can be drawn.
  std::string pdf = MakePdf({{{72, 700, "Item"}}});
  const size_t contents = pdf.find("/Length");
  ASSERT_NE(contents, std::string::npos);
  pdf.insert(contents, "/Filter /FlateDecode ");
  const DocumentText d = ToText(pdf);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_TRUE(d.HasWarning("pdf_read_errors") || d.HasWarning("pdf_repaired"));
}

}  // namespace
}  // namespace xxgk::testing
