// Report builder (tests only). See report_builder.h.
#include "tests/extract/report_builder.h"

#include "tests/extract/report_grid_tables.h"

#include <map>
#include <random>
#include <stdexcept>

namespace xxgk::testing {
namespace {

using extract::GetTemplate;
using extract::TemplateId;

// Group labels printed before the first row of each group in table 三.
const std::map<std::string_view, std::string_view>& GroupBefore() {
  static const std::map<std::string_view, std::string_view> groups = {
      {"granted", "三、本年度办理结果"},          {"denied_state_secret", "（三）不予公开"},
      {"unable_not_held", "（四）无法提供"},      {"rejected_petition", "（五）不予处理"},
      {"other_overdue_correction", "（六）其他处理"},
  };
  return groups;
}

const std::map<std::string_view, std::string_view>& ActiveLabels() {
  static const std::map<std::string_view, std::string_view> labels = {
      {"regulations", "规章"},
      {"normative_documents", "行政规范性文件"},
      {"licensing", "行政许可"},
      {"other_services", "其他对外管理服务事项"},
      {"penalty", "行政处罚"},
      {"coercion", "行政强制"},
      {"fees_wan_yuan", "行政事业性收费"},
      {"fees", "行政事业性收费"},
      {"procurement", "政府集中采购"},
  };
  return labels;
}

// Header lines printed before a row of table 二 (article and column labels).
std::vector<std::string> ActiveHeaderBefore(TemplateId id, std::string_view key) {
  if (id == TemplateId::k2021) {
    if (key == "regulations") return {"第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数"};
    if (key == "licensing") return {"第二十条第（五）项", "信息内容 本年处理决定数量"};
    if (key == "penalty") return {"第二十条第（六）项", "信息内容 本年处理决定数量"};
    if (key == "fees_wan_yuan") return {"第二十条第（八）项", "信息内容 本年收费金额（单位：万元）"};
    return {};
  }
  if (key == "regulations") return {"第二十条第（一）项", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量"};
  if (key == "licensing") return {"第二十条第（五）项", "信息内容 上一年项目数量 本年增/减 处理决定数量"};
  if (key == "penalty") return {"第二十条第（六）项", "信息内容 上一年项目数量 本年增/减 处理决定数量"};
  if (key == "fees") return {"第二十条第（八）项", "信息内容 上一年项目数量 本年增/减"};
  if (key == "procurement") return {"第二十条第（九）项", "信息内容 采购项目数量 采购总金额"};
  return {};
}

const std::vector<std::string> kApplicationsHeader = {
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
    "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"};
const std::vector<std::string> kReviewsHeader = {
    "行政复议 行政诉讼",
    "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
    "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计"};

// Full-width digits: what some PDF and Word exports contain.
std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      const unsigned cp = 0xFF10u + static_cast<unsigned>(c - '0');
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += c;
    }
  }
  return out;
}

