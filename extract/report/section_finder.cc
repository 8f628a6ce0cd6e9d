// Section finder: locating the six report headings. See section_finder.h.
#include "extract/report/section_finder.h"

#include <string_view>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// Removes a leading "二、" "二." "(二)" "2." "2、" "第二部分" style prefix; true if one was removed.
bool StripNumeralPrefix(std::string_view* s) {
  std::string_view t = *s;
  bool paren = false;
  if (t.starts_with("(")) {
    paren = true;
    t.remove_prefix(1);
  }
  bool numeral = false;
  for (std::string_view n : kNumerals) {
    if (t.starts_with(n)) {
      t.remove_prefix(n.size());
      numeral = true;
      break;
    }
  }
  if (!numeral && !t.empty() && t[0] >= '1' && t[0] <= '9') {
    t.remove_prefix(1);
    numeral = true;
  }
  if (!numeral) return false;
  if (paren) {
    if (!t.starts_with(")")) return false;
    t.remove_prefix(1);
  } else if (t.starts_with("\u3001")) {
    t.remove_prefix(3);
  } else if (t.starts_with(".") || t.starts_with(":")) {
    t.remove_prefix(1);
  } else {
    return false;
  }
  *s = t;
  return true;
}

struct HeadingRule {
  Section section;
  std::string_view starts_with;
  std::string_view also_contains;  // for 四: both words of 行政复议、行政诉讼
};

constexpr HeadingRule kRules[] = {
    {Section::kOverview, "总体情况", {}},
    {Section::kActive, "主动公开政府信息情况", {}},
    {Section::kActive, "主动公开政府信息", {}},
    {Section::kApplications, "收到和处理政府信息公开申请", {}},
    {Section::kReviews, "政府信息公开行政复议", "行政诉讼"},
    {Section::kReviews, "因政府信息公开工作被申请行政复议", "行政诉讼"},
    {Section::kReviews, "政府信息公开申请行政复议", "行政诉讼"},
    {Section::kProblems, "存在的主要问题", {}},
    {Section::kOther, "其他需要报告的事项", {}},
};

constexpr size_t kMaxUnnumberedHeadingBytes = 20 * 3;  // about 20 CJK characters

std::optional<Section> MatchHeading(const std::string& line) {
  if (line.empty()) return std::nullopt;
  std::string compact = Compact(line);
  std::string_view s = compact;
  const bool numbered = StripNumeralPrefix(&s);
  if (!numbered && compact.size() > kMaxUnnumberedHeadingBytes) return std::nullopt;
  for (const HeadingRule& rule : kRules) {
    if (!s.starts_with(rule.starts_with)) continue;
    if (!rule.also_contains.empty() && s.find(rule.also_contains) == std::string_view::npos) {
      continue;
    }
    // A heading is not a sentence: no full stop in it.
    if (s.find("\u3002") != std::string_view::npos) continue;
    return rule.section;
  }
  return std::nullopt;
}

}  // namespace

std::string_view SectionNumeral(Section s) { return kNumerals[static_cast<size_t>(s)]; }

std::optional<std::pair<size_t, size_t>> SectionLayout::Body(Section s) const {
  const auto index = static_cast<size_t>(s);
  if (!heading[index]) return std::nullopt;
  size_t end = line_count;
  for (size_t k = index + 1; k < kSectionCount; ++k) {
    if (heading[k]) {
      end = *heading[k];
      break;
    }
  }
  return std::make_pair(*heading[index] + 1, end);
}

SectionLayout FindSections(const std::vector<std::string>& folded_lines) {
  SectionLayout layout;
  layout.line_count = folded_lines.size();
  size_t next_allowed = 0;  // headings come in order: each after the previous one found
  for (size_t i = 0; i < folded_lines.size(); ++i) {
    std::optional<Section> section = MatchHeading(folded_lines[i]);
    if (!section) continue;
    const auto index = static_cast<size_t>(*section);
    if (index < next_allowed || layout.heading[index]) continue;
    layout.heading[index] = i;
    next_allowed = index + 1;
  }
  return layout;
}

}  // namespace xxgk::extract
