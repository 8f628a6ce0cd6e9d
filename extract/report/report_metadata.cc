// Report metadata: agency, covered year, signing date. See report_metadata.h.
#include "extract/report/report_metadata.h"

#include <array>
#include <cstdio>

#include "extract/report/agency_name.h"
#include "extract/report/report_lines.h"
#include "extract/report/text_search.h"

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

struct Title {
  std::optional<std::string> agency;
  std::optional<int> year;
  bool in_chrome = false;  // read from a chrome line (a breadcrumb naming the year's column)
};

constexpr size_t kMaxOpeningLines = 12;  // lines looked at for a title (chrome lines included)

// "…报告" or "…年报" in the title; or a title ending "…年度报", its last glyph lost at a line break
// of the page ("…工作" / "年度报").
bool NamesReport(std::string_view title) {
  return Contains(title, "报告") || Contains(title, "年报") || title.ends_with("年度报");
}

bool IsReportTitle(std::string_view title) {
  return Contains(title, "信息公开") && NamesReport(title);
}

// The title starting at line `start`: that line and the following ones up to the one completing
// "…报告" (at most kMaxTitleLines), or nullopt.
std::optional<std::string> TitleFrom(const std::vector<std::string>& lines, size_t start,
                                     size_t limit) {
  std::string title;
  size_t used = 0;
  for (size_t i = start; i < lines.size() && i < limit && used < kMaxTitleLines; ++i) {
    const std::string compact = Compact(lines[i]);
    if (compact.empty()) continue;
    if (compact.starts_with("本年度报告") || compact.starts_with("根据") ||
        compact.starts_with("本报告")) {
      break;
    }
    // A chrome line inside (a "来源: … 发布时间: …" line between a short name and the title, a
    // breadcrumb ending in the column "…>政府信息公开年报") is not part of the title: the title
    // starts again after it. A chrome line holding a dated title ("首页>XX县2023年…报告") is kept.
    size_t year_at = 0;
    const bool dated_title = (Contains(compact, "报告") || Contains(compact, "年报")) &&
                             FindYear(compact, &year_at) >= 0;
    if (i > start && LooksLikeChrome(compact) && !dated_title) {
      title.clear();
      used = 0;
      continue;
    }
    title += compact;
    ++used;
    if (NamesReport(title)) break;
  }
  if (IsReportTitle(title)) return title;
  return std::nullopt;
}

// A year written without 年 right before 政府信息公开 ("…办公厅2022政府信息公开工作年度报告"): sets
// *year and returns its byte offset. A year followed by anything else ("2022度…") is no year.
std::optional<size_t> FindBareYear(std::string_view title, std::optional<int>* year) {
  for (size_t i = 0; i + 4 <= title.size(); ++i) {
    int value = 0;
    size_t k = 0;
    for (; k < 4 && title[i + k] >= '0' && title[i + k] <= '9'; ++k) value = value * 10 + (title[i + k] - '0');
    if (k < 4 || (i > 0 && title[i - 1] >= '0' && title[i - 1] <= '9')) continue;
    if (value < kMinYear || value > kMaxYear) continue;
    if (!title.substr(i + 4).starts_with("政府信息公开")) continue;
    *year = value;
    return i;
  }
  return std::nullopt;
}

// The agency of a title: the text before the year ("襄垣县人民政府办公室2023年度…", chrome cut off),
// else the text between the year and the last 政府信息公开 ("2023年度XX县人民政府政府信息公开…").
Title ParseTitle(std::string_view title) {
  Title parsed;
  size_t at = 0;
  const int year = FindYear(title, &at);
  if (year < 0) {
    // "XX办公厅2022" + "政府信息公开工作年度报告": a title broken after its year lost the 年.
    const std::optional<size_t> bare = FindBareYear(title, &parsed.year);
    if (bare) {
      parsed.agency = IsolateAgencyName(title.substr(0, *bare));
      return parsed;
    }
    // A title without a year ("XX县林业局信息公开工作年度报告"): the body is what comes before
    // (政府)信息公开; the year is left to the 统计期限 sentence.
    std::string_view before = title;
    if (before.starts_with("关于")) before.remove_prefix(std::string_view("关于").size());
    for (const size_t end : {before.rfind("政府信息公开"), before.find("信息公开")}) {
      if (end == std::string_view::npos || parsed.agency) continue;
      parsed.agency = IsolateAgencyName(before.substr(0, end));
    }
    return parsed;
  }
  parsed.year = year;
  std::string_view before = title.substr(0, at);
  if (before.ends_with("关于")) before.remove_suffix(std::string_view("关于").size());
  if (before.ends_with("《")) before.remove_suffix(std::string_view("《").size());
  parsed.agency = IsolateAgencyName(before);
  if (parsed.agency) return parsed;
  // "2023年度XX县人民政府政府信息公开工作年度报告": the agency sits between the year and the
  // last 政府信息公开 (the agency itself may end in 政府).
  std::string_view after = title.substr(at);
  TakeYear(&after);
  if (after.starts_with("度")) after.remove_prefix(std::string_view("度").size());
  const size_t end = after.rfind("政府信息公开");
  if (end != std::string_view::npos) parsed.agency = IsolateAgencyName(after.substr(0, end));
  return parsed;
}

