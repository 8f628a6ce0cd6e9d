// robots.txt: the record parser, group selection, longest match, wildcards, percent-encoding,
// the 500 KiB limit, Crawl-delay and sitemaps, and the policy for each fetch outcome.
#include "crawler/fetch/robots_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xxgk::crawl {
namespace {

using namespace std::chrono_literals;

// Records every callback as "line kind value".
class RecordingHandler : public RobotsParseHandler {
 public:
  std::vector<std::string> events;
  void HandleUserAgent(int line, std::string_view v) override { Add(line, "agent", v); }
  void HandleAllow(int line, std::string_view v) override { Add(line, "allow", v); }
  void HandleDisallow(int line, std::string_view v) override { Add(line, "disallow", v); }
  void HandleCrawlDelay(int line, std::string_view v) override { Add(line, "delay", v); }
  void HandleSitemap(int line, std::string_view v) override { Add(line, "sitemap", v); }
  void HandleUnknown(int line, std::string_view key, std::string_view v) override {
    Add(line, "unknown(" + std::string(key) + ")", v);
  }

 private:
  void Add(int line, const std::string& kind, std::string_view value) {
    events.push_back(std::to_string(line) + " " + kind + " " + std::string(value));
  }
};

std::vector<std::string> Events(std::string_view body) {
  RecordingHandler handler;
  ParseRobotsTxt(body, &handler);
  return handler.events;
}

bool Allowed(std::string_view robots, std::string_view agent, std::string_view path) {
  return RobotsRules::Parse(robots, agent).Allowed(path);
}

// ---- parser ------------------------------------------------------------------------------------

TEST(RobotsParserTest, EmitsEachRecordWithTrimmedValueAndLineNumber) {
  EXPECT_EQ(Events("User-agent: xxgk\n"
                   "  Disallow :  /private/   # staff only\n"
                   "Allow:/private/reports\n"
                   "Crawl-delay: 5\n"
                   "Sitemap: https://h.cn/sitemap.xml\n"
                   "Host: h.cn\n"),
            (std::vector<std::string>{
                "1 agent xxgk", "2 disallow /private/", "3 allow /private/reports", "4 delay 5",
                "5 sitemap https://h.cn/sitemap.xml", "6 unknown(Host) h.cn"}));
}

TEST(RobotsParserTest, KeysAreCaseInsensitiveAndCommonMisspellingsAccepted) {
  EXPECT_EQ(Events("USER-AGENT: a\nuseragent: b\nUser Agent: c\nDISALLOW: /1\ndissallow: /2\n"
                   "Disalow: /3\nALLOW: /4\nCrawl-Delay: 1\ncrawldelay: 2\nSITEMAP: s\n"),
            (std::vector<std::string>{"1 agent a", "2 agent b", "3 agent c", "4 disallow /1",
                                      "5 disallow /2", "6 disallow /3", "7 allow /4", "8 delay 1",
                                      "9 delay 2", "10 sitemap s"}));
}

TEST(RobotsParserTest, CommentsBlankLinesAndLinesWithoutColonAreNotRecords) {
  EXPECT_EQ(Events("# a comment\n\n   \nDisallow /no-colon\n: no key\nUser-agent: * # all\n"),
            (std::vector<std::string>{"6 agent *"}));
}

TEST(RobotsParserTest, CrLfCrAndLfAreLineBreaksAndByteOrderMarkIsSkipped) {
  EXPECT_EQ(
      Events("\xEF\xBB\xBFUser-agent: a\r\nDisallow: /x\rAllow: /y\nDisallow: /z"),
      (std::vector<std::string>{"1 agent a", "2 disallow /x", "3 allow /y", "4 disallow /z"}));
}

// RFC 9309 section 2.5: content beyond the parse limit is ignored.
TEST(RobotsParserTest, ContentBeyondTheParseLimitIsIgnored) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() < kRobotsParseLimit) body += "# filler filler filler filler filler\n";
  body += "Disallow: /late\n";
  ASSERT_GT(body.size(), kRobotsParseLimit);
  const RobotsRules rules = RobotsRules::Parse(body, "xxgk");
  EXPECT_FALSE(rules.Allowed("/early"));
  EXPECT_TRUE(rules.Allowed("/late"));
  ASSERT_EQ(rules.rules().size(), 1u);
}

