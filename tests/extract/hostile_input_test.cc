// Tests the extractor on hostile and degenerate input: empty and blank texts, random valid UTF-8,
// invalid UTF-8 detection, inputs of tens of megabytes, a single huge line, a million tabs,
// garbled and placeholder cells, repeated tables and repeated headings.
//
// What is pinned down here is rule zero of REPORT_SCHEMA.md under stress: whatever the input, the
// extractor returns (never throws), names the document with a 16-hex-digit id, and records a
// number only where the text states it; everything else is null with a warning.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"
#include "extract/report/report_record.h"
#include "extract/report/report_template.h"

namespace xxgk::extract {
namespace {

// ---- helpers -----------------------------------------------------------------------------------

// The text of the sample report whose file name starts with `prefix` ("000_"), or "" if none.
std::string ReadSeed(std::string_view prefix) {
  const std::filesystem::path dir = std::filesystem::path(XXGK_SOURCE_DIR) / "seeds" / "reports";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.path().filename().string().starts_with(prefix)) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return {};
}

// Sample report 000 (襄垣县人民政府办公室, template 2021), read once.
const std::string& Seed000() {
  static const std::string text = ReadSeed("000_");
  return text;
}

bool IsLowerHex16(std::string_view s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool HasWarning(const ReportRecord& r, std::string_view code, std::string_view section = "*") {
  return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const Warning& w) {
    return w.code == code && (section == "*" || w.section == section);
  });
}

size_t CountWarnings(const ReportRecord& r, std::string_view code, std::string_view section) {
  return static_cast<size_t>(
      std::count_if(r.warnings.begin(), r.warnings.end(),
                    [&](const Warning& w) { return w.code == code && w.section == section; }));
}

std::string WarningCodes(const ReportRecord& r) {
  std::string codes;
  for (const Warning& w : r.warnings) {
    codes += (codes.empty() ? "" : " ") + w.section + ":" + w.code;
  }
  return codes;
}

// A row as text: "17,0,0,null,…", "absent" when the row is not in the document.
std::string RowText(const RowValues& row) {
  if (!row) return "absent";
  std::string text;
  for (const CellValue& cell : *row) {
    if (!text.empty()) text += ",";
    switch (cell.kind) {
      case CellValue::Kind::kNull:
        text += "null";
        break;
      case CellValue::Kind::kInteger:
        text += std::to_string(cell.integer);
        break;
      case CellValue::Kind::kDecimal:
        text += "\"" + cell.text + "\"";
        break;
    }
  }
  return text;
}

// Every row of a table as text, one "key=row" per line ("<absent table>" when not present).
std::string TableText(const TableValues& table, const TableSpec& spec) {
  if (!table.present) return "<absent table>";
  std::string text;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    text += std::string(r < spec.rows.size() ? spec.rows[r].key : "?") + "=" +
            RowText(table.rows[r]) + "\n";
  }
  return text;
}

// The row `key` of table 三 of a record with a known template.
RowValues ApplicationsRow(const ReportRecord& record, std::string_view key) {
  const TableSpec& spec = GetTemplate(record.template_id).applications;
  for (size_t r = 0; r < spec.rows.size() && r < record.applications.rows.size(); ++r) {
    if (spec.rows[r].key == key) return record.applications.rows[r];
  }
  return std::nullopt;
}

// The checks of a record as text, one "rule where ok|FAILED" per line.
std::string ChecksText(const ReportRecord& r) {
  std::string text;
  for (const Check& c : r.checks) {
    text += c.rule + " " + c.where + " " + (c.ok ? "ok" : "FAILED") + "\n";
  }
  return text;
}

// The `where` of every check of `rule`, space-separated, in order.
std::string CheckPlaces(const ReportRecord& r, std::string_view rule) {
  std::string places;
  for (const Check& c : r.checks) {
    if (c.rule == rule) places += (places.empty() ? "" : " ") + c.where;
  }
  return places;
}

bool AnyInteger(const TableValues& table) {
  for (const RowValues& row : table.rows) {
    if (!row) continue;
    for (const CellValue& cell : *row) {
      if (!cell.is_null()) return true;
    }
  }
  return false;
}

// Replaces the first occurrence of `from` in `text` by `to`; false when `from` does not occur.
bool ReplaceOnce(std::string* text, std::string_view from, std::string_view to) {
  const size_t at = text->find(from);
  if (at == std::string::npos) return false;
  text->replace(at, from.size(), to);
  return true;
}