// The title among the leading lines before section 一: portal chrome above it (breadcrumbs,
// toolbars, page metadata) is skipped, and a chrome line that names a report but no year (a
// column name such as "首页>政务公开>政府信息公开年报") does not stop the search.
std::optional<Title> FindTitle(const std::vector<std::string>& lines, const SectionLayout& layout) {
  const size_t limit = layout.heading[0].value_or(lines.size());
  size_t seen = 0;
  // A breadcrumb naming the report column and a year ("首页/信息公开年报/2021年/稿件页") is a title
  // without a body; it counts only when no title below it names one.
  std::optional<Title> chrome_title;
  for (size_t i = 0; i < lines.size() && i < limit && seen < kMaxOpeningLines; ++i) {
    const std::string compact = Compact(lines[i]);
    if (compact.empty()) continue;
    ++seen;
    if (compact.starts_with("本年度报告") || compact.starts_with("根据") ||
        compact.starts_with("本报告")) {
      break;
    }
    const bool chrome = LooksLikeChrome(compact);
    // A chrome line naming no report is skipped, so it is not glued to the title below it.
    if (chrome && !Contains(compact, "报告") && !Contains(compact, "年报")) continue;
    std::optional<std::string> text = TitleFrom(lines, i, limit);
    if (text) {
      Title title = ParseTitle(*text);
      if (title.agency) return title;
      // A title of the page naming no body: its year still beats a breadcrumb's.
      if (!chrome && (title.year || !chrome_title)) return title;
      if (chrome && title.year && !chrome_title) {
        chrome_title = title;
        chrome_title->in_chrome = true;
      }
    }
    if (!chrome) break;  // ordinary text before any title: there is none
  }
  return chrome_title;
}

// True when the first non-empty lines are portal chrome (the page kept its navigation).
bool OpensWithChrome(const std::vector<std::string>& lines) {
  size_t seen = 0;
  for (size_t i = 0; i < lines.size() && seen < 3; ++i) {
    const std::string compact = Compact(lines[i]);
    if (compact.empty()) continue;
    ++seen;
    // Chrome is words and links, not sentences: "…可在本机关门户网站查阅。" is body text.
    if (LooksLikeChrome(compact) && !Contains(compact, "。")) return true;
  }
  return false;
}

// The text before section 二 as one compact string (bounded), where 统计期限 and 由…编制 are read.
std::string PreambleText(const std::vector<std::string>& lines, const SectionLayout& layout) {
  const size_t limit = layout.heading[1].value_or(std::min(lines.size(), size_t{60}));
  std::string text;
  for (size_t i = 0; i < limit && i < lines.size() && text.size() < kMaxPreambleBytes; ++i) {
    text += Compact(lines[i]);
  }
  return text;
}

// The year of the report a 由…编制 clause names: "…编制的2023年度政府信息公开工作年度报告".
std::optional<int> CompiledByYear(std::string_view preamble) {
  size_t from = 0;
  size_t at = 0;
  while ((at = preamble.find("编制", from)) != std::string_view::npos) {
    from = at + 1;
    std::string_view window = preamble.substr(at, 24 * 3);
    size_t year_at = 0;
    const int year = FindYear(window, &year_at);
    if (year < 0) continue;
    std::string_view rest = window.substr(year_at);
    TakeYear(&rest);
    if (rest.starts_with("度")) rest.remove_prefix(std::string_view("度").size());
    if (rest.starts_with("政府信息公开") || rest.starts_with("信息公开")) return year;
  }
  return std::nullopt;
}

// A sentence announcing the report ("现公布XX镇2021年政府信息公开工作年度报告",
// "特向社会公布2021年度本镇政府信息公开年度报告", "现公布我局2022年…"): the report's year, and the
// body when one is named between 公布 and the year (我局, 本镇 name none).
struct Announced {
  std::optional<std::string> agency;
  std::optional<int> year;
};

