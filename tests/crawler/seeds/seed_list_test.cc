// The seed list (crawler/seeds/seed_list.h): every validation error names its line, a bad file
// is refused whole, BOM and CRLF are accepted; lookups by name (exact, prefix, ambiguous), by
// code (with the county's bodies), by URL (longest portal/column prefix, www and scheme
// ignored), filters; and the committed seeds/portals.tsv itself.
#include "crawler/seeds/seed_list.h"

#include <gtest/gtest.h>

#include <clocale>
#include <string>
#include <vector>

namespace xxgk::seeds {
namespace {

const std::string kHeader = std::string(kSeedHeader) + "\n";

// A small list: a county with an office and a town, two counties sharing a name prefix, and
// a county whose portal is on a bare IP with a port.
const std::string kList =
    kHeader +
    "140423\t山西省\t长治市\t襄垣县\tcounty\thttp://www.xiangyuan.gov.cn/\t\t\n"
    "140423-zfb\t山西省\t长治市\t襄垣县人民政府办公室\tdepartment\thttp://www.xiangyuan.gov.cn/\t"
    "http://www.xiangyuan.gov.cn/xyzwgk/zfxxgk/bmxxgk/zfbm/zfb/chnl1233/\t\n"
    "140423-guhan\t山西省\t长治市\t古韩镇\ttown\thttp://www.xiangyuan.gov.cn/\t\tdiscover\n"
    "141034\t山西省\t临汾市\t汾西县\tcounty\thttp://www.fenxi.gov.cn/\t"
    "http://www.fenxi.gov.cn/zfxxgk/xxgkzl/zfxxgknb/\tstated in its report\n"
    "141182\t山西省\t吕梁市\t汾阳市\tcounty\thttp://www.fenyang.gov.cn/\t"
    "http://fenyang.gov.cn/zwgk/xxgknb/zfnb/  http://fenyang.gov.cn/zwgk/xxgknb/bmnb/\t\n"
    "610921\t陕西省\t安康市\t汉阴县\tcounty\thttps://www.hanyin.gov.cn/\t\t\n"
    "220283\t吉林省\t吉林市\t舒兰市\tcounty\thttp://122.137.242.24:8080/pub/slsxxgkw/\t\t\n";

SeedList Parsed(const std::string& text) {
  SeedList list;
  const Status s = SeedList::Parse(text, "t.tsv", &list);
  EXPECT_TRUE(s.ok()) << s.message();
  return list;
}

// The error message of parsing `text`; "" when it parsed.
std::string ParseError(const std::string& text) {
  SeedList list;
  const Status s = SeedList::Parse(text, "t.tsv", &list);
  return s.ok() ? "" : s.message();
}

std::vector<std::string> Codes(const std::vector<const SeedRow*>& rows) {
  std::vector<std::string> codes;
  for (const SeedRow* row : rows) codes.push_back(row->code);
  return codes;
}

// The code of the one row of `match`; "" unless exactly one row matched.
std::string Only(const SeedMatch& match) { return match.found() ? match.row().code : ""; }

std::string Row(const std::string& code, const std::string& level, const std::string& portal,
                const std::string& columns = "") {
  return code + "\t山西省\t长治市\t某县\t" + level + "\t" + portal + "\t" + columns + "\t\n";
}

TEST(SeedListParse, ReadsRowsWithLineNumbersAndCanonicalUrls) {
  const SeedList list = Parsed(kList);
  ASSERT_EQ(list.rows().size(), 7u);
  EXPECT_EQ(list.source(), "t.tsv");
  const SeedRow& fenyang = list.rows()[4];
  EXPECT_EQ(fenyang.line, 6u);
  EXPECT_EQ(fenyang.code, "141182");
  EXPECT_EQ(fenyang.province, "山西省");
  EXPECT_EQ(fenyang.prefecture, "吕梁市");
  EXPECT_EQ(fenyang.name, "汾阳市");
  EXPECT_EQ(fenyang.level, BodyLevel::kCounty);
  // Two columns separated by a run of spaces.
  ASSERT_EQ(fenyang.columns.size(), 2u);
  EXPECT_EQ(fenyang.columns[1], "http://fenyang.gov.cn/zwgk/xxgknb/bmnb/");
  ASSERT_EQ(fenyang.column_urls.size(), 2u);
  EXPECT_EQ(fenyang.column_urls[0].host(), "fenyang.gov.cn");
  EXPECT_EQ(list.rows()[2].level, BodyLevel::kTown);
  EXPECT_EQ(list.rows()[2].notes, "discover");
  EXPECT_EQ(list.rows()[2].county_code(), "140423");
  EXPECT_EQ(list.rows()[1].level, BodyLevel::kDepartment);
  EXPECT_EQ(list.rows()[6].portal_url.port(), 8080);
  const SeedList::LevelCounts counts = list.CountByLevel();
  EXPECT_EQ(counts.county, 5u);
  EXPECT_EQ(counts.town, 1u);
  EXPECT_EQ(counts.department, 1u);
}

TEST(SeedListParse, ToTsvGivesTheRowBack) {
  const SeedList list = Parsed(kList);
  EXPECT_EQ(list.rows()[3].ToTsv(),
            "141034\t山西省\t临汾市\t汾西县\tcounty\thttp://www.fenxi.gov.cn/\t"
            "http://www.fenxi.gov.cn/zfxxgk/xxgkzl/zfxxgknb/\tstated in its report");
  // Runs of spaces between columns become one.
  EXPECT_NE(list.rows()[4].ToTsv().find("zfnb/ http://"), std::string::npos);
  // The printed rows parse to the same rows.
  std::string again = kHeader;
  for (const SeedRow& row : list.rows()) again += row.ToTsv() + "\n";
  const SeedList reparsed = Parsed(again);
  ASSERT_EQ(reparsed.rows().size(), list.rows().size());
  for (size_t i = 0; i < list.rows().size(); ++i) {
    EXPECT_EQ(reparsed.rows()[i].ToTsv(), list.rows()[i].ToTsv());
  }
}

TEST(SeedListParse, ByteOrderMarkAndCrlfAreAccepted) {
  std::string crlf;
  for (char c : kList) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const SeedList list = Parsed("\xEF\xBB\xBF" + crlf);
  ASSERT_EQ(list.rows().size(), 7u);
  EXPECT_EQ(list.rows()[0].notes, "");  // no stray \r in the last field
  EXPECT_EQ(list.rows()[3].notes, "stated in its report");
  EXPECT_EQ(list.rows()[6].code, "220283");
}

TEST(SeedListParse, SkipsEmptyAndCommentLines) {
  const SeedList list = Parsed(kHeader + "\n# a comment\n" +
                               Row("140425", "county", "http://www.pingshun.gov.cn/") + "\n");
  ASSERT_EQ(list.rows().size(), 1u);
  EXPECT_EQ(list.rows()[0].line, 4u);
}

TEST(SeedListParse, HeaderOnlyIsAnEmptyList) {
  EXPECT_TRUE(Parsed(kHeader).rows().empty());
}

TEST(SeedListErrors, MissingOrWrongHeader) {
  EXPECT_EQ(ParseError(""), "t.tsv:1: empty file: the first line must be the header");
  const std::string wrong =
      ParseError("code\tname\n" + Row("140425", "county", "http://www.pingshun.gov.cn/"));
  EXPECT_TRUE(wrong.starts_with("t.tsv:1: the first line must be the header 'code\tprovince"))
      << wrong;
}

TEST(SeedListErrors, WrongFieldCount) {
  EXPECT_EQ(ParseError(kHeader + "140425\t山西省\t长治市\t平顺县\tcounty\thttp://a.gov.cn/\n"),
            "t.tsv:2: 6 tab-separated fields, expected 8");
  EXPECT_EQ(ParseError(kHeader + Row("140425", "county", "http://a.gov.cn/") +
                       "140426\t山西省\t长治市\t黎城县\tcounty\thttp://b.gov.cn/\t\t\textra\n"),
            "t.tsv:3: 9 tab-separated fields, expected 8");
}

TEST(SeedListErrors, EmptyRequiredField) {
  EXPECT_EQ(ParseError(kHeader + "140425\t\t长治市\t平顺县\tcounty\thttp://a.gov.cn/\t\t\n"),
            "t.tsv:2: empty province");
  EXPECT_EQ(ParseError(kHeader + "140425\t山西省\t长治市\t  \tcounty\thttp://a.gov.cn/\t\t\n"),
            "t.tsv:2: empty name");
  EXPECT_EQ(ParseError(kHeader + "140425\t山西省\t长治市\t平顺县\tcounty\t\t\t\n"),
            "t.tsv:2: empty portal");
}

TEST(SeedListErrors, BadLevel) {
  EXPECT_EQ(ParseError(kHeader + Row("140425", "city", "http://a.gov.cn/")),
            "t.tsv:2: level 'city' is not county, town or department");
  EXPECT_EQ(ParseError(kHeader + Row("140425", "County", "http://a.gov.cn/")),
            "t.tsv:2: level 'County' is not county, town or department");
}

TEST(SeedListErrors, BadCodeShapes) {
  const std::string portal = "http://a.gov.cn/";
  EXPECT_NE(ParseError(kHeader + Row("14042", "county", portal))
                .find("t.tsv:2: code '14042' does not start with a county's 6-digit code"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + Row("140400", "county", portal)).find("not ending in 00"),
            std::string::npos);  // a prefecture's code
  EXPECT_NE(ParseError(kHeader + Row("1404a3", "county", portal)).find("code '1404a3'"),
            std::string::npos);
  EXPECT_EQ(ParseError(kHeader + Row("140423-zfb", "county", portal)),
            "t.tsv:2: code '140423-zfb': a county's code is its 6-digit code");
  EXPECT_NE(ParseError(kHeader + Row("1404231", "town", portal)).find("a town's code"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + Row("140423-GuHan", "town", portal)).find("a town's code"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + Row("140423-", "department", portal)).find("a department's"),
            std::string::npos);
  EXPECT_NE(ParseError(kHeader + Row("140423100", "department", portal)).find("a department's"),
            std::string::npos);
  // The good shapes.
  EXPECT_EQ(ParseError(kHeader + Row("140423100", "town", portal) +
                       Row("140423-guhan2", "town", portal) + Row("140423-zfb", "department", portal)),
            "");
}

TEST(SeedListErrors, PortalAndColumnsMustBeAbsoluteHttpUrls) {
  EXPECT_EQ(ParseError(kHeader + Row("140425", "county", "www.pingshun.gov.cn/")),
            "t.tsv:2: portal 'www.pingshun.gov.cn/' is not an absolute http(s) URL");
  EXPECT_EQ(ParseError(kHeader + Row("140425", "county", "ftp://pingshun.gov.cn/")),
            "t.tsv:2: portal 'ftp://pingshun.gov.cn/' is not an absolute http(s) URL");
  const std::string bad_port = ParseError(kHeader + Row("140425", "county", "http://a.gov.cn:99999/"));
  EXPECT_TRUE(bad_port.starts_with("t.tsv:2: portal 'http://a.gov.cn:99999/' is not a valid URL: "))
      << bad_port;
  EXPECT_EQ(ParseError(kHeader + Row("140425", "county", "http://a.gov.cn/",
                                     "http://a.gov.cn/nb/ /zfxxgknb/")),
            "t.tsv:2: column '/zfxxgknb/' is not an absolute http(s) URL");
}

TEST(SeedListErrors, DuplicateCodeNamesBothLines) {
  EXPECT_EQ(ParseError(kHeader + Row("140425", "county", "http://a.gov.cn/") +
                       Row("140426", "county", "http://b.gov.cn/") +
                       Row("140425", "county", "http://c.gov.cn/")),
            "t.tsv:4: code 140425 is already on line 2");
}

TEST(SeedListErrors, InvalidUtf8IsRefused) {
  EXPECT_EQ(ParseError(kHeader + "140425\t\xB0\xA1\t长治市\t平顺县\tcounty\thttp://a/\t\t\n"),
            "t.tsv:2: not valid UTF-8 (byte 8 of the line)");  // GBK 啊
}

TEST(SeedListErrors, EveryBadLineIsNamedAndTheFileRefused) {
  SeedList list = Parsed(kList);
  const Status s = SeedList::Parse(kHeader + Row("140425", "county", "http://a.gov.cn/") +
                                       Row("140426", "city", "http://b.gov.cn/") +
                                       Row("140427", "county", "http://c.gov.cn/") +
                                       "140428\tonly three\tfields\n",
                                   "bad.tsv", &list);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "bad.tsv:3: level 'city' is not county, town or department\n"
            "bad.tsv:5: 3 tab-separated fields, expected 8");
  EXPECT_EQ(list.rows().size(), 7u);  // unchanged: the whole file is refused
  EXPECT_EQ(list.source(), "t.tsv");
}

TEST(SeedListErrors, ManyBadLinesAreCounted) {
  std::string text = kHeader;
  for (int i = 0; i < 25; ++i) text += "x\n";
  const std::string message = ParseError(text);
  EXPECT_NE(message.find("t.tsv:21: 1 tab-separated fields"), std::string::npos);
  EXPECT_EQ(message.find("t.tsv:22:"), std::string::npos);
  EXPECT_TRUE(message.ends_with("t.tsv: 5 more bad lines")) << message;
}

TEST(SeedListErrors, UnreadableFile) {
  SeedList list;
  const Status s = SeedList::ReadFile("/nonexistent/portals.tsv", &list);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "/nonexistent/portals.tsv: cannot read: No such file or directory");
}