// Byte offset of the start of the line holding the first occurrence of `needle`, or npos.
size_t LineStartOf(std::string_view text, std::string_view needle, size_t from = 0) {
  const size_t at = text.find(needle, from);
  if (at == std::string_view::npos) return at;
  const size_t newline = text.rfind('\n', at);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

constexpr std::string_view kHeading3 = "三、收到和处理政府信息公开申请情况";
constexpr std::string_view kHeading4 = "四、政府信息公开行政复议、行政诉讼情况";
constexpr std::string_view kHeading5 = "五、存在的主要问题及改进情况";
constexpr std::string_view kSeedNewReceived = "一、本年新收政府信息公开申请数量 17 0 0 0 0 0 17";
constexpr std::string_view kSeedGranted = "（一）予以公开 0 0 0 0 0 0 0";
constexpr std::string_view kSeedTable4 = "\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

// The section 三 block of `text`: from its heading line up to the 四 heading line.
std::string Section3Block(std::string_view text) {
  const size_t begin = LineStartOf(text, kHeading3);
  const size_t end = LineStartOf(text, kHeading4);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin) return {};
  return std::string(text.substr(begin, end - begin));
}

// Asserts the invariants every record must satisfy, whatever the input.
void ExpectWellFormed(const ReportRecord& r) {
  EXPECT_TRUE(IsLowerHex16(r.doc_id)) << r.doc_id;
  for (const Warning& w : r.warnings) {
    EXPECT_FALSE(w.code.empty()) << w.detail;
    EXPECT_TRUE(w.section.empty() || w.section == "二" || w.section == "三" || w.section == "四")
        << w.code << " in section '" << w.section << "'";
  }
  if (r.template_id == TemplateId::kUnknown) {
    EXPECT_FALSE(r.active_disclosure.present);
    EXPECT_FALSE(r.applications.present);
    EXPECT_FALSE(r.reviews_litigation.present);
    EXPECT_TRUE(HasWarning(r, "template_unknown", ""));
    return;
  }
  const TemplateSpec& spec = GetTemplate(r.template_id);
  const std::pair<const TableValues*, const TableSpec*> tables[] = {
      {&r.active_disclosure, &spec.active_disclosure},
      {&r.applications, &spec.applications},
      {&r.reviews_litigation, &spec.reviews_litigation}};
  for (const auto& [table, table_spec] : tables) {
    if (!table->present) continue;
    ASSERT_EQ(table->rows.size(), table_spec->rows.size()) << table_spec->section;
    for (size_t k = 0; k < table->rows.size(); ++k) {
      if (table->rows[k]) {
        EXPECT_EQ(table->rows[k]->size(), table_spec->rows[k].cell_count())
            << table_spec->section << " " << table_spec->rows[k].key;
      }
    }
  }
}

// ---- empty and blank text ----------------------------------------------------------------------

TEST(HostileInputTest, EmptyTextGivesUnknownTemplateNullTablesAndEmptyStringDocId) {
  const ReportRecord r = ExtractReport("");
  EXPECT_EQ(r.doc_id, "e3b0c44298fc1c14");  // SHA-256 of the empty string
  EXPECT_EQ(r.template_id, TemplateId::kUnknown);
  EXPECT_FALSE(r.agency.has_value());
  EXPECT_FALSE(r.year.has_value());
  EXPECT_FALSE(r.published.has_value());
  EXPECT_FALSE(r.active_disclosure.present);
  EXPECT_FALSE(r.applications.present);
  EXPECT_FALSE(r.reviews_litigation.present);
  EXPECT_TRUE(r.checks.empty());
  EXPECT_TRUE(HasWarning(r, "template_unknown")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "agency_missing")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "year_missing")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "published_missing")) << WarningCodes(r);

  const std::string json = RecordToJson(r, /*pretty=*/false);
  EXPECT_NE(json.find("\"template\":\"unknown\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"applications\":null"), std::string::npos) << json;
  EXPECT_EQ(json.find('\n'), std::string::npos) << "compact JSON spans lines";
}

