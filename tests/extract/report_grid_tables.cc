// Report grid tables (tests only): see report_grid_tables.h.
#include "tests/extract/report_grid_tables.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace xxgk::testing {
namespace {

using extract::TemplateId;

// One grid position: a cell's text, or a position covered by a merged cell to its left or above.
struct Pos {
  std::string text;
  bool covered = false;
};
using GridRow = std::vector<Pos>;

Pos Cov() { return Pos{{}, true}; }

// A cell spanning `span` columns: the cell, then covered positions.
void Put(GridRow* row, std::string text, size_t span = 1) {
  row->push_back(Pos{std::move(text), false});
  for (size_t k = 1; k < span; ++k) row->push_back(Cov());
}

GridRow Article(const std::string& text, size_t width) {
  GridRow row;
  Put(&row, text, width);
  return row;
}

const std::map<std::string_view, std::string_view>& ActiveLabel() {
  static const std::map<std::string_view, std::string_view> labels = {
      {"regulations", "规章"},         {"normative_documents", "行政规范性文件"},
      {"licensing", "行政许可"},       {"other_services", "其他对外管理服务事项"},
      {"penalty", "行政处罚"},         {"coercion", "行政强制"},
      {"fees_wan_yuan", "行政事业性收费"}, {"fees", "行政事业性收费"},
      {"procurement", "政府集中采购"},
  };
  return labels;
}

std::vector<GridRow> ActiveGrid(const SyntheticReport& r, Layout layout) {
  const auto& rows = extract::GetTemplate(r.template_id).active_disclosure.rows;
  auto cells = [&](std::string_view key) -> const std::vector<std::string>& {
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].key == key) return r.active[i];
    }
    throw std::invalid_argument("no row");
  };
  auto label = [](std::string_view key) { return std::string(ActiveLabel().at(key)); };
  std::vector<GridRow> g;
  if (r.template_id == TemplateId::k2021) {
    constexpr size_t w = 4;
    g.push_back(Article("第二十条第（一）项", w));
    g.push_back({{"信息内容"}, {"本年制发件数"}, {"本年废止件数"}, {"现行有效件数"}});
    for (auto key : {"regulations", "normative_documents"}) {
      const auto& c = cells(key);
      g.push_back({{label(key)}, {c[0]}, {c[1]}, {c[2]}});
    }
    auto scalar_block = [&](const char* article, const char* header,
                            std::initializer_list<const char*> keys) {
      g.push_back(Article(article, w));
      GridRow h;
      Put(&h, "信息内容");
      Put(&h, header, 3);
      g.push_back(h);
      for (const char* key : keys) {
        GridRow row;
        Put(&row, label(key));
        Put(&row, cells(key)[0], 3);
        g.push_back(row);
      }
    };
    scalar_block("第二十条第（五）项", "本年处理决定数量", {"licensing"});
    scalar_block("第二十条第（六）项", "本年处理决定数量", {"penalty", "coercion"});
    scalar_block("第二十条第（八）项", "本年收费金额（单位：万元）", {"fees_wan_yuan"});
    return g;
  }
  // 2019: the official Word file's grid is five columns wide; 对外公开总数量, 本年增/减 and the
  // last headers of (八) and (九) span two or three of them.
  constexpr size_t w = 5;
  // The Word file's own data rows keep an empty cell under the first half of 本年增/减; page text
  // converters seen on portals merge it (see report_grid_tables.h).
  const bool unmerged = layout == Layout::kGridTabs || r.unmerged_change_cells;
  g.push_back(Article("第二十条第（一）项", w));
  {
    GridRow h;
    const bool cut = layout == Layout::kCellPerLineCutHeads;
    for (const char* t : {"信息内容", cut ? "本年新" : "本年新制作数量", cut ? "本年新" : "本年新公开数量"}) {
      Put(&h, t);
    }
    Put(&h, "对外公开总数量", 2);
    g.push_back(h);
  }
  for (auto key : {"regulations", "normative_documents"}) {
    const auto& c = cells(key);
    GridRow row;
    for (const std::string& t : {label(key), c[0], c[1]}) Put(&row, t);
    Put(&row, c[2], 2);
    g.push_back(row);
  }
  auto items_block = [&](const char* article, std::initializer_list<const char*> keys) {
    g.push_back(Article(article, w));
    GridRow h;
    Put(&h, "信息内容");
    Put(&h, "上一年项目数量");
    Put(&h, "本年增/减", 2);
    Put(&h, "处理决定数量");
    g.push_back(h);
    bool first = true;
    for (const char* key : keys) {
      const auto& c = cells(key);
      GridRow row;
      Put(&row, label(key));
      Put(&row, c[0]);
      if (unmerged && first) {
        Put(&row, "");
        Put(&row, c[1]);
      } else {
        Put(&row, c[1], 2);
      }
      Put(&row, c[2]);
      g.push_back(row);
      first = false;
    }
  };
  items_block("第二十条第（五）项", {"licensing", "other_services"});
  items_block("第二十条第（六）项", {"penalty", "coercion"});
  g.push_back(Article("第二十条第（八）项", w));
  {
    GridRow h;
    Put(&h, "信息内容");
    Put(&h, "上一年项目数量");
    Put(&h, "本年增/减", 3);
    g.push_back(h);
    const auto& c = cells("fees");
    GridRow row;
    Put(&row, label("fees"));
    Put(&row, c[0]);
    Put(&row, c[1], 3);
    g.push_back(row);
  }
  g.push_back(Article("第二十条第（九）项", w));
  {
    GridRow h;
    Put(&h, "信息内容");
    Put(&h, "采购项目数量");
    Put(&h, "采购总金额", 3);
    g.push_back(h);
    const auto& c = cells("procurement");
    GridRow row;
    Put(&row, label("procurement"));
    Put(&row, c[0]);
    if (unmerged) {
      Put(&row, "");
      Put(&row, c[1], 2);
    } else {
      Put(&row, c[1], 3);
    }
    g.push_back(row);
  }
  return g;
}

