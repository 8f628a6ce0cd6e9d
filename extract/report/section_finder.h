// Section finder: where the six parts of an annual report begin.
//
// Both templates have the same six headings: 一、总体情况 二、主动公开政府信息情况
// 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况
// 六、其他需要报告的事项. A line is a heading when, after an optional numeral prefix ("二、", "2.",
// "(二)"), it starts with the heading's words; without a prefix the line must also be short, so a
// sentence that merely mentions "其他需要报告的事项" is not taken for one. Rows of table 三 such as
// "四、结转下年度继续办理" never match. Only the first occurrence of each heading counts, and
// headings must come in order.
// Thread-safe: pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace xxgk::extract {

enum class Section : uint8_t { kOverview, kActive, kApplications, kReviews, kProblems, kOther };
inline constexpr size_t kSectionCount = 6;
std::string_view SectionNumeral(Section s);  // "一" … "六"

struct SectionLayout {
  // Line index of each heading, or nullopt when the heading was not found.
  std::array<std::optional<size_t>, kSectionCount> heading;
  size_t line_count = 0;

  bool Has(Section s) const { return heading[static_cast<size_t>(s)].has_value(); }
  // [begin, end) lines of the section's body (after its heading, up to the next found heading),
  // or nullopt when the section's heading is missing.
  std::optional<std::pair<size_t, size_t>> Body(Section s) const;
};

SectionLayout FindSections(const std::vector<std::string>& folded_lines);

}  // namespace xxgk::extract