TEST(HostileInputTest, WhitespaceOnlyTextIsNamedByItsNormalisedForm) {
  // Trailing spaces, tabs, NBSP and U+3000 go, CR LF becomes LF: four empty lines remain.
  const ReportRecord r = ExtractReport("  \r\n\t\t\n\u00a0\u3000\n\r\n");
  EXPECT_EQ(r.doc_id, Sha256Hex("\n\n\n\n").substr(0, 16));
  EXPECT_EQ(r.doc_id, ExtractReport("\n\n\n\n").doc_id);
  EXPECT_EQ(r.template_id, TemplateId::kUnknown);
  EXPECT_FALSE(r.agency.has_value());
  EXPECT_FALSE(r.year.has_value());
  EXPECT_FALSE(r.applications.present);
  EXPECT_TRUE(HasWarning(r, "template_unknown")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "agency_missing")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "year_missing")) << WarningCodes(r);
}

TEST(HostileInputTest, WhitespaceOnlyTextDiffersFromEmptyText) {
  // Blank lines are kept by normalisation, so they are part of the document's identity.
  EXPECT_NE(ExtractReport("\n").doc_id, ExtractReport("").doc_id);
  EXPECT_EQ(ExtractReport(" \n").doc_id, ExtractReport("\n").doc_id);
}

// ---- random valid UTF-8 ------------------------------------------------------------------------

// Appends the UTF-8 encoding of `cp` (REQUIRES: a scalar value, not a surrogate).
void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Random valid UTF-8 that looks enough like a report to reach the table readers: headings, row
// labels, numbers, placeholders and separators mixed with arbitrary scalar values.
std::string RandomReportLikeText(std::mt19937* rng) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", std::string_view(kHeading4),
      std::string_view(kHeading5), "六、其他需要报告的事项", "一、总体情况",
      "本年制发件数", "本年新制作数量", "规章", "行政规范性文件", "行政许可", "行政事业性收费",
      "一、本年新收政府信息公开申请数量", "上年结转", "（一）予以公开", "部分公开", "国家秘密",
      "3.其他", "其他处理", "（七）总计", "总计", "四、结转下年度继续办理", "法人或其他组织",
      "2023年度政府信息公开工作年度报告", "人民政府", "二〇二四年一月二十九日", "2024年1月5日",
      "0", "17", "28,311", "1760.1263", "-3", "５", "１２", "—", "/", "——", "l7", "O", "■",
      "|", "| --- |", "---", "\t", "\t\t", " ", "  ", "\n", "\n", "\n", "\r\n", "\u3000",
      "(二)", "1.", "第 3 页", "- 3 -", "#", "**", "\ufeff", "\u00a0"};
  // clang-format on
  std::uniform_int_distribution<int> length(0, 400);
  std::uniform_int_distribution<size_t> piece(0, std::size(kPieces) - 1);
  std::uniform_int_distribution<int> choice(0, 9);
  std::uniform_int_distribution<uint32_t> bmp(0x20, 0xFFFD);
  std::uniform_int_distribution<uint32_t> astral(0x10000, 0x10FFFF);
  std::uniform_int_distribution<uint32_t> ascii(0x01, 0x7F);
  std::string text;
  const int n = length(*rng);
  for (int k = 0; k < n; ++k) {
    const int c = choice(*rng);
    if (c < 6) {
      text += kPieces[piece(*rng)];
    } else if (c < 8) {
      AppendUtf8(static_cast<char32_t>(ascii(*rng)), &text);
    } else if (c < 9) {
      uint32_t cp = bmp(*rng);
      if (cp >= 0xD800 && cp <= 0xDFFF) cp -= 0x1000;  // no surrogates
      AppendUtf8(static_cast<char32_t>(cp), &text);
    } else {
      AppendUtf8(static_cast<char32_t>(astral(*rng)), &text);
    }
  }
  return text;
}

TEST(HostileInputTest, RandomValidUtf8NeverThrowsAndAlwaysGivesAWellFormedRecord) {
  std::mt19937 rng(20240129);
  int known_template = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    const std::string text = RandomReportLikeText(&rng);
    ASSERT_FALSE(FindInvalidUtf8(text).has_value()) << "generator produced invalid UTF-8";
    ReportRecord r;
    ASSERT_NO_THROW(r = ExtractReport(text)) << "iteration " << iteration;
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    ExpectWellFormed(r);
    EXPECT_EQ(r.doc_id, DocIdOfNormalized(NormalizeDocumentText(text)));
    const std::string json = RecordToJson(r, /*pretty=*/false);
    EXPECT_TRUE(json.starts_with("{\"schema\":\"xxgk/report-1\"") ||
                json.find("\"schema\":\"xxgk/report-1\"") != std::string::npos);
    EXPECT_EQ(json.find('\n'), std::string::npos);
    known_template += r.template_id != TemplateId::kUnknown;
    if (HasFailure()) break;
  }
  // The generator must reach the table readers, or this test proves little.
  EXPECT_GT(known_template, 50);
}