TEST(SeedListLookup, ByExactName) {
  const SeedList list = Parsed(kList);
  const SeedMatch m = list.FindByName("汾西县");
  ASSERT_TRUE(m.found());
  EXPECT_EQ(m.row().code, "141034");
  EXPECT_FALSE(list.FindByName("汾西县人民政府").found());
  EXPECT_TRUE(list.FindByName("").rows.empty());
}

TEST(SeedListLookup, ByUniquePrefix) {
  const SeedList list = Parsed(kList);
  EXPECT_EQ(Only(list.FindByName("汾阳")), "141182");
  EXPECT_EQ(Only(list.FindByName("古")), "140423-guhan");
  // The county and its own office share the prefix: the county.
  const SeedMatch xiangyuan = list.FindByName("襄垣");
  ASSERT_TRUE(xiangyuan.found());
  EXPECT_EQ(xiangyuan.row().code, "140423");
  // The full name of the office is exact.
  EXPECT_EQ(Only(list.FindByName("襄垣县人民政府")), "140423-zfb");
}

TEST(SeedListLookup, AmbiguousPrefixGivesTheCandidates) {
  const SeedList list = Parsed(kList);
  const SeedMatch m = list.FindByName("汾");
  EXPECT_TRUE(m.ambiguous());
  EXPECT_EQ(Codes(m.rows), (std::vector<std::string>{"141034", "141182"}));
  EXPECT_TRUE(list.FindByName("长治").rows.empty());  // a prefecture is not a name
}

