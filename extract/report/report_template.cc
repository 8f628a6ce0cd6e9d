// Report templates as data. See report_template.h; the row keys and labels follow
// REPORT_SCHEMA.md and the two national formats.
#include "extract/report/report_template.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "extract/report/text_search.h"

namespace xxgk::extract {
namespace {

using C = ColumnSpec;
constexpr CellType kCount = CellType::kCount;
constexpr CellType kChange = CellType::kChange;
constexpr CellType kMoney = CellType::kMoney;

constexpr std::array<std::string_view, 7> kApplicantColumns = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"};

std::vector<ColumnSpec> SevenCounts() {
  std::vector<ColumnSpec> columns;
  for (std::string_view name : kApplicantColumns) columns.push_back(C{"", kCount, name});
  return columns;
}

RowSpec ApplicationRow(std::string_view key, std::vector<LabelPattern> labels, bool result) {
  return RowSpec{key, std::move(labels), SevenCounts(), RowShape::kArray, result};
}

// Table 三: identical in both templates except for 三（六）其他处理.
TableSpec Applications(TemplateId id) {
  TableSpec t{"三", {}, false};
  auto& r = t.rows;
  r.push_back(ApplicationRow("new_received", {{"本年新收"}}, false));
  r.push_back(ApplicationRow("carried_over", {{"上年结转"}}, false));
  r.push_back(ApplicationRow("granted", {{"予以公开"}}, true));
  r.push_back(ApplicationRow("partial", {{"部分公开"}}, true));
  r.push_back(ApplicationRow("denied_state_secret", {{"国家秘密"}}, true));
  r.push_back(ApplicationRow("denied_law_forbidden", {{"禁止公开"}, {"行政法规禁止"}}, true));
  r.push_back(ApplicationRow("denied_three_safety", {{"三安全一稳定"}, {"危及"}}, true));
  r.push_back(ApplicationRow("denied_third_party", {{"第三方合法权益"}}, true));
  r.push_back(ApplicationRow("denied_internal_affairs", {{"内部事务"}}, true));
  r.push_back(ApplicationRow("denied_process_info", {{"过程性信息"}}, true));
  r.push_back(ApplicationRow("denied_enforcement_file", {{"行政执法案卷"}}, true));
  r.push_back(ApplicationRow("denied_inquiry", {{"行政查询事项"}}, true));
  r.push_back(ApplicationRow("unable_not_held", {{"不掌握"}}, true));
  r.push_back(ApplicationRow("unable_need_create", {{"另行制作"}, {"没有现成信息"}}, true));
  r.push_back(ApplicationRow("unable_unclear", {{"仍不明确"}}, true));
  r.push_back(ApplicationRow("rejected_petition", {{"信访举报投诉"}}, true));
  r.push_back(ApplicationRow("rejected_repeat", {{"重复申请"}}, true));
  r.push_back(ApplicationRow("rejected_publication", {{"公开出版物"}}, true));
  r.push_back(ApplicationRow("rejected_mass_repeat", {{"大量反复"}}, true));
  r.push_back(ApplicationRow("rejected_confirm", {{"重新出具"}, {"确认或重新"}}, true));
  if (id == TemplateId::k2021) {
    r.push_back(ApplicationRow("other_overdue_correction", {{"逾期不补正"}}, true));
    r.push_back(ApplicationRow("other_overdue_fee", {{"收费通知"}, {"缴纳费用"}}, true));
    r.push_back(ApplicationRow("other_other", {{"3.其他"}, {"3、其他"}}, true));
  } else {
    r.push_back(ApplicationRow("other", {{"其他处理"}}, true));
  }
  r.push_back(ApplicationRow("total", {{"(七)总计"}, {"七)总计"}, {"总计", true, "法人或其他组织"}}, false));
  r.push_back(ApplicationRow("carried_forward", {{"结转下年度"}}, false));
  return t;
}

// Table 四: 行政复议 then 行政诉讼 (未经复议直接起诉, 复议后起诉), five results each.
TableSpec ReviewsLitigation() {
  const std::vector<ColumnSpec> five = {
      C{"upheld"}, C{"corrected"}, C{"other"}, C{"pending"}, C{"total"}};
  return TableSpec{"四",
                   {RowSpec{"review", {}, five},
                    RowSpec{"litigation_direct", {}, five},
                    RowSpec{"litigation_after_review", {}, five}},
                   true};
}

TemplateSpec Make2021() {
  TableSpec active{"二", {}, false};
  const std::vector<ColumnSpec> docs = {C{"issued", kCount, "本年制发件数"},
                                        C{"repealed", kCount, "本年废止件数"},
                                        C{"valid", kCount, "现行有效件数"}};
  const C decisions{"", kCount, "本年处理决定数量"};
  active.rows = {
      RowSpec{"regulations", {{"规章"}}, docs},
      RowSpec{"normative_documents", {{"规范性文件"}}, docs},
      RowSpec{"licensing", {{"行政许可"}}, {decisions}, RowShape::kScalar},
      RowSpec{"penalty", {{"行政处罚"}}, {decisions}, RowShape::kScalar},
      RowSpec{"coercion", {{"行政强制"}}, {decisions}, RowShape::kScalar},
      RowSpec{"fees_wan_yuan", {{"事业性收费"}}, {C{"", kMoney, "本年收费金额"}}, RowShape::kScalar},
  };
  return TemplateSpec{TemplateId::k2021, std::move(active), Applications(TemplateId::k2021),
                      ReviewsLitigation()};
}

TemplateSpec Make2019() {
  TableSpec active{"二", {}, false};
  const std::vector<ColumnSpec> docs = {C{"new_made", kCount, "本年新制作数量"},
                                        C{"new_published", kCount, "本年新公开数量"},
                                        C{"total_published", kCount, "对外公开总数量"}};
  const C prev{"prev_items", kCount, "上一年项目数量"};
  const C change{"change", kChange, "本年增/减"};
  const std::vector<ColumnSpec> items = {prev, change, C{"decisions", kCount, "处理决定数量"}};
  active.rows = {
      RowSpec{"regulations", {{"规章"}}, docs},
      RowSpec{"normative_documents", {{"规范性文件"}}, docs},
      RowSpec{"licensing", {{"行政许可"}}, items},
      RowSpec{"other_services", {{"对外管理服务"}}, items},
      RowSpec{"penalty", {{"行政处罚"}}, items},
      RowSpec{"coercion", {{"行政强制"}}, items},
      RowSpec{"fees", {{"事业性收费"}}, {prev, change}},
      RowSpec{"procurement", {{"集中采购"}},
              {C{"items", kCount, "采购项目数量"}, C{"amount", kMoney, "采购总金额"}}},
  };
  return TemplateSpec{TemplateId::k2019, std::move(active), Applications(TemplateId::k2019),
                      ReviewsLitigation()};
}

// Fills `headers` of each table of `t` (the distinct column header texts).
TemplateSpec WithHeaders(TemplateSpec t) {
  for (TableSpec* table : {&t.active_disclosure, &t.applications, &t.reviews_litigation}) {
    for (const RowSpec& row : table->rows) {
      for (const ColumnSpec& column : row.columns) {
        if (!column.header.empty() && std::find(table->headers.begin(), table->headers.end(),
                                                column.header) == table->headers.end()) {
          table->headers.push_back(column.header);
        }
      }
    }
  }
  return t;
}

size_t CountOccurring(std::string_view text, std::span<const std::string_view> labels) {
  size_t n = 0;
  for (std::string_view label : labels) n += Contains(text, label);
  return n;
}

}  // namespace

size_t TableSpec::cell_count() const {
  size_t n = 0;
  for (const RowSpec& row : rows) n += row.cell_count();
  return n;
}

std::string_view TemplateName(TemplateId id) {
  switch (id) {
    case TemplateId::k2019: return "2019";
    case TemplateId::k2021: return "2021";
    case TemplateId::kUnknown: break;
  }
  return "unknown";
}

const TemplateSpec& GetTemplate(TemplateId id) {
  static const TemplateSpec t2021 = WithHeaders(Make2021());
  static const TemplateSpec t2019 = WithHeaders(Make2019());
  if (id == TemplateId::k2021) return t2021;
  if (id == TemplateId::k2019) return t2019;
  throw std::logic_error("GetTemplate: unknown template has no spec");
}

std::span<const std::string_view> ApplicantColumnNames() { return kApplicantColumns; }

TemplateId DetectTemplate(std::string_view compact_section2, std::string_view compact_section3) {
  // Column labels of table 二 (the defining difference between the two formats).
  static constexpr std::string_view k2021Columns[] = {"本年制发件数", "本年废止件数", "现行有效件数",
                                                      "本年处理决定数量", "本年收费金额"};
  static constexpr std::string_view k2019Columns[] = {"本年新制作数量", "本年新公开数量",
                                                      "对外公开总数量", "上一年项目数量",
                                                      "本年增/减", "采购总金额"};
  const size_t score2021 = CountOccurring(compact_section2, k2021Columns);
  const size_t score2019 = CountOccurring(compact_section2, k2019Columns);
  if (score2021 > score2019) return TemplateId::k2021;
  if (score2019 > score2021) return TemplateId::k2019;
  if (score2021 > 0) return TemplateId::kUnknown;  // equally many of both: do not guess
  // No column labels in table 二: the rows of 三（六） tell the formats apart.
  static constexpr std::string_view k2021Rows[] = {"逾期不补正", "收费通知"};
  if (CountOccurring(compact_section3, k2021Rows) > 0) return TemplateId::k2021;
  if (compact_section3.find("其他处理") != std::string_view::npos &&
      compact_section3.find("本年新收") != std::string_view::npos) {
    return TemplateId::k2019;
  }
  return TemplateId::kUnknown;
}

}  // namespace xxgk::extract