TEST(RobotsParserTest, LineCutByTheParseLimitIsDropped) {
  std::string body = "User-agent: *\nDisallow: /\n";
  while (body.size() < kRobotsParseLimit - 100) body += "# filler filler filler filler filler\n";
  body += std::string(kRobotsParseLimit - body.size() - 8, '#') + "\n";
  // "Allow: /reports" straddles the limit: its first 7 bytes ("Allow: ") are inside.
  body += "Allow: /reports\n";
  ASSERT_EQ(body.find("Allow: /reports"), kRobotsParseLimit - 7);
  const std::vector<std::string> events = Events(body);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "2 disallow /");
  EXPECT_FALSE(RobotsRules::Parse(body, "xxgk").Allowed("/reports"));
  // The same line wholly inside the limit is read.
  std::string shorter = body;
  shorter.erase(30, 100);
  EXPECT_TRUE(RobotsRules::Parse(shorter, "xxgk").Allowed("/reports"));
}

TEST(RobotsParserTest, ProductTokenIsTheLeadingLettersHyphensAndUnderscores) {
  EXPECT_EQ(ProductToken("xxgk/0.1 (+https://example.org/xxgk)"), "xxgk");
  EXPECT_EQ(ProductToken("  Baidu_Spider-2 x"), "Baidu_Spider-");
  EXPECT_EQ(ProductToken("Mozilla/5.0"), "Mozilla");
  EXPECT_EQ(ProductToken("/x"), "");
}

// ---- group selection ---------------------------------------------------------------------------

TEST(RobotsGroupTest, GroupNamingOurTokenBeatsTheStarGroup) {
  const std::string robots =
      "User-agent: *\nDisallow: /\n\nUser-agent: xxgk\nDisallow: /private/\n";
  EXPECT_TRUE(Allowed(robots, "xxgk", "/public/a.html"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/private/a.html"));
  EXPECT_FALSE(Allowed(robots, "otherbot", "/public/a.html"));
  EXPECT_TRUE(RobotsRules::Parse(robots, "xxgk").matched_specific_group());
  EXPECT_FALSE(RobotsRules::Parse(robots, "otherbot").matched_specific_group());
}

TEST(RobotsGroupTest, ProductTokenMatchesCaseInsensitivelyAndIgnoresVersions) {
  const std::string robots = "User-agent: XXGK/2.0\nDisallow: /x\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/x"));
  EXPECT_FALSE(Allowed(robots, "xxgk/0.1 (+https://example.org/xxgk)", "/x"));
  EXPECT_TRUE(Allowed(robots, "xxgkbot", "/x"));  // a different token, not a prefix match
}

TEST(RobotsGroupTest, ConsecutiveUserAgentLinesFormOneGroup) {
  const std::string robots =
      "User-agent: a\nUser-agent: xxgk\n\nUser-agent: b\nDisallow: /shared\n"
      "User-agent: c\nDisallow: /c-only\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/shared"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/c-only"));  // a user-agent line after a rule: new group
  EXPECT_FALSE(Allowed(robots, "c", "/c-only"));
}

TEST(RobotsGroupTest, OtherRecordsDoNotEndARunOfUserAgentLines) {
  const std::string robots =
      "User-agent: a\nCrawl-delay: 3\nSitemap: https://h.cn/s.xml\nUser-agent: xxgk\n"
      "Disallow: /x\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/x"));
  EXPECT_FALSE(Allowed(robots, "a", "/x"));
}

TEST(RobotsGroupTest, AllGroupsNamingOurTokenAreCombined) {
  const std::string robots =
      "User-agent: xxgk\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n\n"
      "User-agent: xxgk\nDisallow: /c\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/a"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/b"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/c"));
}

TEST(RobotsGroupTest, WithoutMatchingOrStarGroupEverythingIsAllowed) {
  EXPECT_TRUE(Allowed("User-agent: otherbot\nDisallow: /\n", "xxgk", "/anything"));
  EXPECT_TRUE(Allowed("", "xxgk", "/anything"));
  // Rules before any user-agent line belong to no group.
  EXPECT_TRUE(Allowed("Disallow: /\n", "xxgk", "/anything"));
}

