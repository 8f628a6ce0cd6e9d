// Agency names: isolates the name of the reporting body from text that may carry portal chrome
// (breadcrumbs "首页 > 政务公开 > …", "当前位置:", "登录|注册", "标题:", an English site name, a
// "【字体:大 中 小】打印 关闭" toolbar, "发布时间: … 来源: … 浏览次数:" lines) and accepts it only when it
// has the shape of a Chinese government body.
//
//   chrome     everything up to the last chrome marker (a navigation word, a toolbar word, a page-
//              metadata label, a separator such as > » | / 【 】, or a run of ASCII letters/digits) is
//              cut off; what follows is the candidate.
//   shape      2–40 CJK ideographs, ending in a body suffix (人民政府, 政府, 办公室, 办公厅, 局, 委员会,
//              委, 中心, 镇, 乡, 街道, 办事处, 管委会, 厅, 署, 站, 所, 院, 馆, 会, 社, 队, 处, 县, 市, 区, 旗,
//              …) with at least two characters before the suffix, and no navigation word in it.
//   brackets   a trailing "(…)" is a remark ("(盖章)") and dropped, unless it holds a body-shaped
//              second name of the body ("XX高新区(XX区)"), which is kept with the name.
//   same body  two names of one body written differently ("襄垣县古韩镇" / "古韩镇人民政府",
//              "汾西县人民政府办公室" / "汾西县政府办公室"): equal once 人民 and a trailing 人民政府/政府
//              are dropped, or one ends with the other.
// Input is compact folded text (report_lines.h: NFKC, no white space). Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xxgk::extract {

// The body's name in `compact` (chrome cut off), or nullopt when what is left is not body-shaped.
std::optional<std::string> IsolateAgencyName(std::string_view compact);

// True when `name` (already isolated) has the shape of a government body.
bool HasBodyShape(std::string_view name);

// True when the compact line reads as portal chrome: it holds a navigation, toolbar or page-metadata
// marker ("首页", "当前位置", "字体", "打印", "登录", "标题:", "发布时间", "浏览次数", "导航", …), or
// it holds no CJK ideograph at all (a line of separators such as "|", an English menu word) and
// is not digits alone ("2022" on a line of a broken title).
bool LooksLikeChrome(std::string_view compact);

// True when the two body-shaped names name the same body (see above).
bool SameBody(std::string_view a, std::string_view b);

// The body named by a "由…编制" clause in `compact` ("本报告由XX县人民政府办公室编制",
// "由XX县人民政府办公室根据…编制", "由XX局负责编制"), isolated and shape-checked; nullopt if none.
std::optional<std::string> CompiledByAgency(std::string_view compact);

}  // namespace xxgk::extract
