// Agency names (extract/report/agency_name.h): chrome stripping, body shape, same body, 由…编制.
#include "extract/report/agency_name.h"

#include <gtest/gtest.h>

namespace xxgk::extract {
namespace {

TEST(IsolateAgencyName, CutsChromeBeforeTheName) {
  EXPECT_EQ(IsolateAgencyName("首页政务资讯政务公开测试县人民政府"), "测试县人民政府");
  EXPECT_EQ(IsolateAgencyName("当前位置:首页>政务公开>测试县财政局"), "测试县财政局");
  EXPECT_EQ(IsolateAgencyName("登录|注册测试市生态环境局"), "测试市生态环境局");
  EXPECT_EQ(IsolateAgencyName("标题:测试镇人民政府"), "测试镇人民政府");
  EXPECT_EQ(IsolateAgencyName("【字体:大中小】打印关闭测试街道办事处"), "测试街道办事处");
  EXPECT_EQ(IsolateAgencyName("CeshiCountyGovernment测试县人民政府"), "测试县人民政府");
  EXPECT_EQ(IsolateAgencyName("发布时间:2024-01-20来源:测试经济开发区管委会"), "测试经济开发区管委会");
  // A remark in parentheses after a signature is not part of the name.
  EXPECT_EQ(IsolateAgencyName("测试县人民政府办公室(盖章)"), "测试县人民政府办公室");
  EXPECT_EQ(IsolateAgencyName("测试县教育局（代章）"), "测试县教育局");
  // Unless it holds the body's second name: one body under two names, both kept.
  EXPECT_EQ(IsolateAgencyName("首页>测试高新区(测试区)"), "测试高新区(测试区)");
  EXPECT_EQ(IsolateAgencyName("测试高新区（测试区）"), "测试高新区(测试区)");
}

TEST(IsolateAgencyName, RefusesWhatIsNotABody) {
  EXPECT_EQ(IsolateAgencyName("首页政务公开"), std::nullopt);
  EXPECT_EQ(IsolateAgencyName("首页>"), std::nullopt);
  EXPECT_EQ(IsolateAgencyName("政府信息公开工作年度报告"), std::nullopt);
  EXPECT_EQ(IsolateAgencyName("局"), std::nullopt);
  EXPECT_EQ(IsolateAgencyName("测试县人民政府网站"), std::nullopt);  // ends in a chrome word
  EXPECT_EQ(IsolateAgencyName(""), std::nullopt);
}

TEST(HasBodyShape, AcceptsTheUsualBodies) {
  for (const char* name : {"襄垣县人民政府办公室", "汾阳市人民政府", "襄垣县古韩镇", "古韩镇人民政府",
                           "测试县卫生健康委员会", "测试市政务服务中心", "测试县某某乡", "测试区某某街道",
                           "测试高新区管委会", "测试县教育局", "测试高新区(测试区)"}) {
    EXPECT_TRUE(HasBodyShape(name)) << name;
  }
  for (const char* name : {"首页", "打印关闭", "测试县人民政府2023", "测试县 人民政府", "政务公开办公室",
                           "本年度报告", "无其他需要报告的事项", "测试高新区(盖章)", "(测试区)",
                           "测试区()", "测试高新区(测试区(测试区))", "测试高新区(首页)"}) {
    EXPECT_FALSE(HasBodyShape(name)) << name;
  }
}

TEST(LooksLikeChrome, TellsNavigationFromText) {
  EXPECT_TRUE(LooksLikeChrome("当前位置:首页>政务公开"));
  EXPECT_TRUE(LooksLikeChrome("【字体:大中小】打印关闭"));
  EXPECT_TRUE(LooksLikeChrome("发布时间:2024-01-20浏览次数:3"));
  EXPECT_FALSE(LooksLikeChrome("测试县人民政府办公室2023年度政府信息公开工作年度报告"));
  EXPECT_FALSE(LooksLikeChrome("一、总体情况"));
  // Lines with no ideograph: bars and English words are links; digits alone, a split title's year.
  EXPECT_TRUE(LooksLikeChrome("|"));
  EXPECT_TRUE(LooksLikeChrome("EN"));
  EXPECT_TRUE(LooksLikeChrome(">>"));
  EXPECT_TRUE(LooksLikeChrome("•长辈版"));
  EXPECT_FALSE(LooksLikeChrome("2022"));
  EXPECT_FALSE(LooksLikeChrome("2024-01-05"));
}

TEST(SameBody, MatchesTwoNamesOfOneBody) {
  EXPECT_TRUE(SameBody("襄垣县古韩镇", "古韩镇人民政府"));
  EXPECT_TRUE(SameBody("测试县人民政府办公室", "测试县政府办公室"));
  EXPECT_TRUE(SameBody("测试街道办事处", "测试街道"));
  EXPECT_FALSE(SameBody("测试县教育局", "测试县人民政府"));
  EXPECT_FALSE(SameBody("测试县人民政府办公室", "测试县人民政府"));
}

TEST(CompiledByAgency, ReadsTheCompilingBody) {
  EXPECT_EQ(CompiledByAgency("本报告由测试县人民政府办公室编制。"), "测试县人民政府办公室");
  EXPECT_EQ(CompiledByAgency("本报告由测试县民政局根据《条例》要求编制"), "测试县民政局");
  EXPECT_EQ(CompiledByAgency("本报告由测试县司法局负责编制"), "测试县司法局");
  EXPECT_EQ(CompiledByAgency("由于工作需要编制"), std::nullopt);
  EXPECT_EQ(CompiledByAgency("按照要求编制本报告"), std::nullopt);
}

}  // namespace
}  // namespace xxgk::extract
