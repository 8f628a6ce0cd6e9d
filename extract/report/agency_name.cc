// Agency names: chrome stripping, body shape, same-body test, the 由…编制 clause. See agency_name.h.
#include "extract/report/agency_name.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "extract/report/text_search.h"

namespace xxgk::extract {
namespace {

constexpr size_t kMinNameChars = 2;   // the specific part before the suffix ("古韩" in 古韩镇)
constexpr size_t kMaxNameChars = 40;
constexpr size_t kCompiledByWindow = 60 * 3;  // bytes between 由 and 编制 (60 ideographs)

// Navigation, toolbar and page-metadata words of portal pages (compact, NFKC-folded). A name is cut
// after the last one; a name containing one is not a name.
constexpr std::string_view kChromeMarkers[] = {
    "首页", "主页", "当前位置", "您的位置", "您现在的位置", "所在位置", "位置:",
    "政务资讯", "政务公开", "政务动态", "政府信息公开目录", "信息公开目录", "公开目录", "公开指南",
    "公开年报", "年报专栏", "登录", "注册", "退出", "无障碍", "长者模式", "关怀版", "适老化",
    "长辈版", "繁体", "简体", "字体", "字号", "大中小", "打印", "关闭", "收藏", "分享", "纠错", "标题:",
    "发布时间", "发布日期", "更新时间", "来源:", "信息来源", "浏览次数", "浏览量", "点击数",
    "阅读次数", "访问量", "索引号", "发文机关", "发布机构", "文号", "主题分类", "成文日期",
    "门户网站", "网站", "欢迎", "搜索", "返回", "本站", "互动交流", "联系我们", "办事服务",
    "专题专栏", "通知公告", "在线访谈", "走进", "网上办事", "中国政府网", "省政府网", "分类:",
    "名称:", "上载日期", "归档时间", "发文日期", "详细信息", "公开具体内容", "公开领域",
    "导航", "手机版", "检索", "放大", "缩小",
};

// Words no body's name contains (besides the chrome markers): parts of a title or a sentence.
constexpr std::string_view kNotInName[] = {
    "报告", "年度", "信息公开", "工作", "情况", "本机关", "我局", "我县",
};

// Endings of body names, longest first where one ends another.
constexpr std::string_view kBodySuffixes[] = {
    "人民政府", "政府", "办公室", "办公厅", "管理委员会", "委员会", "管委会", "工委", "委", "街道办事处",
    "办事处", "街道", "中心", "局", "厅", "署", "镇", "乡", "苏木", "嘎查", "站", "所", "院", "馆",
    "会", "社", "队", "处", "部", "办", "公司", "集团", "县", "市", "区", "旗", "州", "盟", "场", "园",
};

// Decodes one UTF-8 code point at s[*i] and advances *i; returns 0xFFFD on a malformed sequence.
char32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  size_t n = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || *i + n > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += n;
  return cp;
}

bool IsIdeograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    NextCodePoint(s, &i);
    ++n;
  }
  return n;
}

// Byte offset just after the last chrome marker, separator or non-ideograph in `s` (0 if none).
size_t ChromeEnd(std::string_view s) {
  size_t cut = 0;
  const BytePairs pairs(s);
  for (std::string_view marker : kChromeMarkers) {
    if (!pairs.MayContain(marker)) continue;
    const size_t at = LastFind(s, marker);
    if (at != std::string_view::npos) cut = std::max(cut, at + marker.size());
  }
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, &i);
    if (!IsIdeograph(cp)) cut = std::max(cut, i);  // ASCII (English site names, dates, > |), 【】…
  }
  return cut;
}

// A name with 人民 dropped and a trailing 政府 / 办事处 dropped: 古韩镇人民政府 → 古韩镇.
std::string Core(std::string_view name) {
  std::string core;
  for (size_t i = 0; i < name.size();) {
    if (name.substr(i).starts_with("人民")) {
      i += std::string_view("人民").size();
      continue;
    }
    core += name[i++];
  }
  for (std::string_view tail : {"政府", "办事处"}) {
    if (std::string_view(core).ends_with(tail) && core.size() > tail.size()) {
      core.resize(core.size() - tail.size());
    }
  }
  return core;
}

}  // namespace

