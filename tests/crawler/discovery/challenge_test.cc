// Challenge detection: 412 shells, 521 cookie challenges and WAF 403s are challenges; ordinary
// answers (a plain 403, a 404, a 200, a failed fetch) are not.
#include "crawler/discovery/challenge.h"

#include <gtest/gtest.h>

namespace xxgk::crawl {
namespace {

FetchResult Answer(int status, std::string body,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
  FetchResult r;
  r.error = AttemptError::kNone;
  r.http_status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(Challenge, ScriptShellsAndWafPagesAreChallenges) {
  const auto shell = ChallengeReason(Answer(
      412, "<html><head><meta id=\"x\" content=\"q\"><script>$_ts=window['$_ts'];</script>"));
  ASSERT_TRUE(shell);
  EXPECT_NE(shell->find("412"), std::string::npos);
  const auto jsl = ChallengeReason(Answer(521, "<script>document.cookie=('_')</script>",
                                          {{"Set-Cookie", "__jsluid_s=5f2b; path=/"}}));
  ASSERT_TRUE(jsl);
  EXPECT_NE(jsl->find("521"), std::string::npos);
  EXPECT_TRUE(ChallengeReason(Answer(403, "<h1>您的请求已被网站安全狗拦截</h1>")));
  EXPECT_TRUE(ChallengeReason(Answer(403, "blocked", {{"Server", "yundun-waf"}})));
}

TEST(Challenge, OrdinaryAnswersAreNot) {
  EXPECT_FALSE(ChallengeReason(Answer(403, "<h1>403 Forbidden</h1>", {{"Server", "nginx"}})));
  EXPECT_FALSE(ChallengeReason(Answer(404, "<html>404</html>")));
  EXPECT_FALSE(ChallengeReason(Answer(200, "<script>$_ts=1</script>")));
  FetchResult failed;
  failed.error = AttemptError::kConnect;
  EXPECT_FALSE(ChallengeReason(failed));
}

}  // namespace
}  // namespace xxgk::crawl