// ---- FindInvalidUtf8 ---------------------------------------------------------------------------

TEST(HostileInputTest, FindInvalidUtf8ReportsTheOffsetOfTheFirstBadSequence) {
  using namespace std::string_view_literals;
  EXPECT_EQ(FindInvalidUtf8("\xff"sv), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xfe\xff"sv), 0u);
  EXPECT_EQ(FindInvalidUtf8("ab\xff"sv), 2u);
  EXPECT_EQ(FindInvalidUtf8("\x80"sv), 0u);              // lone continuation byte
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"sv), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("ok\xe0\x80\xaf"sv), 2u);    // overlong three-byte '/'
  EXPECT_EQ(FindInvalidUtf8("\xed\xa0\x80"sv), 0u);      // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xf4\x90\x80\x80"sv), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("中\xe4\xb8"sv), 3u);        // truncated at the end
  EXPECT_EQ(FindInvalidUtf8("中\xe4\xb8x国"sv), 3u);     // truncated in the middle
  EXPECT_EQ(FindInvalidUtf8("\xf0\x9f\x98"sv), 0u);      // truncated four-byte sequence
}

TEST(HostileInputTest, FindInvalidUtf8AcceptsWellFormedText) {
  using namespace std::string_view_literals;
  EXPECT_EQ(FindInvalidUtf8(""sv), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("政府信息公开工作年度报告"sv), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("１２３　二〇二四年"sv), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"sv),
            std::nullopt);                             // U+1F600, U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("a\0b"sv), std::nullopt);  // NUL is a valid scalar value
  EXPECT_EQ(FindInvalidUtf8(Seed000()), std::nullopt);
}

// ---- very large inputs (two cases of about 50 MB; each string is built once) -------------------

constexpr size_t kLargeInputBytes = 50u << 20;

TEST(HostileInputTest, FiftyMegabyteReportKeepsTheFirstCopyUncorrupted) {
  const std::string& seed = Seed000();
  ASSERT_FALSE(seed.empty());
  const ReportRecord single = ExtractReport(seed);
  ASSERT_EQ(single.template_id, TemplateId::k2021);

  // Copies of the report separated by long narrative paragraphs full of numbers.
  std::string narrative;
  while (narrative.size() < (256u << 10)) {
    narrative +=
        "2023年，全年受理依申请公开 17 件，办结 19 件，转发要闻 3831 条，"
        "政务公开工作取得显著成效 0 0 0 0 0 0 0。";
  }
  narrative += "\n\n";
  std::string text;
  text.reserve(kLargeInputBytes + seed.size() + narrative.size());
  text += seed;
  while (text.size() < kLargeInputBytes) {
    text += narrative;
    text += seed;
  }

  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  EXPECT_EQ(r.doc_id, DocIdOfNormalized(NormalizeDocumentText(text)));
  EXPECT_NE(r.doc_id, single.doc_id);
  EXPECT_EQ(r.agency, "襄垣县人民政府办公室");
  EXPECT_EQ(r.year, 2023);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  EXPECT_EQ(RowText(ApplicationsRow(r, "new_received")), "17,0,0,0,0,0,17");
  EXPECT_EQ(RowText(ApplicationsRow(r, "unable_not_held")), "15,0,0,0,0,0,15");
  EXPECT_EQ(RowText(ApplicationsRow(r, "carried_forward")), "2,0,0,0,0,0,2");
  // Each heading counts once, so the tables are read from the first copy only: every table equals
  // the one of the single report and no copy leaks into it.
  const TemplateSpec& spec = GetTemplate(TemplateId::k2021);
  EXPECT_EQ(TableText(r.active_disclosure, spec.active_disclosure),
            TableText(single.active_disclosure, spec.active_disclosure));
  EXPECT_EQ(TableText(r.applications, spec.applications),
            TableText(single.applications, spec.applications));
  EXPECT_EQ(TableText(r.reviews_litigation, spec.reviews_litigation),
            TableText(single.reviews_litigation, spec.reviews_litigation));
  EXPECT_FALSE(HasWarning(r, "value_unassigned")) << WarningCodes(r);
  // The checks are those of the single report (whose own 三（七）总计 disagrees with its results).
  EXPECT_EQ(ChecksText(r), ChecksText(single));
}

TEST(HostileInputTest, FiftyMegabyteSingleLineIsReadAsTextWithoutTables) {
  // The seed with every line break turned into a space, repeated: one line, no headings.
  std::string flat = Seed000();
  ASSERT_FALSE(flat.empty());
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::string text;
  text.reserve(kLargeInputBytes + flat.size());
  while (text.size() < kLargeInputBytes) text += flat;
  ASSERT_EQ(text.find('\n'), std::string::npos);

  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  EXPECT_EQ(r.template_id, TemplateId::kUnknown);
  EXPECT_FALSE(r.applications.present);
  EXPECT_FALSE(r.reviews_litigation.present);
  EXPECT_FALSE(r.published.has_value());
  EXPECT_TRUE(r.checks.empty());
  // The title is at the start of the one line and names the agency before the year.
  EXPECT_EQ(r.agency, "襄垣县人民政府办公室");
  EXPECT_EQ(r.year, 2023);
}

// ---- a million tabs ----------------------------------------------------------------------------

TEST(HostileInputTest, MillionTabLineInSection3AddsNoValues) {
  std::string text = Seed000();
  const std::string tabs(1'000'000, '\t');
  ASSERT_TRUE(ReplaceOnce(&text, kSeedNewReceived,
                          std::string(kSeedNewReceived) + "\n" + tabs + "\n" + tabs));
  const ReportRecord single = ExtractReport(Seed000());
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const TableSpec& spec = GetTemplate(r.template_id).applications;
  EXPECT_EQ(TableText(r.applications, spec), TableText(single.applications, spec));
  EXPECT_FALSE(HasWarning(r, "cell_blank")) << WarningCodes(r);
  EXPECT_FALSE(HasWarning(r, "value_unassigned")) << WarningCodes(r);
}

TEST(HostileInputTest, MillionTabsBetweenNumbersOfARowBecomeNoNumbers) {
  // "label\t17<1,000,000 tabs>0 0 0 0 0 17": 17, then 999,999 blank cells, then six numbers.
  std::string text = Seed000();
  const std::string row =
      "一、本年新收政府信息公开申请数量\t17" + std::string(1'000'000, '\t') + "0 0 0 0 0 17";
  ASSERT_TRUE(ReplaceOnce(&text, kSeedNewReceived, row));
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  // A run of a million cells with empty ones where seven belong: which empty field is a cell is
  // unknown, so the row is null. Nothing is shifted into place.
  EXPECT_EQ(RowText(ApplicationsRow(r, "new_received")), "null,null,null,null,null,null,null");
  EXPECT_TRUE(HasWarning(r, "row_ambiguous", "三")) << WarningCodes(r);
  EXPECT_FALSE(HasWarning(r, "cell_blank", "三")) << WarningCodes(r);
  EXPECT_EQ(RowText(ApplicationsRow(r, "carried_over")), "2,0,0,0,0,0,2");
  EXPECT_EQ(RowText(ApplicationsRow(r, "total")), "17,0,0,0,0,0,17");
}

// ---- garbled cells -----------------------------------------------------------------------------

// Seed 000 with every space-separated run of ASCII digits in sections 二 to 四 replaced by
// look-alike letters ("17" → "l7", "0" → "O"). Page-number lines are left alone.
std::string GarbleTableDigits(std::string_view text) {
  const size_t begin = LineStartOf(text, "二、主动公开政府信息情况");
  const size_t end = LineStartOf(text, kHeading5);
  std::string out(text.substr(0, begin));
  std::istringstream lines(std::string(text.substr(begin, end - begin)));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("- ") && line.ends_with(" -")) {
      out += line + "\n";
      continue;
    }
    std::string garbled;
    size_t k = 0;
    while (k < line.size()) {
      size_t e = k;
      while (e < line.size() && line[e] != ' ') ++e;
      const std::string_view word(line.data() + k, e - k);
      const bool digits = !word.empty() && std::all_of(word.begin(), word.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
      if (!digits)
        garbled += word;
      else if (word.size() == 1)
        garbled += "O";
      else
        garbled += "l" + std::string(word.substr(1));
      if (e < line.size()) garbled += ' ';
      k = e + 1;
    }
    out += garbled + "\n";
  }
  out += text.substr(end);
  return out;
}

