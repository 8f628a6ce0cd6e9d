// Report metadata: agency, covered year, signing date. See report_metadata.h.
#include "extract/report/report_metadata.h"

#include <array>
#include <cstdio>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;
constexpr size_t kMaxTitleLines = 4;
constexpr size_t kMaxSignatureBytes = 30 * 3;
constexpr size_t kClosingLines = 6;
constexpr size_t kMaxPreambleBytes = 64 * 1024;  // where the 统计期限 sentence is looked for

// One Chinese digit (〇 零 ○ 一 … 九) or ASCII digit at the front of `s`: its value, or -1.
int TakeDigit(std::string_view* s) {
  if (!s->empty() && (*s)[0] >= '0' && (*s)[0] <= '9') {
    const int d = (*s)[0] - '0';
    s->remove_prefix(1);
    return d;
  }
  static constexpr std::array<std::pair<std::string_view, int>, 12> kDigits = {{
      {"〇", 0}, {"零", 0}, {"○", 0}, {"一", 1}, {"二", 2}, {"三", 3},
      {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9},
  }};
  for (const auto& [glyph, value] : kDigits) {
    if (s->starts_with(glyph)) {
      s->remove_prefix(glyph.size());
      return value;
    }
  }
  return -1;
}

// A month or day: ASCII digits, or 一…九, 十, 十一…十九, 二十…三十一. -1 if none.
int TakeSmallNumber(std::string_view* s) {
  if (!s->empty() && (*s)[0] >= '0' && (*s)[0] <= '9') {
    int v = 0;
    size_t n = 0;
    while (n < s->size() && n < 2 && (*s)[n] >= '0' && (*s)[n] <= '9') v = v * 10 + ((*s)[n++] - '0');
    s->remove_prefix(n);
    return v;
  }
  static constexpr std::string_view kTen = "十";
  int tens = 0;
  std::string_view t = *s;
  int lead = TakeDigit(&t);
  if (t.starts_with(kTen)) {
    tens = lead < 0 ? 1 : lead;
    t.remove_prefix(kTen.size());
    std::string_view u = t;
    int unit = TakeDigit(&u);
    if (unit > 0) t = u;
    *s = t;
    return tens * 10 + (unit > 0 ? unit : 0);
  }
  if (lead > 0) {
    *s = t;
    return lead;
  }
  if (s->starts_with(kTen)) {  // "十" alone
    s->remove_prefix(kTen.size());
    return 10;
  }
  return -1;
}

// Four digits followed by 年 at the front of `s`: the year, or -1.
int TakeYear(std::string_view* s) {
  std::string_view t = *s;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = TakeDigit(&t);
    if (d < 0) return -1;
    year = year * 10 + d;
  }
  if (!t.starts_with("年") || year < kMinYear || year > kMaxYear) return -1;
  t.remove_prefix(std::string_view("年").size());
  *s = t;
  return year;
}

// Finds the first "YYYY年" in `s`; returns its year and sets *at to its byte offset.
int FindYear(std::string_view s, size_t* at) {
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view t = s.substr(i);
    const int year = TakeYear(&t);
    if (year > 0) {
      *at = i;
      return year;
    }
  }
  return -1;
}

bool Contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

std::optional<std::string> NonEmpty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

struct Title {
  std::optional<std::string> agency;
  std::optional<int> year;
};

// The title: the leading lines up to the one that completes "…报告", before any section heading.
std::optional<std::string> FindTitleText(const std::vector<std::string>& lines,
                                         const SectionLayout& layout) {
  const size_t limit = layout.heading[0].value_or(lines.size());
  std::string title;
  size_t used = 0;
  for (size_t i = 0; i < lines.size() && i < limit && used < kMaxTitleLines; ++i) {
    const std::string compact = Compact(lines[i]);
    if (compact.empty()) continue;
    if (compact.starts_with("本年度报告") || compact.starts_with("根据") ||
        compact.starts_with("本报告")) {
      break;
    }
    title += compact;
    ++used;
    if (Contains(title, "报告") || Contains(title, "年报")) break;
  }
  if (Contains(title, "信息公开") && (Contains(title, "报告") || Contains(title, "年报"))) {
    return title;
  }
  return std::nullopt;
}

Title ParseTitle(std::string_view title) {
  Title parsed;
  size_t at = 0;
  const int year = FindYear(title, &at);
  if (year < 0) return parsed;
  parsed.year = year;
  std::string_view before = title.substr(0, at);
  if (before.ends_with("关于")) before.remove_suffix(std::string_view("关于").size());
  if (before.ends_with("《")) before.remove_suffix(std::string_view("《").size());
  if (!before.empty()) {
    parsed.agency = std::string(before);
    return parsed;
  }
  // "2023年度XX县人民政府政府信息公开工作年度报告": the agency sits between the year and the
  // last 政府信息公开 (the agency itself may end in 政府).
  std::string_view after = title.substr(at);
  TakeYear(&after);
  if (after.starts_with("度")) after.remove_prefix(std::string_view("度").size());
  const size_t end = after.rfind("政府信息公开");
  if (end != std::string_view::npos) parsed.agency = NonEmpty(after.substr(0, end));
  return parsed;
}

