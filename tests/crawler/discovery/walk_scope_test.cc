// The walk's scope: its own hosts, attachments also on other *.gov.cn hosts, never another
// portal's pages, a spam mirror, site search or calendars, nor over-long URLs.
#include "crawler/discovery/walk_scope.h"

#include <gtest/gtest.h>

namespace xxgk::crawl {
namespace {

CanonicalUrl U(const std::string& url) {
  CanonicalUrl out;
  EXPECT_TRUE(CanonicalizeUrl(url, &out).ok()) << url;
  return out;
}

TEST(WalkScope, OwnHostsAndGovAttachmentsOnly) {
  WalkScope scope(200);
  scope.AddHost(U("http://www.xiangyuan.gov.cn/").host_key());
  EXPECT_EQ(scope.Check(U("http://www.xiangyuan.gov.cn/zwgk/nb/"), LinkRole::kColumn),
            ScopeVerdict::kIn);
  EXPECT_EQ(scope.Check(U("https://www.xiangyuan.gov.cn/zwgk/nb/"), LinkRole::kColumn),
            ScopeVerdict::kOtherHost);  // another scheme is another host key
  EXPECT_EQ(scope.Check(U("http://www.changzhi.gov.cn/"), LinkRole::kColumn),
            ScopeVerdict::kOtherHost);
  EXPECT_EQ(scope.Check(U("http://file.changzhi.gov.cn/P1.pdf"), LinkRole::kAttachment),
            ScopeVerdict::kIn);
  EXPECT_EQ(scope.Check(U("http://www.zfxxgk-mirror.com/P1.pdf"), LinkRole::kAttachment),
            ScopeVerdict::kOtherHost);
  EXPECT_EQ(
      scope.Check(U("http://www.xiangyuan.gov.cn/search?q=%E5%B9%B4%E6%8A%A5"), LinkRole::kColumn),
      ScopeVerdict::kTrap);
  EXPECT_EQ(scope.Check(U("http://www.xiangyuan.gov.cn/jsearchfront/search.do?websiteid=1"),
                        LinkRole::kColumn),
            ScopeVerdict::kTrap);
  EXPECT_EQ(
      scope.Check(U("http://www.xiangyuan.gov.cn/calendar/2024-01.html"), LinkRole::kListPage),
      ScopeVerdict::kTrap);
  EXPECT_EQ(
      scope.Check(U("http://www.xiangyuan.gov.cn/" + std::string(300, 'a')), LinkRole::kReportPage),
      ScopeVerdict::kTooLong);
  EXPECT_EQ(ScopeVerdictName(ScopeVerdict::kTrap), "trap");
}

}  // namespace
}  // namespace xxgk::crawl