TEST(HostileInputTest, GarbledTableCellsAreNullWithWarningsAndChecksAreSkipped) {
  const std::string text = GarbleTableDigits(Seed000());
  ASSERT_NE(text.find("一、本年新收政府信息公开申请数量 l7 O O O O O l7"), std::string::npos);
  ASSERT_NE(text.find("\nO O O O O O O O O O O O O O O\n"), std::string::npos);

  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  EXPECT_EQ(r.agency, "襄垣县人民政府办公室");
  ASSERT_TRUE(r.applications.present);
  const TableSpec& spec = GetTemplate(r.template_id).applications;
  for (size_t k = 0; k < r.applications.rows.size(); ++k) {
    const RowValues& row = r.applications.rows[k];
    ASSERT_TRUE(row.has_value()) << spec.rows[k].key;
    EXPECT_EQ(RowText(row), "null,null,null,null,null,null,null") << spec.rows[k].key;
  }
  EXPECT_FALSE(AnyInteger(r.active_disclosure))
      << TableText(r.active_disclosure, GetTemplate(r.template_id).active_disclosure);
  EXPECT_FALSE(AnyInteger(r.reviews_litigation));
  // One warning per unreadable cell of table 三: 26 rows of 7.
  EXPECT_EQ(CountWarnings(r, "cell_unreadable", "三"), spec.rows.size() * 7) << WarningCodes(r);
  EXPECT_EQ(CountWarnings(r, "cell_unreadable", "四"), 15u) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "cell_unreadable", "二")) << WarningCodes(r);
  // Every rule has a null operand, so none is evaluated and none fails.
  EXPECT_TRUE(r.checks.empty()) << r.checks.size() << " checks, first: " << r.checks[0].rule;
  const std::string json = RecordToJson(r, false);
  EXPECT_NE(json.find("\"new_received\":[null,null,null,null,null,null,null]"), std::string::npos)
      << json.substr(0, 2000);
}