// 统计期限 / 统计时限 / 统计时间 sentence in the lines before section 二.
std::optional<int> StatisticsYear(const std::vector<std::string>& lines,
                                  const SectionLayout& layout) {
  const size_t limit = layout.heading[1].value_or(std::min(lines.size(), size_t{60}));
  std::string text;
  for (size_t i = 0; i < limit && i < lines.size() && text.size() < kMaxPreambleBytes; ++i) {
    text += Compact(lines[i]);
  }
  size_t from = 0;
  while ((from = text.find("统计", from)) != std::string::npos) {
    // The period follows within a few characters: 统计期限自2023年…, 统计时限为2023年….
    std::string_view window = std::string_view(text).substr(from, 16 * 3);
    size_t at = 0;
    const int year = FindYear(window, &at);
    if (year > 0) return year;
    from += 1;
  }
  return std::nullopt;
}

// A year opening the 总体情况 section: "2023年,我市坚持…".
std::optional<int> OverviewYear(const std::vector<std::string>& lines,
                                const SectionLayout& layout) {
  const auto body = layout.Body(Section::kOverview);
  if (!body) return std::nullopt;
  for (size_t i = body->first; i < body->second; ++i) {
    const std::string compact = Compact(lines[i]);
    if (compact.empty()) continue;
    std::string_view s = compact;
    const int year = TakeYear(&s);
    if (year > 0) return year;
    return std::nullopt;  // only the first line of the section counts
  }
  return std::nullopt;
}

bool LooksLikeSignature(std::string_view compact) {
  if (compact.empty() || compact.size() > kMaxSignatureBytes) return false;
  static constexpr std::string_view kPunctuation[] = {"。", ",", ":", ";", "!", "?", "、"};
  for (std::string_view p : kPunctuation) {
    if (Contains(compact, p)) return false;
  }
  return !(compact[0] >= '0' && compact[0] <= '9');
}

struct Closing {
  std::optional<std::string> published;
  std::optional<std::string> signature;
};

// The signing date and the signature above it, in the last lines of the report.
Closing ReadClosing(const std::vector<std::string>& lines) {
  Closing closing;
  std::vector<std::string> tail;  // last non-empty lines, last first
  for (size_t i = lines.size(); i-- > 0 && tail.size() < kClosingLines;) {
    std::string compact = Compact(lines[i]);
    if (!compact.empty()) tail.push_back(std::move(compact));
  }
  for (size_t k = 0; k < tail.size(); ++k) {
    const std::string& line = tail[k];
    // The date may share its line with the signature: "汾阳市人民政府2024年1月5日".
    for (size_t start = 0; start < line.size(); ++start) {
      if ((static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) continue;
      std::optional<std::string> date = ParseChineseDate(std::string_view(line).substr(start));
      if (!date) continue;
      closing.published = date;
      std::string_view prefix = std::string_view(line).substr(0, start);
      if (LooksLikeSignature(prefix)) {
        closing.signature = std::string(prefix);
      } else if (prefix.empty() && k + 1 < tail.size() && LooksLikeSignature(tail[k + 1])) {
        closing.signature = tail[k + 1];
      }
      return closing;
    }
  }
  return closing;
}

void Warn(std::vector<Warning>* warnings, std::string_view code, std::string detail) {
  warnings->push_back(Warning{std::string(code), {}, std::move(detail)});
}

}  // namespace

std::optional<std::string> ParseChineseDate(std::string_view text) {
  std::string_view s = text;
  const int year = TakeYear(&s);
  if (year < 0) return std::nullopt;
  const int month = TakeSmallNumber(&s);
  if (month < 1 || month > 12 || !s.starts_with("月")) return std::nullopt;
  s.remove_prefix(std::string_view("月").size());
  const int day = TakeSmallNumber(&s);
  if (day < 1 || day > 31) return std::nullopt;
  if (s.starts_with("日")) s.remove_prefix(std::string_view("日").size());
  else if (s.starts_with("号")) s.remove_prefix(std::string_view("号").size());
  else return std::nullopt;
  if (!s.empty()) return std::nullopt;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return std::string(buffer);
}

ReportMetadata ReadMetadata(const std::vector<std::string>& folded_lines,
                            const SectionLayout& layout, std::vector<Warning>* warnings) {
  ReportMetadata meta;
  Title title;
  if (std::optional<std::string> text = FindTitleText(folded_lines, layout)) title = ParseTitle(*text);
  const Closing closing = ReadClosing(folded_lines);

  meta.agency = title.agency ? title.agency : closing.signature;
  if (!meta.agency) Warn(warnings, "agency_missing", "no title naming the agency and no signature");

  meta.year = title.year;
  if (!meta.year) meta.year = StatisticsYear(folded_lines, layout);
  if (!meta.year) {
    meta.year = OverviewYear(folded_lines, layout);
    if (meta.year) {
      Warn(warnings, "year_inferred",
           "no title and no 统计期限 sentence; year taken from the opening of 一、总体情况");
    } else {
      Warn(warnings, "year_missing", "no title, 统计期限 sentence or opening year");
    }
  }

  meta.published = closing.published;
  if (!meta.published) Warn(warnings, "published_missing", "no signing date on the last lines");
  return meta;
}

}  // namespace xxgk::extract