TEST(RobotsGroupTest, SpecificGroupWithoutRulesAllowsEverything) {
  const std::string robots = "User-agent: *\nDisallow: /\n\nUser-agent: xxgk\nAllow: /\n";
  EXPECT_TRUE(Allowed(robots, "xxgk", "/x"));
  const std::string empty_group = "User-agent: *\nDisallow: /\nUser-agent: xxgk\n";
  EXPECT_TRUE(Allowed(empty_group, "xxgk", "/x"));
  EXPECT_FALSE(Allowed(empty_group, "otherbot", "/x"));
}

TEST(RobotsGroupTest, StarWithTrailingTextIsStillTheStarGroup) {
  EXPECT_FALSE(Allowed("User-agent: * all robots\nDisallow: /x\n", "xxgk", "/x"));
  EXPECT_TRUE(Allowed("User-agent: *bot\nDisallow: /x\n", "xxgk", "/x"));
}

// ---- matching ----------------------------------------------------------------------------------

TEST(RobotsMatchTest, LongestMatchWins) {
  const std::string robots =
      "User-agent: *\nDisallow: /xxgk/\nAllow: /xxgk/ndbg/\nDisallow: /xxgk/ndbg/draft\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/xxgk/index.html"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/xxgk/ndbg/2023.html"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/xxgk/ndbg/draft1.html"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/other"));
  // The order of the rules does not matter.
  const std::string reversed =
      "User-agent: *\nDisallow: /xxgk/ndbg/draft\nAllow: /xxgk/ndbg/\nDisallow: /xxgk/\n";
  EXPECT_TRUE(Allowed(reversed, "xxgk", "/xxgk/ndbg/2023.html"));
  EXPECT_FALSE(Allowed(reversed, "xxgk", "/xxgk/ndbg/draft1.html"));
}