TEST(SeedListLookup, RepeatedExactNameIsAmbiguous) {
  const SeedList list = Parsed(kHeader + "140302\t山西省\t阳泉市\t城区\tcounty\thttp://a.gov.cn/\t\t\n"
                                         "140502\t山西省\t晋城市\t城区\tcounty\thttp://b.gov.cn/\t\t\n");
  EXPECT_EQ(Codes(list.FindByName("城区").rows), (std::vector<std::string>{"140302", "140502"}));
}

TEST(SeedListLookup, ByCodeWithAndWithoutBodies) {
  const SeedList list = Parsed(kList);
  EXPECT_EQ(Codes(list.FindByCode("140423").rows), (std::vector<std::string>{"140423"}));
  EXPECT_EQ(Codes(list.FindByCode("140423", true).rows),
            (std::vector<std::string>{"140423", "140423-zfb", "140423-guhan"}));
  EXPECT_EQ(Codes(list.FindByCode("140423-zfb", true).rows),
            (std::vector<std::string>{"140423-zfb"}));
  EXPECT_TRUE(list.FindByCode("14042").rows.empty());
  EXPECT_TRUE(list.FindByCode("141035", true).rows.empty());
}

TEST(SeedListLookup, ByUrlOnThePortalHost) {
  const SeedList list = Parsed(kList);
  // Portal root and pages under it: the county, not its office or town on the same portal.
  EXPECT_EQ(Only(list.FindByUrl("http://www.xiangyuan.gov.cn/")), "140423");
  EXPECT_EQ(Only(list.FindByUrl("http://www.xiangyuan.gov.cn/xwzx/ldzc/")), "140423");
  // Scheme and a leading www. do not matter; the port does.
  EXPECT_EQ(Only(list.FindByUrl("https://xiangyuan.gov.cn/a.html")), "140423");
  EXPECT_EQ(Only(list.FindByUrl("http://WWW.FENXI.GOV.CN/zfxxgk/")), "141034");
  EXPECT_EQ(Only(list.FindByUrl("http://122.137.242.24:8080/pub/slsxxgkw/x/")), "220283");
  EXPECT_TRUE(list.FindByUrl("http://122.137.242.24/pub/slsxxgkw/").rows.empty());
  // A column host without www. matches the county whose portal has it.
  EXPECT_EQ(Only(list.FindByUrl("http://fenyang.gov.cn/zwgk/xxgknb/zfnb/202101/t1.shtml")),
            "141182");
  // Other hosts, subdomains and bad URLs match nothing.
  EXPECT_TRUE(list.FindByUrl("http://www.linfen.gov.cn/").rows.empty());
  EXPECT_TRUE(list.FindByUrl("http://xxgk.fenxi.gov.cn/").rows.empty());
  EXPECT_TRUE(list.FindByUrl("not a url").rows.empty());
}