bool HasBodyShape(std::string_view name) {
  // "XX高新区(XX区)": a body's name and its second name, each body-shaped.
  if (name.ends_with(")")) {
    const size_t open = name.find('(');
    if (open == std::string_view::npos || open == 0) return false;
    const std::string_view inside = name.substr(open + 1, name.size() - open - 2);
    return inside.find('(') == std::string_view::npos && HasBodyShape(name.substr(0, open)) &&
           HasBodyShape(inside);
  }
  const size_t chars = CountCodePoints(name);
  if (chars < kMinNameChars + 1 || chars > kMaxNameChars) return false;
  for (size_t i = 0; i < name.size();) {
    if (!IsIdeograph(NextCodePoint(name, &i))) return false;
  }
  for (std::string_view marker : kChromeMarkers) {
    if (Contains(name, marker)) return false;
  }
  for (std::string_view word : kNotInName) {
    if (Contains(name, word)) return false;
  }
  for (std::string_view suffix : kBodySuffixes) {
    if (name.ends_with(suffix)) {
      return CountCodePoints(name.substr(0, name.size() - suffix.size())) >= kMinNameChars;
    }
  }
  return false;
}

std::optional<std::string> IsolateAgencyName(std::string_view compact) {
  // A trailing parenthesis is a remark, not the name ("XX县人民政府办公室(盖章)", "…(代章)"), unless
  // it holds the body's second name: "XX高新区(XX区)", one body under two names.
  std::string_view second;
  for (std::string_view closer : {")", "）"}) {
    if (!compact.ends_with(closer)) continue;
    size_t open = std::string_view::npos;
    std::string_view opener;
    for (std::string_view o : {"(", "（"}) {
      const size_t at = compact.rfind(o);
      if (at != std::string_view::npos && (open == std::string_view::npos || at > open)) {
        open = at;
        opener = o;
      }
    }
    if (open == std::string_view::npos || open == 0) break;
    const std::string_view inside =
        compact.substr(open + opener.size(), compact.size() - closer.size() - open - opener.size());
    if (HasBodyShape(inside)) second = inside;
    compact = compact.substr(0, open);
    break;
  }
  const std::string_view candidate = compact.substr(ChromeEnd(compact));
  if (!HasBodyShape(candidate)) return std::nullopt;
  if (second.empty()) return std::string(candidate);
  return std::string(candidate) + "(" + std::string(second) + ")";
}

bool LooksLikeChrome(std::string_view compact) {
  if (ContainsAny(compact, kChromeMarkers)) return true;
  // A line of separators or ASCII words only ("|", ">>", "EN"): links and rules, no body's words.
  // Digits alone ("2022", "2024-01-05") are not: a title broken after its year puts one on a line.
  bool ideograph = false;
  bool letter = false;
  bool digit = false;
  for (size_t i = 0; i < compact.size() && !ideograph;) {
    const char32_t cp = NextCodePoint(compact, &i);
    ideograph = IsIdeograph(cp);
    letter = letter || (cp < 0x80 && std::isalpha(static_cast<int>(cp)));
    digit = digit || (cp >= '0' && cp <= '9');
  }
  if (!compact.empty() && !ideograph && (letter || !digit)) return true;
  return Contains(compact, "【") || Contains(compact, ">>") || Contains(compact, "»");
}

bool SameBody(std::string_view a, std::string_view b) {
  const std::string ca = Core(a);
  const std::string cb = Core(b);
  if (ca == cb) return true;
  const std::string& shorter = ca.size() < cb.size() ? ca : cb;
  const std::string& longer = ca.size() < cb.size() ? cb : ca;
  return CountCodePoints(shorter) >= kMinNameChars + 1 && std::string_view(longer).ends_with(shorter);
}

std::optional<std::string> CompiledByAgency(std::string_view compact) {
  static constexpr std::string_view kBy = "由";
  static constexpr std::string_view kCompiled = "编制";
  static constexpr std::string_view kClauseEnds[] = {
      "根据", "负责", "依据", "按照", "组织", "牵头", "会同", "汇总", "综合"};
  size_t from = 0;
  size_t at = 0;
  while ((at = compact.find(kCompiled, from)) != std::string_view::npos) {
    from = at + kCompiled.size();
    const size_t window_start = at > kCompiledByWindow ? at - kCompiledByWindow : 0;
    const std::string_view window = compact.substr(window_start, at - window_start);
    const size_t by = window.rfind(kBy);
    if (by == std::string_view::npos) continue;
    std::string_view clause = window.substr(by + kBy.size());
    if (clause.starts_with("于")) continue;  // 由于
    for (std::string_view end : kClauseEnds) {
      const size_t e = clause.find(end);
      if (e != std::string_view::npos) clause = clause.substr(0, e);
    }
    if (auto name = IsolateAgencyName(clause)) return name;
  }
  return std::nullopt;
}

}  // namespace xxgk::extract