// ---- repeated tables ---------------------------------------------------------------------------

TEST(HostileInputTest, RepeatedSection3TableKeepsTheFirstCopy) {
  const std::string& seed = Seed000();
  const std::string block = Section3Block(seed);
  ASSERT_FALSE(block.empty());
  // A second copy with different numbers in its first, second and 三（四）1 rows follows the first.
  std::string second = block;
  ASSERT_TRUE(ReplaceOnce(&second, " 17 0 0 0 0 0 17", " 99 1 0 0 0 0 100"));
  ASSERT_TRUE(ReplaceOnce(&second, " 2 0 0 0 0 0 2", " 3 0 0 0 0 0 3"));
  ASSERT_TRUE(ReplaceOnce(&second, " 15 0 0 0 0 0 15", " 16 0 0 0 0 0 16"));
  std::string text = seed;
  text.insert(LineStartOf(text, kHeading4), second);

  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const ReportRecord single = ExtractReport(seed);
  const TableSpec& spec = GetTemplate(r.template_id).applications;
  EXPECT_EQ(TableText(r.applications, spec), TableText(single.applications, spec));
  EXPECT_EQ(RowText(ApplicationsRow(r, "new_received")), "17,0,0,0,0,0,17");
  EXPECT_TRUE(HasWarning(r, "table_repeated", "三")) << WarningCodes(r);
  EXPECT_TRUE(HasWarning(r, "value_unassigned", "三")) << WarningCodes(r);
  EXPECT_EQ(ChecksText(r), ChecksText(single));
}

TEST(HostileInputTest, IdenticalRepeatedSection3TableKeepsTheSameValues) {
  const std::string& seed = Seed000();
  const std::string block = Section3Block(seed);
  ASSERT_FALSE(block.empty());
  std::string text = seed;
  text.insert(LineStartOf(text, kHeading4), block);
  const ReportRecord r = ExtractReport(text);
  const ReportRecord single = ExtractReport(seed);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const TableSpec& spec = GetTemplate(r.template_id).applications;
  EXPECT_EQ(TableText(r.applications, spec), TableText(single.applications, spec));
  EXPECT_TRUE(HasWarning(r, "table_repeated", "三")) << WarningCodes(r);
}