TEST(SeedListLookup, ByUrlTheLongestColumnWins) {
  const SeedList list = Parsed(kList);
  const SeedMatch office = list.FindByUrl(
      "http://www.xiangyuan.gov.cn/xyzwgk/zfxxgk/bmxxgk/zfbm/zfb/chnl1233/201803/t1.html");
  ASSERT_TRUE(office.found());
  EXPECT_EQ(office.row().code, "140423-zfb");
}

TEST(SeedListLookup, ByUrlTiedBodiesOfDifferentCountiesAreAmbiguous) {
  const SeedList list =
      Parsed(kHeader + "330205-zjj\t浙江省\t宁波市\t住建局\tdepartment\thttp://www.nbjb.gov.cn/\t\t\n"
                       "330205-jyj\t浙江省\t宁波市\t教育局\tdepartment\thttp://www.nbjb.gov.cn/\t\t\n");
  EXPECT_TRUE(list.FindByUrl("http://www.nbjb.gov.cn/col/col1/index.html").ambiguous());
}

TEST(SeedListLookup, ResolveTakesUrlCodeOrName) {
  const SeedList list = Parsed(kList);
  EXPECT_EQ(Only(list.Resolve("https://www.hanyin.gov.cn/Content-2673984.html")), "610921");
  EXPECT_EQ(Only(list.Resolve("610921")), "610921");
  EXPECT_EQ(list.Resolve("140423").rows.size(), 1u);  // the county itself
  EXPECT_EQ(Only(list.Resolve("汉阴")), "610921");
  EXPECT_TRUE(list.Resolve("汾").ambiguous());
  EXPECT_TRUE(list.Resolve("999999").rows.empty());
}