TEST(RobotsMatchTest, AllowWinsATieInEitherOrder) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "xxgk", "/page"));
  EXPECT_TRUE(Allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "xxgk", "/page"));
  // Equal length with wildcards: still a tie.
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /*.htm\nAllow: /a*.htm\n", "xxgk", "/ab.htm"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /*.htm\nAllow: /a*.htm\n", "xxgk", "/b.htm"));
}

TEST(RobotsMatchTest, StarMatchesAnyRunAndDollarAnchorsTheEnd) {
  const std::string robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /a*b\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/files/report.pdf"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/files/report.pdf?download=1"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/files/report.pdfx"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/ab"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/a/x/b/c"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/a/x/c"));
}

TEST(RobotsMatchTest, PatternMatcherDirectly) {
  EXPECT_TRUE(RobotsPatternMatches("/fish/salmon.html", "/fish"));
  EXPECT_FALSE(RobotsPatternMatches("/Fish.asp", "/fish"));  // paths are case-sensitive
  EXPECT_TRUE(RobotsPatternMatches("/fish.php?id=1", "/*.php"));
  EXPECT_TRUE(RobotsPatternMatches("/filename.php", "/*.php$"));
  EXPECT_FALSE(RobotsPatternMatches("/filename.php/", "/*.php$"));
  EXPECT_TRUE(RobotsPatternMatches("/a$b", "/a$b"));  // "$" inside a pattern is literal
  EXPECT_FALSE(RobotsPatternMatches("/ab", "/a$b"));
  EXPECT_TRUE(RobotsPatternMatches("/", "/$"));
  EXPECT_FALSE(RobotsPatternMatches("/x", "/$"));
  EXPECT_TRUE(RobotsPatternMatches("/abc", "/**c$"));
  EXPECT_TRUE(RobotsPatternMatches("/anything", "*"));
  EXPECT_FALSE(RobotsPatternMatches("/a", "/ab"));
}

// RFC 9309 section 2.2.2's examples of percent-encoded comparison.
TEST(RobotsMatchTest, PathsAndPatternsAreComparedInOnePercentEncoding) {
  const std::string robots =
      "User-agent: *\nDisallow: /foo/bar/ツ\nDisallow: /a/%62%61%7A\nDisallow: /q/%e4\n"
      "Disallow: /sep%2Fx\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/foo/bar/%E3%83%84"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/foo/bar/%e3%83%84"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/a/baz"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/a/%62az"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/q/%E4"));
  EXPECT_FALSE(Allowed(robots, "xxgk", "/sep%2fx"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/sep/x"));  // an escaped "/" is not a "/"
}

TEST(RobotsMatchTest, QueryIsPartOfWhatIsMatched) {
  const std::string robots = "User-agent: *\nDisallow: /search?q=\n";
  EXPECT_FALSE(Allowed(robots, "xxgk", "/search?q=report"));
  EXPECT_TRUE(Allowed(robots, "xxgk", "/search"));
}

TEST(RobotsMatchTest, RobotsTxtItselfIsAlwaysAllowed) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /\n", "xxgk", "/robots.txt"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /\n", "xxgk", "/robots.txt.bak"));
}

TEST(RobotsMatchTest, EmptyDisallowAllowsEverything) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow:\n", "xxgk", "/anything"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: # nothing\n", "xxgk", "/anything"));
}

TEST(RobotsMatchTest, PatternWithoutLeadingSlashIsReadAsRooted) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: private/\n", "xxgk", "/private/a"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: private/\n", "xxgk", "/x/private/a"));
}

TEST(RobotsMatchTest, DecisionNamesTheDecidingRule) {
  const RobotsRules rules =
      RobotsRules::Parse("User-agent: *\nDisallow: /a\nAllow: /a/b\n", "xxgk");
  const RobotsRules::Decision d = rules.Decide("/a/c");
  EXPECT_FALSE(d.allowed);
  ASSERT_NE(d.rule, nullptr);
  EXPECT_EQ(d.rule->line, 2);
  EXPECT_EQ(d.rule->pattern, "/a");
  const RobotsRules::Decision e = rules.Decide("/a/b/c");
  EXPECT_TRUE(e.allowed);
  ASSERT_NE(e.rule, nullptr);
  EXPECT_EQ(e.rule->line, 3);
  EXPECT_EQ(rules.Decide("/z").rule, nullptr);
}

// ---- crawl-delay and sitemaps ------------------------------------------------------------------

TEST(RobotsExtrasTest, CrawlDelayComesFromTheChosenGroup) {
  const std::string robots =
      "User-agent: *\nCrawl-delay: 10\n\nUser-agent: xxgk\nCrawl-delay: 2.5\nDisallow: /x\n";
  EXPECT_EQ(RobotsRules::Parse(robots, "xxgk").crawl_delay(), 2.5);
  EXPECT_EQ(RobotsRules::Parse(robots, "otherbot").crawl_delay(), 10.0);
  EXPECT_EQ(RobotsRules::Parse("User-agent: a\nCrawl-delay: 4\n", "xxgk").crawl_delay(),
            std::nullopt);
}

TEST(RobotsExtrasTest, CombinedGroupsTakeTheLargestCrawlDelayAndBadValuesAreIgnored) {
  const std::string robots =
      "User-agent: xxgk\nCrawl-delay: 3\nUser-agent: *\nCrawl-delay: 1\n"
      "User-agent: xxgk\nCrawl-delay: 7\nCrawl-delay: -5\nCrawl-delay: soon\n";
  EXPECT_EQ(RobotsRules::Parse(robots, "xxgk").crawl_delay(), 7.0);
  EXPECT_EQ(RobotsRules::Parse("User-agent: *\nCrawl-delay: abc\n", "x").crawl_delay(),
            std::nullopt);
}

TEST(RobotsExtrasTest, SitemapsAreCollectedFromAnywhere) {
  const RobotsRules rules = RobotsRules::Parse(
      "Sitemap: https://h.cn/a.xml\nUser-agent: other\nSitemap: https://h.cn/b.xml\n", "xxgk");
  EXPECT_EQ(rules.sitemaps(),
            (std::vector<std::string>{"https://h.cn/a.xml", "https://h.cn/b.xml"}));
}

// ---- policy for the fetch outcome
// ----------------------------------------------------------------

class RobotsPolicyTest : public ::testing::Test {
 protected:
  const TimePoint now_ = TimePoint{} + 1000h;
  static RobotsFetch Response(int status, std::string_view body = "") {
    return RobotsFetch{RobotsFetch::Outcome::kResponse, status, body};
  }
};

TEST_F(RobotsPolicyTest, SuccessAppliesTheRulesFor24Hours) {
  const RobotsPolicy p = RobotsPolicy::FromFetch(
      Response(200, "User-agent: *\nDisallow: /x\nCrawl-delay: 3\n"), "xxgk", now_);
  EXPECT_EQ(p.kind(), RobotsPolicy::Kind::kRules);
  EXPECT_FALSE(p.Allowed("/x"));
  EXPECT_TRUE(p.Allowed("/y"));
  EXPECT_EQ(p.crawl_delay(), 3.0);
  EXPECT_EQ(p.expires(), now_ + 24h);
  EXPECT_FALSE(p.Expired(now_ + 24h - 1s));
  EXPECT_TRUE(p.Expired(now_ + 24h));
}

TEST_F(RobotsPolicyTest, ClientErrorsAllowEverything) {
  for (int status : {400, 401, 403, 404, 410, 451}) {
    const RobotsPolicy p = RobotsPolicy::FromFetch(Response(status, "Disallow: /"), "xxgk", now_);
    EXPECT_EQ(p.kind(), RobotsPolicy::Kind::kAllowAll) << status;
    EXPECT_TRUE(p.Allowed("/anything")) << status;
    EXPECT_EQ(p.expires(), now_ + 24h) << status;
    EXPECT_NE(p.reason().find(std::to_string(status)), std::string::npos) << p.reason();
  }
}

TEST_F(RobotsPolicyTest, ServerErrorsAnd429DisallowEverythingUntilARetry) {
  RobotsPolicyOptions options;
  options.retry_after_unreachable = 15min;
  for (int status : {500, 502, 503, 504, 429}) {
    const RobotsPolicy p = RobotsPolicy::FromFetch(Response(status), "xxgk", now_, options);
    EXPECT_EQ(p.kind(), RobotsPolicy::Kind::kDisallowAll) << status;
    EXPECT_FALSE(p.Allowed("/")) << status;
    EXPECT_FALSE(p.Allowed("/index.html")) << status;
    EXPECT_TRUE(p.Allowed("/robots.txt")) << status;  // so the retry itself may be fetched
    EXPECT_EQ(p.expires(), now_ + 15min) << status;
    EXPECT_NE(p.reason().find(std::to_string(status)), std::string::npos) << p.reason();
  }
}

TEST_F(RobotsPolicyTest, NetworkErrorDisallowsTooManyRedirectsAllows) {
  const RobotsPolicy unreachable =
      RobotsPolicy::FromFetch(RobotsFetch{RobotsFetch::Outcome::kNetworkError, 0, ""}, "x", now_);
  EXPECT_EQ(unreachable.kind(), RobotsPolicy::Kind::kDisallowAll);
  EXPECT_FALSE(unreachable.Allowed("/a"));
  EXPECT_EQ(unreachable.expires(), now_ + 10min);
  const RobotsPolicy loop = RobotsPolicy::FromFetch(
      RobotsFetch{RobotsFetch::Outcome::kTooManyRedirects, 301, ""}, "x", now_);
  EXPECT_EQ(loop.kind(), RobotsPolicy::Kind::kAllowAll);
  EXPECT_TRUE(loop.Allowed("/a"));
}

TEST_F(RobotsPolicyTest, CacheTtlIsConfigurable) {
  RobotsPolicyOptions options;
  options.cache_ttl = 2h;
  EXPECT_EQ(RobotsPolicy::FromFetch(Response(200), "x", now_, options).expires(), now_ + 2h);
  EXPECT_EQ(RobotsPolicy::FromFetch(Response(404), "x", now_, options).expires(), now_ + 2h);
}

}  // namespace
}  // namespace xxgk::crawl