TEST(HostileInputTest, Table4NumbersRepeatedIdenticallyAreKeptOnce) {
  std::string text = Seed000();
  const std::string row = "\n0 1 0 0 1 0 0 0 0 0 2 0 0 0 2\n";
  ASSERT_TRUE(ReplaceOnce(&text, kSeedTable4, row + row.substr(1)));
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_TRUE(r.reviews_litigation.present);
  ASSERT_EQ(r.reviews_litigation.rows.size(), 3u);
  EXPECT_EQ(RowText(r.reviews_litigation.rows[0]), "0,1,0,0,1");
  EXPECT_EQ(RowText(r.reviews_litigation.rows[1]), "0,0,0,0,0");
  EXPECT_EQ(RowText(r.reviews_litigation.rows[2]), "2,0,0,0,2");
  EXPECT_TRUE(HasWarning(r, "table_repeated", "四")) << WarningCodes(r);
}

TEST(HostileInputTest, Table4CopiesThatDisagreeAreAllNull) {
  std::string text = Seed000();
  ASSERT_TRUE(ReplaceOnce(&text, kSeedTable4,
                          "\n0 1 0 0 1 0 0 0 0 0 2 0 0 0 2\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"));
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_TRUE(r.reviews_litigation.present);
  EXPECT_FALSE(AnyInteger(r.reviews_litigation));
  EXPECT_TRUE(HasWarning(r, "table_repeated", "四")) << WarningCodes(r);
}

// ---- repeated headings -------------------------------------------------------------------------

TEST(HostileInputTest, TenThousandRepeatedSection3HeadingsDoNotDisturbTheTable) {
  std::string text = Seed000();
  std::string headings;
  for (int k = 0; k < 10'000; ++k) headings += std::string(kHeading3) + "\n";
  text.insert(LineStartOf(text, kHeading3), headings);
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const ReportRecord single = ExtractReport(Seed000());
  const TableSpec& spec = GetTemplate(r.template_id).applications;
  EXPECT_EQ(TableText(r.applications, spec), TableText(single.applications, spec));
}

TEST(HostileInputTest, DocumentOfOnlyRepeatedHeadingsHasNoTables) {
  std::string text;
  for (int k = 0; k < 10'000; ++k) text += std::string(kHeading3) + "\n";
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  EXPECT_EQ(r.template_id, TemplateId::kUnknown);
  EXPECT_FALSE(r.applications.present);
  EXPECT_TRUE(HasWarning(r, "template_unknown")) << WarningCodes(r);
}

// ---- placeholders ------------------------------------------------------------------------------

TEST(HostileInputTest, PlaceholderCellsAreNullWithCellPlaceholderWarnings) {
  std::string text = Seed000();
  ASSERT_TRUE(ReplaceOnce(&text, kSeedGranted, "（一）予以公开 — / — / ／ —— -"));
  ASSERT_TRUE(ReplaceOnce(&text, "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2",
                          "二、上年结转政府信息公开申请数量 2 / 0 — 0 0 2"));
  const ReportRecord r = ExtractReport(text);
  ExpectWellFormed(r);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  EXPECT_EQ(RowText(ApplicationsRow(r, "granted")), "null,null,null,null,null,null,null");
  EXPECT_EQ(RowText(ApplicationsRow(r, "carried_over")), "2,null,0,null,0,0,2");
  EXPECT_EQ(CountWarnings(r, "cell_placeholder", "三"), 9u) << WarningCodes(r);
  EXPECT_FALSE(HasWarning(r, "cell_unreadable")) << WarningCodes(r);
  // The untouched rows keep their numbers.
  EXPECT_EQ(RowText(ApplicationsRow(r, "new_received")), "17,0,0,0,0,0,17");
  EXPECT_EQ(RowText(ApplicationsRow(r, "partial")), "0,0,0,0,0,0,0");
  // A rule with a null operand is skipped, never failed: no total_vs_results (予以公开 is null in
  // every column), no balance for the two columns 上年结转 leaves null, no row_total for either
  // row.
  EXPECT_EQ(CheckPlaces(r, "total_vs_results"), "");
  EXPECT_EQ(CheckPlaces(r, "balance"), "自然人 科研机构 法律服务机构 其他 总计");
  const std::string row_totals = CheckPlaces(r, "row_total");
  EXPECT_EQ(row_totals.find("granted"), std::string::npos) << row_totals;
  EXPECT_EQ(row_totals.find("carried_over"), std::string::npos) << row_totals;
  EXPECT_NE(row_totals.find("new_received"), std::string::npos) << row_totals;
  for (const Check& c : r.checks) EXPECT_TRUE(c.ok) << c.rule << " " << c.where << " " << c.detail;
}

}  // namespace
}  // namespace xxgk::extract