std::string Thousands(int64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Breaks a label into pieces of at most `width` characters on separate lines (PDF cells).
std::string Broken(std::string_view label, size_t width) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < label.size();) {
    const auto c = static_cast<unsigned char>(label[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (chars > 0 && chars % width == 0) out += "\n\n";
    out.append(label.substr(i, len));
    ++chars;
    i += len;
  }
  return out;
}

class Writer {
 public:
  explicit Writer(Layout layout) : layout_(layout) {}

  void Heading(const std::string& text, int level) {
    if (layout_ == Layout::kMarkdown) {
      out_ += std::string(static_cast<size_t>(level), '#') + " " + text + "\n\n";
    } else {
      out_ += text + "\n\n";
    }
  }
  void Paragraph(const std::string& text) { out_ += text + "\n\n"; }
  void Raw(const std::string& text) { out_ += text; }

  // A header line of a table (labels only).
  void HeaderLine(const std::string& text) {
    switch (layout_) {
      case Layout::kTabs: out_ += Tabbed(text) + "\n"; break;
      case Layout::kMarkdown: out_ += "| " + Piped(text) + " |\n"; break;
      case Layout::kCellPerLine: out_ += "\t" + Tabbed(text, "\n\t") + "\n\n"; break;
      case Layout::kPdfBroken: out_ += Broken(text, 6) + "\n\n"; break;
      case Layout::kRowPerLine: out_ += text + "\n\n"; break;
      default: throw std::logic_error("grid layouts are written by report_grid_tables");
    }
  }

  // A data row: `group` is a merged first-column label ("" when none), then the row label, then
  // the cells as written.
  void Row(const std::string& group, const std::string& label, const std::vector<std::string>& cells) {
    std::string joined_cells;
    switch (layout_) {
      case Layout::kRowPerLine:
        if (!group.empty()) out_ += group + "\n\n";
        out_ += label;
        for (const auto& c : cells) out_ += " " + c;
        out_ += "\n\n";
        break;
      case Layout::kPdfBroken:
        if (!group.empty()) out_ += Broken(group, 2) + "\n\n";
        out_ += Broken(label, 7);
        // Long labels push the numbers to a line of their own, as in the samples.
        out_ += label.size() > 30 ? "\n\n" : " ";
        for (size_t i = 0; i < cells.size(); ++i) out_ += (i ? " " : "") + cells[i];
        out_ += "\n\n";
        break;
      case Layout::kCellPerLine:
        if (!group.empty()) out_ += "\t" + group + "\n";
        out_ += "\t" + label + "\n";
        for (const auto& c : cells) out_ += "\t" + c + "\n";
        out_ += "\n\n";
        break;
      case Layout::kTabs:
        out_ += group + "\t" + label;
        for (const auto& c : cells) out_ += "\t" + c;
        out_ += "\t\n";  // a trailing empty cell, as Word exports do
        break;
      case Layout::kMarkdown:
        out_ += "| " + group + " | " + label;
        for (const auto& c : cells) out_ += " | " + c;
        out_ += " |\n";
        break;
      default: throw std::logic_error("grid layouts are written by report_grid_tables");
    }
  }
  // Only the cells, on one line (table 四).
  void CellsLine(const std::vector<std::string>& cells) {
    std::string sep = layout_ == Layout::kTabs ? "\t" : layout_ == Layout::kMarkdown ? " | " : " ";
    if (layout_ == Layout::kCellPerLine) {
      for (const auto& c : cells) out_ += "\t" + c + "\n";
      out_ += "\n";
      return;
    }
    std::string line = layout_ == Layout::kMarkdown ? "| " : "";
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? sep : "") + cells[i];
    if (layout_ == Layout::kMarkdown) {
      line += " |\n|";
      for (size_t i = 0; i < cells.size(); ++i) line += " --- |";
    }
    out_ += line + "\n\n";
  }
  void TableRule() {
    if (layout_ == Layout::kMarkdown) out_ += "| --- | --- | --- |\n";
  }
  void EndTable() { out_ += "\n"; }
  void PageBreak(int page) { out_ += "\n\n- " + std::to_string(page) + " -\n\n"; }
  const std::string& text() const { return out_; }
  Layout layout() const { return layout_; }

 private:
  static std::string Tabbed(const std::string& text, const std::string& sep = "\t") {
    std::string out;
    for (char c : text) out += c == ' ' ? sep : std::string(1, c);
    return out;
  }
  static std::string Piped(const std::string& text) {
    std::string out;
    for (char c : text) out += c == ' ' ? std::string(" | ") : std::string(1, c);
    return out;
  }
  Layout layout_;
  std::string out_;
};

std::string Cell(int64_t v, Layout layout, bool big_ok) {
  if (layout == Layout::kPdfBroken) {
    if (big_ok && v >= 1000) return Thousands(v);
    return FullWidth(std::to_string(v));
  }
  return std::to_string(v);
}

}  // namespace

std::string LayoutName(Layout layout) {
  switch (layout) {
    case Layout::kRowPerLine: return "RowPerLine";
    case Layout::kCellPerLine: return "CellPerLine";
    case Layout::kTabs: return "Tabs";
    case Layout::kMarkdown: return "Markdown";
    case Layout::kPdfBroken: return "PdfBroken";
    case Layout::kGridTabs: return "GridTabs";
    case Layout::kPipeRows: return "PipeRows";
    case Layout::kCellPerLinePipes: return "CellPerLinePipes";
    case Layout::kCellPerParagraph: return "CellPerParagraph";
    case Layout::kCellPerLineBars: return "CellPerLineBars";
    case Layout::kCellPerLineCutHeads: return "CellPerLineCutHeads";
  }
  return "?";
}