// Table 三: three label columns, then 自然人, five 法人或其他组织 columns and 总计.
std::vector<GridRow> ApplicationsGrid(const SyntheticReport& r) {
  std::vector<GridRow> g;
  GridRow h1;
  Put(&h1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3);
  Put(&h1, "申请人情况", 7);
  g.push_back(h1);
  GridRow h2 = {Cov(), Cov(), Cov()};
  Put(&h2, "自然人");
  Put(&h2, "法人或其他组织", 5);
  Put(&h2, "总计");
  g.push_back(h2);
  GridRow h3 = {Cov(), Cov(), Cov(), Cov()};
  for (const char* t : {"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}) Put(&h3, t);
  h3.push_back(Cov());
  g.push_back(h3);

  const auto& rows = extract::GetTemplate(r.template_id).applications.rows;
  static const std::map<std::string_view, std::string_view> kGroup = {
      {"denied_state_secret", "（三）不予公开"}, {"unable_not_held", "（四）无法提供"},
      {"rejected_petition", "（五）不予处理"}, {"other_overdue_correction", "（六）其他处理"}};
  std::string_view group_key;  // the current (三)…(六) group, or empty
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string_view key = rows[i].key;
    GridRow row;
    const bool top = key == "new_received" || key == "carried_over" || key == "carried_forward";
    if (top) {
      Put(&row, ApplicationRowLabel(key), 3);
      group_key = {};
    } else {
      if (key == "granted") Put(&row, "三、本年度办理结果");
      else row.push_back(Cov());
      if (auto it = kGroup.find(key); it != kGroup.end()) {
        Put(&row, std::string(it->second));
        group_key = key;
      } else if (rows[i].is_result && !group_key.empty() && key != "other") {
        row.push_back(Cov());
      } else {
        group_key = {};
      }
      if (row.size() == 2) {
        Put(&row, ApplicationRowLabel(key));
      } else {
        Put(&row, ApplicationRowLabel(key), 2);
      }
    }
    for (int64_t v : r.applications[i]) Put(&row, r.blank_zeros && v == 0 ? "" : std::to_string(v));
    g.push_back(row);
  }
  return g;
}

std::vector<GridRow> ReviewsGrid(const SyntheticReport& r) {
  std::vector<GridRow> g;
  GridRow h1;
  Put(&h1, "行政复议", 5);
  Put(&h1, "行政诉讼", 10);
  g.push_back(h1);
  GridRow h2;
  for (int k = 0; k < 5; ++k) h2.push_back(Cov());
  Put(&h2, "未经复议直接起诉", 5);
  Put(&h2, "复议后起诉", 5);
  g.push_back(h2);
  GridRow h3;
  for (int k = 0; k < 3; ++k) {
    for (const char* t : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) Put(&h3, t);
  }
  g.push_back(h3);
  GridRow data;
  for (int64_t v : r.reviews) Put(&data, std::to_string(v));
  g.push_back(data);
  return g;
}

size_t Width(const std::vector<GridRow>& grid) {
  size_t w = 0;
  for (const GridRow& row : grid) w = std::max(w, row.size());
  return w;
}

// kGridTabs: every position, tab-separated, trailing empty cells trimmed.
std::string TabLine(const GridRow& row) {
  size_t end = row.size();
  while (end > 0 && row[end - 1].text.empty()) --end;
  std::string line;
  for (size_t k = 0; k < end; ++k) line += (k ? "\t" : "") + row[k].text;
  return line;
}

// The cells a page-text converter keeps: covered positions left out, the row padded at its end.
std::vector<std::string> PipeCells(const GridRow& row, size_t width) {
  std::vector<std::string> cells;
  for (const Pos& p : row) {
    if (!p.covered) cells.push_back(p.text);
  }
  while (cells.size() < width) cells.emplace_back();
  return cells;
}

// "a | b | ||": a cell and its bar; an empty cell is a bar alone.
std::string PipeRun(const std::vector<std::string>& cells, size_t from) {
  std::string out;
  for (size_t k = from; k < cells.size(); ++k) {
    if (!cells[k].empty()) out += (out.empty() ? "" : " ") + cells[k] + " |";
    else out += (k > from && !cells[k - 1].empty()) ? " |" : "|";
  }
  return out;
}

void AppendTable(const std::vector<GridRow>& grid, Layout layout, extract::TemplateId template_id,
                 std::string* out) {
  const size_t width = Width(grid);
  for (const GridRow& row : grid) {
    switch (layout) {
      case Layout::kGridTabs: *out += TabLine(row) + "\n"; break;
      case Layout::kPipeRows: *out += PipeRun(PipeCells(row, width), 0) + "\n"; break;
      case Layout::kCellPerLinePipes: {
        const std::vector<std::string> cells = PipeCells(row, width);
        size_t last = cells.size();
        while (last > 0 && cells[last - 1].empty()) --last;
        *out += "|\n";
        for (size_t k = 0; k + 1 < last; ++k) {
          *out += (cells[k].empty() ? std::string("|") : cells[k] + " |") + "\n";
        }
        *out += PipeRun(cells, last == 0 ? 0 : last - 1) + "\n";
        break;
      }
      case Layout::kCellPerParagraph:
        for (const Pos& p : row) {
          if (!p.covered && !p.text.empty()) *out += p.text + "\n\n";
        }
        break;
      case Layout::kCellPerLineBars:
      case Layout::kCellPerLineCutHeads: {
        // Every cell with its bar on a line of its own; a run of empty cells is a line of bars.
        // 2021 tables put an article's padding on the next line, 2019 ones on the article's line.
        const std::vector<std::string> cells = PipeCells(row, width);
        size_t filled = 0;
        for (const std::string& c : cells) filled += !c.empty();
        if (filled == 1 && !cells[0].empty() && template_id == extract::TemplateId::k2019 &&
            layout == Layout::kCellPerLineBars) {
          *out += PipeRun(cells, 0) + "\n";
          break;
        }
        for (size_t k = 0; k < cells.size();) {
          if (!cells[k].empty()) {
            *out += cells[k++] + " |\n";
            continue;
          }
          std::string bars;
          for (; k < cells.size() && cells[k].empty(); ++k) bars += "|";
          *out += bars + "\n";
        }
        break;
      }
      default: throw std::invalid_argument("not a grid layout");
    }
  }
  *out += "\n";
}

}  // namespace

std::string GridTablesText(const SyntheticReport& report, Layout layout) {
  std::string out = "二、主动公开政府信息情况\n\n";
  AppendTable(ActiveGrid(report, layout), layout, report.template_id, &out);
  out += "三、收到和处理政府信息公开申请情况\n\n";
  AppendTable(ApplicationsGrid(report), layout, report.template_id, &out);
  out += "四、政府信息公开行政复议、行政诉讼情况\n\n";
  AppendTable(ReviewsGrid(report), layout, report.template_id, &out);
  return out;
}

}  // namespace xxgk::testing
