// Report titles: see report_title.h.
#include "crawler/discovery/report_title.h"

#include <array>
#include <string>

namespace xxgk::crawl {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

template <size_t N>
bool ContainsAny(std::string_view text, const std::array<std::string_view, N>& parts) {
  for (std::string_view part : parts) {
    if (Contains(text, part)) return true;
  }
  return false;
}

// Words of notices, meetings and plans about reports (never in a report's own title).
constexpr std::array<std::string_view, 14> kNoticeWords = {
    "关于", "通知", "培训", "推进会", "工作要点", "模板",     "报送",
    "编制", "会议", "方案", "督查",   "考核",     "征求意见", "转发"};
constexpr std::array<std::string_view, 3> kReportWords = {"年度报告", "年报", "工作报告"};
constexpr std::array<std::string_view, 3> kOpennessWords = {"信息公开", "政务公开", "政府公开"};

// The value of a Chinese digit starting at `text[i]` (〇 零 一 … 九), with its byte length.
std::optional<std::pair<int, size_t>> ChineseDigit(std::string_view text, size_t i) {
  static constexpr std::array<std::string_view, 11> kDigits = {"〇", "一", "二", "三", "四", "五",
                                                               "六", "七", "八", "九", "零"};
  for (size_t d = 0; d < kDigits.size(); ++d) {
    if (text.substr(i).starts_with(kDigits[d])) {
      return std::pair<int, size_t>{d == 10 ? 0 : static_cast<int>(d), kDigits[d].size()};
    }
  }
  // A full-width or ASCII zero written as "O"/"○" in some titles.
  if (text.substr(i).starts_with("○")) return std::pair<int, size_t>{0, 3};
  return std::nullopt;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool Plausible(int year) { return year >= 1990 && year <= 2099; }

}  // namespace

std::optional<int> YearIn(std::string_view text) {
  std::optional<int> bare;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsAsciiDigit(text[i]) && (i == 0 || !IsAsciiDigit(text[i - 1]))) {
      size_t j = i;
      while (j < text.size() && IsAsciiDigit(text[j])) ++j;
      if (j - i == 4) {
        const int year = std::stoi(std::string(text.substr(i, 4)));
        if (Plausible(year)) {
          if (text.substr(j).starts_with("年")) return year;
          if (!bare) bare = year;
        }
      }
      i = j - 1;
      continue;
    }
    if (auto first = ChineseDigit(text, i)) {
      int year = 0;
      size_t j = i, digits = 0;
      while (digits < 4) {
        auto d = ChineseDigit(text, j);
        if (!d) break;
        year = year * 10 + d->first;
        j += d->second;
        ++digits;
      }
      if (digits == 4 && Plausible(year) && text.substr(j).starts_with("年")) return year;
    }
  }
  return bare;
}

std::optional<int> AnnualReportYear(std::string_view title) {
  if (ContainsAny(title, kNoticeWords)) return std::nullopt;
  if (!ContainsAny(title, kReportWords) || !ContainsAny(title, kOpennessWords)) {
    return std::nullopt;
  }
  return YearIn(title);
}

bool IsReportColumnName(std::string_view text) {
  if (text.size() > 60 || ContainsAny(text, kNoticeWords)) return false;  // a title, not a label
  static constexpr std::array<std::string_view, 4> kNames = {"年报", "年度报告", "工作报告",
                                                             "年度工作报告"};
  // "年度报告" alone is a column label; a report's own title names a year.
  return ContainsAny(text, kNames) && !YearIn(text);
}

bool IsOpennessName(std::string_view text) {
  // Pages about the section (its guide, rules, how to apply) lead to no column.
  static constexpr std::array<std::string_view, 8> kNotEntries = {"指南", "制度", "申请", "规定",
                                                                  "意见", "监督", "保密", "条例"};
  static constexpr std::array<std::string_view, 2> kMore = {"主动公开", "公开目录"};
  return text.size() <= 30 && (ContainsAny(text, kOpennessWords) || ContainsAny(text, kMore)) &&
         !ContainsAny(text, kNotEntries) && !IsReportColumnName(text);
}

}  // namespace xxgk::crawl