Announced AnnouncedReport(std::string_view preamble) {
  static constexpr std::string_view kAnnounce = "公布";
  static constexpr size_t kBeforeYear = 40 * 3;  // bytes between 公布 and the year (a body's name)
  static constexpr size_t kToReport = 16 * 3;    // bytes from 信息公开 to 报告
  size_t from = 0;
  size_t at = 0;
  while ((at = preamble.find(kAnnounce, from)) != std::string_view::npos) {
    from = at + kAnnounce.size();
    const std::string_view rest = preamble.substr(from, kBeforeYear + 64);
    size_t year_at = 0;
    const int year = FindYear(rest, &year_at);
    if (year < 0 || year_at > kBeforeYear) continue;
    std::string_view after = rest.substr(year_at);
    TakeYear(&after);
    if (after.starts_with("度")) after.remove_prefix(std::string_view("度").size());
    // Between the year and 信息公开: nothing, 政府, or the body's self-reference (本级, 本镇政府, 本部门).
    const size_t open = after.find("信息公开");
    if (open == std::string_view::npos) continue;
    const std::string_view between = after.substr(0, open);
    const bool self_reference = between.starts_with("本") && between.size() <= 4 * 3;
    if (!(between.empty() || between == "政府" || self_reference)) continue;
    if (after.substr(open, kToReport).find("报告") == std::string_view::npos) continue;
    Announced announced;
    announced.year = year;
    if (year_at > 0) announced.agency = IsolateAgencyName(rest.substr(0, year_at));
    return announced;
  }
  return {};
}

// 统计期限 / 统计时限 / 统计时间 sentence in the text before section 二.
std::optional<int> StatisticsYear(std::string_view text) {
  size_t from = 0;
  while ((from = text.find("统计", from)) != std::string::npos) {
    // The period follows within a few characters: 统计期限自2023年…, 统计时限为2023年….
    std::string_view window = text.substr(from, 16 * 3);
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
  const Title title = FindTitle(folded_lines, layout).value_or(Title{});
  const Closing closing = ReadClosing(folded_lines);
  const std::string preamble = PreambleText(folded_lines, layout);
  const std::optional<std::string> compiled_by = CompiledByAgency(preamble);
  const Announced announced = AnnouncedReport(preamble);
  const std::optional<std::string> signature =
      closing.signature ? IsolateAgencyName(*closing.signature) : std::nullopt;

  std::string agency_source;
  if (title.agency) {
    meta.agency = title.agency;
    agency_source = "title";
    for (const auto* other : {&signature, &compiled_by, &announced.agency}) {
      if (*other && **other != *title.agency && SameBody(*title.agency, **other)) {
        meta.agency_alias = **other;
        break;
      }
    }
  } else if (compiled_by) {
    meta.agency = compiled_by;
    agency_source = "由…编制 sentence";
  } else if (announced.agency) {
    meta.agency = announced.agency;
    agency_source = "公布 sentence";
  } else if (signature) {
    meta.agency = signature;
    agency_source = "signature";
  }
  if (!meta.agency) {
    Warn(warnings, "agency_missing",
         "no title, 由…编制 or 公布 sentence or signature naming a government body");
  }

  std::string year_source;
  meta.year = title.year;
  if (meta.year) year_source = title.in_chrome ? "page's breadcrumb" : "title";
  // A breadcrumb's year names the portal's column (often the publishing year), not the report:
  // the 统计期限 sentence, then a 由…编制 clause naming the report, win over it.
  if (title.in_chrome) {
    if (const std::optional<int> stated = StatisticsYear(preamble)) {
      meta.year = stated;
      year_source = "统计期限 sentence";
    } else if (const std::optional<int> named = CompiledByYear(preamble)) {
      meta.year = named;
      year_source = "由…编制 sentence";
    } else if (announced.year) {
      meta.year = announced.year;
      year_source = "公布 sentence";
    }
  }
  if (!meta.year && (meta.year = StatisticsYear(preamble))) year_source = "统计期限 sentence";
  if (!meta.year && (meta.year = CompiledByYear(preamble))) year_source = "由…编制 sentence";
  if (!meta.year && (meta.year = announced.year)) year_source = "公布 sentence";
  if (!meta.year) {
    meta.year = OverviewYear(folded_lines, layout);
    if (meta.year) {
      year_source = "opening of 一、总体情况";
      Warn(warnings, "year_inferred",
           "no title and no 统计期限 sentence; year taken from the opening of 一、总体情况");
    } else {
      Warn(warnings, "year_missing", "no title, 统计期限, 由…编制 or 公布 sentence or opening year");
    }
  }
  // The page kept its chrome at the top and the title was lost in it (or named no body): say
  // where agency and year came from instead.
  if (OpensWithChrome(folded_lines) &&
      ((meta.agency && agency_source != "title") || (meta.year && year_source != "title"))) {
    std::string detail = "no usable title after the portal chrome at the top;";
    if (meta.agency && agency_source != "title") detail += " agency from the " + agency_source + ";";
    if (meta.year && year_source != "title") detail += " year from the " + year_source + ";";
    detail.pop_back();
    Warn(warnings, "metadata_inferred", std::move(detail));
  }

  meta.published = closing.published;
  if (!meta.published) Warn(warnings, "published_missing", "no signing date on the last lines");
  return meta;
}

}  // namespace xxgk::extract