bool IsGridLayout(Layout layout) {
  return layout == Layout::kGridTabs || layout == Layout::kPipeRows ||
         layout == Layout::kCellPerLinePipes || layout == Layout::kCellPerParagraph ||
         layout == Layout::kCellPerLineBars || layout == Layout::kCellPerLineCutHeads;
}

std::string ApplicationRowLabel(std::string_view key) {
  static const std::map<std::string_view, std::string_view> labels = {
      {"new_received", "一、本年新收政府信息公开申请数量"},
      {"carried_over", "二、上年结转政府信息公开申请数量"},
      {"granted", "（一）予以公开"},
      {"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
      {"denied_state_secret", "1.属于国家秘密"},
      {"denied_law_forbidden", "2.其他法律行政法规禁止公开"},
      {"denied_three_safety", "3.危及“三安全一稳定”"},
      {"denied_third_party", "4.保护第三方合法权益"},
      {"denied_internal_affairs", "5.属于三类内部事务信息"},
      {"denied_process_info", "6.属于四类过程性信息"},
      {"denied_enforcement_file", "7.属于行政执法案卷"},
      {"denied_inquiry", "8.属于行政查询事项"},
      {"unable_not_held", "1.本机关不掌握相关政府信息"},
      {"unable_need_create", "2.没有现成信息需要另行制作"},
      {"unable_unclear", "3.补正后申请内容仍不明确"},
      {"rejected_petition", "1.信访举报投诉类申请"},
      {"rejected_repeat", "2.重复申请"},
      {"rejected_publication", "3.要求提供公开出版物"},
      {"rejected_mass_repeat", "4.无正当理由大量反复申请"},
      {"rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"},
      {"other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
      {"other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
      {"other_other", "3.其他"},
      {"other", "（六）其他处理"},
      {"total", "（七）总计"},
      {"carried_forward", "四、结转下年度继续办理"},
  };
  auto it = labels.find(key);
  if (it == labels.end()) throw std::invalid_argument("no label for row " + std::string(key));
  return std::string(it->second);
}

SyntheticReport MakeConsistentReport(TemplateId id, uint32_t seed) {
  std::mt19937 rng(seed);
  auto draw = [&](int64_t hi) { return std::uniform_int_distribution<int64_t>(0, hi)(rng); };
  const extract::TemplateSpec& spec = GetTemplate(id);
  SyntheticReport r;
  r.template_id = id;
  r.year = 2019 + static_cast<int>(draw(5));
  r.signed_year = r.year + 1;
  r.signed_month = 1 + static_cast<int>(draw(2));
  r.signed_day = 1 + static_cast<int>(draw(27));
  for (const auto& row : spec.active_disclosure.rows) {
    std::vector<std::string> cells;
    for (const auto& col : row.columns) {
      switch (col.type) {
        case extract::CellType::kCount: cells.push_back(std::to_string(draw(30000))); break;
        case extract::CellType::kChange: cells.push_back(std::to_string(draw(10) - 5)); break;
        case extract::CellType::kMoney:
          cells.push_back(row.key == "procurement" ? std::to_string(draw(900000)) + "元"
                                                   : std::to_string(draw(5000)) + "." +
                                                         std::to_string(1000 + draw(8999)));
          break;
      }
    }
    r.active.push_back(std::move(cells));
  }
  const auto& rows = spec.applications.rows;
  r.applications.assign(rows.size(), std::vector<int64_t>(7, 0));
  std::vector<int64_t> results(6, 0);
  size_t total_row = 0, new_row = 0, over_row = 0, forward_row = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].key == "total") total_row = i;
    if (rows[i].key == "new_received") new_row = i;
    if (rows[i].key == "carried_over") over_row = i;
    if (rows[i].key == "carried_forward") forward_row = i;
    if (!rows[i].is_result) continue;
    for (size_t c = 0; c < 6; ++c) {
      r.applications[i][c] = draw(4) == 0 ? draw(40) : 0;  // mostly zeros, as in real reports
      results[c] += r.applications[i][c];
    }
  }
  for (size_t c = 0; c < 6; ++c) {
    r.applications[total_row][c] = results[c];
    r.applications[forward_row][c] = draw(3);
    r.applications[over_row][c] = draw(r.applications[total_row][c] + r.applications[forward_row][c]);
    r.applications[new_row][c] = r.applications[total_row][c] + r.applications[forward_row][c] -
                                 r.applications[over_row][c];
  }
  for (auto& row : r.applications) {
    row[6] = 0;
    for (size_t c = 0; c < 6; ++c) row[6] += row[c];
  }
  for (int g = 0; g < 3; ++g) {
    int64_t sum = 0;
    for (int k = 0; k < 4; ++k) {
      r.reviews.push_back(draw(3));
      sum += r.reviews.back();
    }
    r.reviews.push_back(sum);
  }
  return r;
}

