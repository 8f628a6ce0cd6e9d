// Report extractor: wires the extraction stages together. See report_extractor.h.
#include "extract/report/report_extractor.h"

#include "extract/report/cell_tokens.h"
#include "extract/report/displaced_rows.h"
#include "extract/report/ocr_verification.h"
#include "extract/text/ocr_text.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_checks.h"
#include "extract/report/report_lines.h"
#include "extract/report/report_metadata.h"
#include "extract/report/section_finder.h"
#include "extract/report/table_columns.h"
#include "extract/report/table_reader.h"

namespace xxgk::extract {
namespace {

// A table section is a few kilobytes; beyond this it is not a table and is not read further.
constexpr size_t kMaxTableSectionBytes = 4 << 20;

struct SectionTokens {
  size_t begin = 0, end = 0;  // lines read
  std::vector<CellToken> tokens;
};

std::optional<SectionTokens> TokenizeSection(const std::vector<std::string>& lines,
                                             const SectionLayout& layout, Section section,
                                             std::vector<Warning>* warnings) {
  const auto body = layout.Body(section);
  if (!body) return std::nullopt;
  SectionTokens result;
  result.begin = body->first;
  size_t end = body->first;
  size_t bytes = 0;
  while (end < body->second && bytes < kMaxTableSectionBytes) bytes += lines[end++].size();
  if (end < body->second) {
    warnings->push_back(Warning{"section_oversized", std::string(SectionNumeral(section)),
                                "only the first " + std::to_string(kMaxTableSectionBytes >> 20) +
                                    " MiB of the section were read"});
  }
  result.end = end;
  result.tokens = TokenizeLines(lines, result.begin, result.end);
  return result;
}

std::string CompactLabels(const std::optional<SectionTokens>& section) {
  std::string text;
  if (!section) return text;
  for (const CellToken& t : section->tokens) {
    if (t.kind == TokenKind::kText) text += t.text;
  }
  return text;
}

void WarnSectionMissing(Section section, std::vector<Warning>* warnings) {
  static constexpr std::string_view kHeadings[] = {
      "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
      "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"};
  const std::string numeral(SectionNumeral(section));
  warnings->push_back(Warning{"section_missing", numeral,
                              "heading " + numeral + "、" +
                                  std::string(kHeadings[static_cast<size_t>(section)]) +
                                  " not found"});
}

// Whether any cell of the section comes from a tab or '|' line (else no column model is needed).
bool HasPositionedCells(const SectionTokens& section) {
  for (const CellToken& t : section.tokens) {
    if (t.positioned) return true;
  }
  return false;
}

TableValues ReadLabelled(const TableSpec& spec, const std::vector<std::string>& lines,
                         std::optional<SectionTokens>& section, bool tabs_keep_positions,
                         Section which, std::vector<Warning>* warnings) {
  if (!section) {
    WarnSectionMissing(which, warnings);
    return TableValues{};
  }
  if (!HasPositionedCells(*section)) return ReadLabelledTable(spec, section->tokens, nullptr, warnings);
  const ColumnModel columns(lines, section->begin, section->end, tabs_keep_positions, spec);
  return ReadLabelledTable(spec, section->tokens, &columns, warnings);
}

// Whether the tab rows of tables 二 and 三 come from a grid (table_columns.h).
bool TabsKeepPositions(const std::vector<std::string>& lines,
                       const std::optional<SectionTokens>& active,
                       const std::optional<SectionTokens>& applications) {
  for (const auto* s : {&active, &applications}) {
    if (*s && HasPositionedCells(**s) && TabRowsKeepPositions(lines, (*s)->begin, (*s)->end)) {
      return true;
    }
  }
  return false;
}

// Table 四: under its heading, or recovered from elsewhere when its cells are not there.
TableValues ReadReviews(const TableSpec& spec, const std::vector<std::string>& lines,
                        std::optional<SectionTokens>& section,
                        std::vector<TokenRegion> regions, size_t search_begin,
                        std::vector<Warning>* warnings) {
  if (section) {
    if (auto table = ReadPositionalTable(spec, section->tokens, warnings)) return *table;
  }
  DisplacedSearch search = RecoverDisplacedRow(spec, lines, search_begin, regions, warnings);
  if (search.table) return *search.table;
  const std::string ambiguity =
      search.candidates > 1 ? "; " + std::to_string(search.candidates) +
                                  " rows elsewhere would fit, so none is taken"
                            : "";
  if (!section) {
    WarnSectionMissing(Section::kReviews, warnings);
    if (!ambiguity.empty()) warnings->back().detail += ambiguity;
    return TableValues{};
  }
  TableValues empty;
  empty.present = true;
  for (const RowSpec& row : spec.rows) empty.rows.emplace_back(std::vector<CellValue>(row.cell_count()));
  warnings->push_back(Warning{"table_truncated", "四",
                              "the heading has no numbers under it" + ambiguity +
                                  "; recorded as null"});
  return empty;
}

// Number cells that no row took, reported once per run.
void WarnUnassigned(const std::optional<SectionTokens>& section, std::string_view numeral,
                    std::vector<Warning>* warnings) {
  if (!section) return;
  const auto& tokens = section->tokens;
  for (size_t k = 0; k < tokens.size();) {
    if (!tokens[k].IsCell() || tokens[k].consumed || tokens[k].kind == TokenKind::kBlank) {
      ++k;
      continue;
    }
    size_t end = k;
    size_t count = 0;
    while (end < tokens.size() && tokens[end].IsCell() && !tokens[end].consumed) {
      count += tokens[end].kind != TokenKind::kBlank;
      ++end;
    }
    warnings->push_back(Warning{"value_unassigned", std::string(numeral),
                                std::to_string(count) + " value cell(s) at " +
                                    LineRef(tokens[k].line) +
                                    " belong to no row of the table; not recorded"});
    k = end;
  }
}

}  // namespace

ReportRecord ExtractReport(std::string_view text) {
  ReportRecord record;
  const std::string normalized = NormalizeDocumentText(text);
  record.doc_id = DocIdOfNormalized(normalized);
  std::vector<std::string> lines = PrepareReportLines(normalized);
  // Text read by OCR opens with its header (ocr_text.h): say so in the record, and read on
  // without it (a blank line keeps the line numbers of warnings).
  if (const auto header = ParseOcrHeader(std::string_view(normalized).substr(0, normalized.find('\n')))) {
    record.text_source = "ocr";
    record.ocr_confidence = header->mean_confidence;
    if (!lines.empty()) lines[0].clear();
  }
  const SectionLayout layout = FindSections(lines);
  std::vector<Warning>& warnings = record.warnings;

  ReportMetadata meta = ReadMetadata(lines, layout, &warnings);
  record.agency = std::move(meta.agency);
  record.agency_alias = std::move(meta.agency_alias);
  record.year = meta.year;
  record.published = std::move(meta.published);

  std::optional<SectionTokens> active = TokenizeSection(lines, layout, Section::kActive, &warnings);
  std::optional<SectionTokens> applications =
      TokenizeSection(lines, layout, Section::kApplications, &warnings);
  record.template_id = DetectTemplate(CompactLabels(active), CompactLabels(applications));
  if (record.template_id == TemplateId::kUnknown) {
    warnings.push_back(Warning{"template_unknown", {},
                               "no column labels of the 2019 or 2021 template; metadata only"});
    return record;
  }
  const TemplateSpec& spec = GetTemplate(record.template_id);
  std::optional<SectionTokens> reviews =
      TokenizeSection(lines, layout, Section::kReviews, &warnings);

  const bool grid = TabsKeepPositions(lines, active, applications);
  record.active_disclosure =
      ReadLabelled(spec.active_disclosure, lines, active, grid, Section::kActive, &warnings);
  record.applications = ReadLabelled(spec.applications, lines, applications, grid,
                                     Section::kApplications, &warnings);

  std::vector<TokenRegion> regions;
  for (auto* s : {&active, &applications, &reviews}) {
    if (*s) regions.push_back(TokenRegion{(*s)->begin, (*s)->end, &(*s)->tokens});
  }
  size_t search_begin = 0;
  if (applications) search_begin = applications->begin;
  else if (active) search_begin = active->begin;
  record.reviews_litigation = ReadReviews(spec.reviews_litigation, lines, reviews,
                                          std::move(regions), search_begin, &warnings);

  WarnUnassigned(active, "二", &warnings);
  WarnUnassigned(applications, "三", &warnings);
  WarnUnassigned(reviews, "四", &warnings);
  record.checks = RunChecks(record);
  if (record.text_source) VerifyOcrTables(&record);
  return record;
}

}  // namespace xxgk::extract