TEST(SeedListFilter, ByProvincePrefectureAndPrefix) {
  const SeedList list = Parsed(kList);
  EXPECT_EQ(list.Filter({}).size(), 7u);
  EXPECT_EQ(Codes(list.Filter({.province = "陕西"})), (std::vector<std::string>{"610921"}));
  EXPECT_EQ(Codes(list.Filter({.prefecture = "长治市"})),
            (std::vector<std::string>{"140423", "140423-zfb", "140423-guhan"}));
  EXPECT_EQ(Codes(list.Filter({.prefix = "汾"})), (std::vector<std::string>{"141034", "141182"}));
  EXPECT_EQ(Codes(list.Filter({.prefix = "1411"})), (std::vector<std::string>{"141182"}));
  EXPECT_EQ(Codes(list.Filter({.province = "山西省", .prefecture = "吕梁", .prefix = "汾"})),
            (std::vector<std::string>{"141182"}));
  EXPECT_TRUE(list.Filter({.province = "山西省", .prefix = "汉"}).empty());
}

// The committed list: valid, and holding the five sample places of PORTALS.md.
TEST(CommittedSeeds, ValidatesAndHoldsTheSamplePlaces) {
  SeedList list;
  const Status s = SeedList::ReadFile(std::string(XXGK_SOURCE_DIR) + "/seeds/portals.tsv", &list);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_GE(list.rows().size(), 60u);
  struct Sample {
    const char* name;
    const char* code;
    BodyLevel level;
    const char* portal_host;
  };
  for (const Sample& sample : {Sample{"襄垣县", "140423", BodyLevel::kCounty, "www.xiangyuan.gov.cn"},
                               Sample{"古韩镇", "140423-guhan", BodyLevel::kTown, "www.xiangyuan.gov.cn"},
                               Sample{"汾西县", "141034", BodyLevel::kCounty, "www.fenxi.gov.cn"},
                               Sample{"汾阳市", "141182", BodyLevel::kCounty, "www.fenyang.gov.cn"},
                               Sample{"汉阴县", "610921", BodyLevel::kCounty, "www.hanyin.gov.cn"}}) {
    const SeedMatch m = list.FindByName(sample.name);
    ASSERT_TRUE(m.found()) << sample.name;
    EXPECT_EQ(m.row().code, sample.code) << sample.name;
    EXPECT_EQ(m.row().level, sample.level) << sample.name;
    EXPECT_EQ(m.row().portal_url.host(), sample.portal_host) << sample.name;
  }
  EXPECT_EQ(list.FindByName("汾西县").row().columns,
            (std::vector<std::string>{"http://www.fenxi.gov.cn/zfxxgk/xxgkzl/zfxxgknb/"}));
  // Every county of the sample places' prefectures (2019+ codes: 潞州区 140403 ... 旬阳市 610981).
  const auto counties_of = [&](const char* prefecture) {
    size_t counties = 0;
    for (const SeedRow* row : list.Filter({.prefecture = prefecture})) {
      counties += row->level == BodyLevel::kCounty;
    }
    return counties;
  };
  EXPECT_EQ(counties_of("长治市"), 12u);
  EXPECT_EQ(counties_of("临汾市"), 17u);
  EXPECT_EQ(counties_of("吕梁市"), 13u);
  EXPECT_EQ(counties_of("安康市"), 10u);
  EXPECT_EQ(Only(list.FindByName("旬阳市")), "610981");
  EXPECT_EQ(Only(list.FindByName("潞州区")), "140403");
  EXPECT_EQ(Only(list.FindByName("屯留区")), "140405");
}

}  // namespace
}  // namespace xxgk::seeds

// The IDN path of url_canon needs a UTF-8 LC_CTYPE, as in xxgk's main.
int main(int argc, char** argv) {
  std::setlocale(LC_CTYPE, "C.UTF-8");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