std::string BuildReportText(const SyntheticReport& r, Layout layout) {
  const extract::TemplateSpec& spec = GetTemplate(r.template_id);
  Writer w(layout);
  const std::string year = std::to_string(r.year);
  if (layout == Layout::kMarkdown) {
    w.Heading(r.agency, 1);
    w.Heading(year + " 年度政府信息公开工作年度报告", 2);
  } else {
    w.Paragraph(r.agency + year + "年度政府信息公开工作年度报告");
  }
  w.Paragraph("本年度报告根据《中华人民共和国政府信息公开条例》编制。报告中所列数据的统计期限自" +
              year + "年1月1日起至" + year + "年12月31日止。");
  w.Heading("一、总体情况", 3);
  w.Paragraph(year + "年，本机关认真落实政府信息公开工作要求，全年主动公开信息 1234 条。");

  if (IsGridLayout(layout)) {
    w.Raw(GridTablesText(r, layout));
  } else {
  w.Heading("二、主动公开政府信息情况", 2);
  for (size_t i = 0; i < spec.active_disclosure.rows.size(); ++i) {
    const auto& row = spec.active_disclosure.rows[i];
    for (const std::string& header : ActiveHeaderBefore(r.template_id, row.key)) w.HeaderLine(header);
    if (i == 0) w.TableRule();
    std::vector<std::string> cells = r.active[i];
    if (layout == Layout::kPdfBroken) {
      for (size_t c = 0; c < cells.size(); ++c) {
        if (row.columns[c].type == extract::CellType::kCount) cells[c] = Cell(std::stoll(cells[c]), layout, true);
      }
    }
    w.Row("", std::string(ActiveLabels().at(row.key)), cells);
  }
  w.EndTable();

  w.Heading("三、收到和处理政府信息公开申请情况", 2);
  for (const auto& h : kApplicationsHeader) w.HeaderLine(h);
  w.TableRule();
  const auto& rows = spec.applications.rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string group;
    auto g = GroupBefore().find(rows[i].key);
    if (g != GroupBefore().end()) group = std::string(g->second);
    std::vector<std::string> cells;
    for (int64_t v : r.applications[i]) cells.push_back(Cell(v, layout, false));
    w.Row(group, ApplicationRowLabel(rows[i].key), cells);
    if (layout == Layout::kPdfBroken && rows[i].key == "denied_inquiry") {
      w.PageBreak(4);  // page break mid-table: page number, then the header again
      for (const auto& h : kApplicationsHeader) w.HeaderLine(h);
    }
  }
  w.EndTable();

  w.Heading("四、政府信息公开行政复议、行政诉讼情况", 2);
  for (const auto& h : kReviewsHeader) w.HeaderLine(h);
  std::vector<std::string> review_cells;
  for (int64_t v : r.reviews) review_cells.push_back(Cell(v, layout, false));
  w.CellsLine(review_cells);
  }

  w.Heading("五、存在的主要问题及改进情况", 2);
  w.Paragraph("一是公开质量有待提高。二是解读形式有待丰富。" + std::to_string(r.year + 1) +
              "年，本机关将进一步加强政府信息公开工作。");
  w.Heading("六、其他需要报告的事项", 2);
  w.Paragraph("本机关" + year + "年度未收取政府信息公开信息处理费。");
  w.Paragraph(r.agency);
  w.Paragraph(std::to_string(r.signed_year) + "年" + std::to_string(r.signed_month) + "月" +
              std::to_string(r.signed_day) + "日");
  return w.text();
}

}  // namespace xxgk::testing
