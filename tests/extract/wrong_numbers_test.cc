// Wrong numbers: over every synthetic fixture together — every layout of report_builder.h, both
// templates, several seeds, dense and with blank (empty) cells, the 2019 本年增/减 cells merged and
// unmerged, and the grid layouts also as HTML and DOCX through ToText — the extractor writes no
// wrong number. Every cell is either exactly what the document states, or null with a warning in
// its section; an empty cell is never a number. Layouts whose cells keep their positions must
// moreover read every value that is written.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "extract/report/report_extractor.h"
#include "extract/text/docx_text.h"
#include "extract/text/html_text.h"
#include "tests/extract/docx_writer.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/report_builder.h"

namespace xxgk::testing {
namespace {

using extract::CellValue;
using extract::TemplateId;

struct Tally {
  size_t cells = 0;       // cells compared
  size_t read = 0;        // read exactly
  size_t null_warned = 0; // null with a warning in the section
  size_t wrong = 0;       // a number that is not the one written (or a number for an empty cell)
  size_t unwarned = 0;    // null without any warning in the section
};

bool SectionWarned(const extract::ReportRecord& r, std::string_view section) {
  for (const auto& w : r.warnings) {
    if (w.section == section) return true;
  }
  return false;
}

// `written` empty: the cell was left empty in the document.
void Compare(const extract::ReportRecord& r, std::string_view section, const CellValue* got,
             const std::optional<CellValue>& written, const std::string& where, Tally* t) {
  ++t->cells;
  const bool null = got == nullptr || got->is_null();
  if (!null && (!written || *got != *written)) {
    ++t->wrong;
    ADD_FAILURE() << "wrong number at " << where;
    return;
  }
  if (!null) {
    ++t->read;
  } else if (SectionWarned(r, section)) {
    ++t->null_warned;
  } else {
    ++t->unwarned;
    ADD_FAILURE() << "null without a warning at " << where;
  }
}

CellValue Written(const std::string& text, extract::CellType type) {
  if (type == extract::CellType::kMoney) return CellValue::Decimal(text);
  return CellValue::Integer(std::stoll(text));
}

void CompareRecord(const extract::ReportRecord& r, const SyntheticReport& report,
                   const std::string& name, Tally* t) {
  const extract::TemplateSpec& spec = extract::GetTemplate(report.template_id);
  auto cell = [](const extract::TableValues& table, size_t row, size_t c) -> const CellValue* {
    if (!table.present || row >= table.rows.size() || !table.rows[row]) return nullptr;
    return &(*table.rows[row])[c];
  };
  for (size_t i = 0; i < spec.active_disclosure.rows.size(); ++i) {
    const auto& row = spec.active_disclosure.rows[i];
    for (size_t c = 0; c < row.cell_count(); ++c) {
      Compare(r, "二", cell(r.active_disclosure, i, c),
              Written(report.active[i][c], row.columns[c].type),
              name + " 二 " + std::string(row.key) + "[" + std::to_string(c) + "]", t);
    }
  }
  for (size_t i = 0; i < spec.applications.rows.size(); ++i) {
    for (size_t c = 0; c < 7; ++c) {
      const int64_t v = report.applications[i][c];
      std::optional<CellValue> written;
      if (!(report.blank_zeros && v == 0)) written = CellValue::Integer(v);
      Compare(r, "三", cell(r.applications, i, c), written,
              name + " 三 " + std::string(spec.applications.rows[i].key) + "[" +
                  std::to_string(c) + "]",
              t);
    }
  }
  for (size_t i = 0; i < 3; ++i) {
    for (size_t c = 0; c < 5; ++c) {
      Compare(r, "四", cell(r.reviews_litigation, i, c), CellValue::Integer(report.reviews[i * 5 + c]),
              name + " 四[" + std::to_string(i * 5 + c) + "]", t);
    }
  }
}

bool IsGrid(Layout l) { return IsGridLayout(l); }

TEST(WrongNumbers, NoFixtureGivesAWrongNumber) {
  Tally all, grid_tabs;
  std::map<std::string, Tally> by_layout;  // "layout variant": dense, blank, merged, unmerged
  size_t documents = 0;
  for (TemplateId id : {TemplateId::k2021, TemplateId::k2019}) {
    for (Layout layout : {Layout::kRowPerLine, Layout::kCellPerLine, Layout::kTabs, Layout::kMarkdown,
                          Layout::kPdfBroken, Layout::kGridTabs, Layout::kPipeRows,
                          Layout::kCellPerLinePipes, Layout::kCellPerParagraph,
                          Layout::kCellPerLineBars, Layout::kCellPerLineCutHeads}) {
      for (uint32_t seed = 1; seed <= 6; ++seed) {
        for (int variant = 0; variant < (IsGrid(layout) ? 4 : 1); ++variant) {
          SyntheticReport report = MakeConsistentReport(id, seed);
          report.blank_zeros = variant & 1;
          report.unmerged_change_cells = variant & 2;
          const std::string text = BuildReportText(report, layout);
          const std::string name = "T" + std::string(extract::TemplateName(id)) + "_" +
                                   LayoutName(layout) + "_" + std::to_string(seed) + "_v" +
                                   std::to_string(variant);
          std::vector<std::pair<std::string, std::string>> renderings = {{name, text}};
          if (layout == Layout::kGridTabs) {
            for (bool merge : {false, true}) {
              HtmlStyle style;
              style.merge_cells = merge;
              renderings.emplace_back(name + (merge ? "_html_merged" : "_html"),
                                      extract::HtmlToText(ReportTextToHtml(text, style)).text);
              renderings.emplace_back(
                  name + (merge ? "_docx_merged" : "_docx"),
                  extract::DocxToText(Docx(ReportTextToDocxBody(text, merge))).text);
            }
          }
          for (const auto& [label, rendered] : renderings) {
            SCOPED_TRACE(label);
            const extract::ReportRecord record = extract::ExtractReport(rendered);
            ++documents;
            Tally one;
            CompareRecord(record, report, label, &one);
            Tally* per_layout = &by_layout[LayoutName(layout) + (report.blank_zeros ? " blanks" : "")];
            for (Tally* t : {&all, per_layout, layout == Layout::kGridTabs ? &grid_tabs : nullptr}) {
              if (t == nullptr) continue;
              t->cells += one.cells;
              t->read += one.read;
              t->null_warned += one.null_warned;
              t->wrong += one.wrong;
              t->unwarned += one.unwarned;
            }
            if (layout == Layout::kGridTabs) {
              // Cells keep their positions: every written value is read, only empty cells are null.
              size_t blanks = 0;
              if (report.blank_zeros) {
                for (const auto& row : report.applications) {
                  for (int64_t v : row) blanks += v == 0;
                }
              }
              EXPECT_EQ(one.read + blanks, one.cells) << label;
            }
          }
        }
      }
    }
  }
  std::printf("wrong numbers: %zu documents, %zu cells: %zu read exactly, %zu null with a warning, "
              "%zu wrong, %zu null without a warning (grid-tab texts, HTML, DOCX: %zu of %zu read)\n",
              documents, all.cells, all.read, all.null_warned, all.wrong, all.unwarned,
              grid_tabs.read, grid_tabs.cells);
  for (const auto& [name, t] : by_layout) {
    std::printf("  %-26s %6zu cells: %6zu read, %6zu null with a warning\n", name.c_str(), t.cells,
                t.read, t.null_warned);
  }
  EXPECT_EQ(all.wrong, 0u);
  EXPECT_EQ(all.unwarned, 0u);
}

}  // namespace
}  // namespace xxgk::testing
