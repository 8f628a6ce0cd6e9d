// Challenge detection: see challenge.h.
#include "crawler/discovery/challenge.h"

#include <array>
#include <string_view>

namespace xxgk::crawl {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Words of WAF block pages and headers of WAF front ends (安全狗, 云锁, 360网站卫士, 阿里云盾,
// 创宇盾, 知道创宇, …).
constexpr std::array<std::string_view, 12> kWafWords = {
    "WAF",           "waf",  "safedog", "安全狗", "云锁",           "网站防火墙",
    "Web应用防火墙", "拦截", "yundun",  "创宇盾", "您的访问被阻断", "非法请求"};

}  // namespace

std::optional<std::string> ChallengeReason(const FetchResult& result) {
  if (result.error != AttemptError::kNone) return std::nullopt;
  const std::string_view body = result.body;
  if (result.http_status == 412) {
    if (Contains(body, "$_ts") || Contains(body, "<script")) {
      return "412 JavaScript challenge (瑞数)";
    }
    return "412 challenge (empty shell)";
  }
  if (result.http_status == 521) {
    const std::optional<std::string> cookie = result.Header("set-cookie");
    if ((cookie && Contains(*cookie, "__jsluid")) || Contains(body, "jsl_clearance") ||
        Contains(body, "document.cookie")) {
      return "521 JavaScript cookie challenge (加速乐)";
    }
    return "521 challenge";
  }
  if (result.http_status == 403 || result.http_status == 405 || result.http_status == 418) {
    for (std::string_view word : kWafWords) {
      if (Contains(body, word)) return std::to_string(result.http_status) + " WAF block page";
    }
    for (const auto& [name, value] : result.headers) {
      for (std::string_view word : kWafWords) {
        if (Contains(value, word) || Contains(name, word)) {
          return std::to_string(result.http_status) + " WAF block (" + name + ")";
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace xxgk::crawl
