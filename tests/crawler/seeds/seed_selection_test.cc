// Seed selection (crawler/seeds/seed_selection.h): what `fetch COUNTY` and `harvest [COUNTY…]`
// select — a county with its bodies, one body, a URL (ad hoc for fetch, refused by harvest),
// ambiguous and unknown names with their reasons, every county once; and `--shard K/N`: parsed
// strictly, every county in exactly one shard, the split fixed by the code alone.
#include "crawler/seeds/seed_selection.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace xxgk::seeds {
namespace {

const std::string kList =
    std::string(kSeedHeader) + "\n" +
    "140423\t山西省\t长治市\t襄垣县\tcounty\thttp://www.xiangyuan.gov.cn/\t\t\n"
    "140423-zfb\t山西省\t长治市\t襄垣县人民政府办公室\tdepartment\thttp://www.xiangyuan.gov.cn/\t"
    "http://www.xiangyuan.gov.cn/zfb/\t\n"
    "140423-guhan\t山西省\t长治市\t古韩镇\ttown\thttp://www.xiangyuan.gov.cn/\t\t\n"
    "141034\t山西省\t临汾市\t汾西县\tcounty\thttp://www.fenxi.gov.cn/\t\t\n"
    "141182\t山西省\t吕梁市\t汾阳市\tcounty\thttp://www.fenyang.gov.cn/\t\t\n"
    "610921-jyj\t陕西省\t安康市\t汉阴县教育局\tdepartment\thttps://www.hanyin.gov.cn/\t\t\n";

SeedList Parsed() {
  SeedList list;
  const Status s = SeedList::Parse(kList, "t.tsv", &list);
  EXPECT_TRUE(s.ok()) << s.message();
  return list;
}

std::vector<std::string> Codes(const std::vector<const SeedRow*>& rows) {
  std::vector<std::string> codes;
  for (const SeedRow* row : rows) codes.push_back(row->code);
  return codes;
}

using Codes_ = std::vector<std::string>;

TEST(ResolveCountyTest, ACountyComesWithItsBodiesABodyAlone) {
  const SeedList list = Parsed();
  std::vector<const SeedRow*> rows;
  SeedRow ad_hoc;
  ASSERT_TRUE(ResolveCounty(list, "襄垣县", &rows, &ad_hoc).ok());
  EXPECT_EQ(Codes(rows), (Codes_{"140423", "140423-zfb", "140423-guhan"}));
  rows.clear();
  ASSERT_TRUE(ResolveCounty(list, "古韩镇", &rows, &ad_hoc).ok());
  EXPECT_EQ(Codes(rows), (Codes_{"140423-guhan"}));
  rows.clear();
  ASSERT_TRUE(ResolveCounty(list, "141034", &rows, &ad_hoc).ok());
  EXPECT_EQ(Codes(rows), (Codes_{"141034"}));
}

TEST(ResolveCountyTest, AUrlInNoRowIsAnAdHocRowOfItsHostsRoot) {
  const SeedList list = Parsed();
  std::vector<const SeedRow*> rows;
  SeedRow ad_hoc;
  ASSERT_TRUE(ResolveCounty(list, "http://www.other.gov.cn/gk/nb/", &rows, &ad_hoc).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], &ad_hoc);
  EXPECT_EQ(ad_hoc.portal, "http://www.other.gov.cn/");
  EXPECT_EQ(ad_hoc.columns, (Codes_{"http://www.other.gov.cn/gk/nb/"}));
}

TEST(ResolveCountyTest, AmbiguousAndUnknownNamesSayWhy) {
  const SeedList list = Parsed();
  std::vector<const SeedRow*> rows;
  SeedRow ad_hoc;
  const Status ambiguous = ResolveCounty(list, "汾", &rows, &ad_hoc);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.message().find("141034  汾西县"), std::string::npos) << ambiguous.message();
  EXPECT_NE(ambiguous.message().find("141182  汾阳市"), std::string::npos) << ambiguous.message();
  const Status unknown = ResolveCounty(list, "无此县", &rows, &ad_hoc);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("t.tsv"), std::string::npos) << unknown.message();
  EXPECT_TRUE(rows.empty());
}

TEST(SelectCountiesTest, NothingNamedIsEveryCountyOnceWithItsBodies) {
  const SeedList list = Parsed();
  std::vector<CountySelection> out;
  ASSERT_TRUE(SelectCounties(list, {}, &out).ok());
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].code, "140423");
  EXPECT_EQ(out[0].name, "襄垣县");
  EXPECT_EQ(Codes(out[0].rows), (Codes_{"140423", "140423-zfb", "140423-guhan"}));
  EXPECT_EQ(Codes(out[1].rows), (Codes_{"141034"}));
  EXPECT_EQ(Codes(out[2].rows), (Codes_{"141182"}));
  // A department whose county has no row is harvested on its own.
  EXPECT_EQ(Codes(out[3].rows), (Codes_{"610921-jyj"}));
}

TEST(SelectCountiesTest, NamedCountiesInTheOrderGivenEachBodyOnce) {
  const SeedList list = Parsed();
  std::vector<CountySelection> out;
  ASSERT_TRUE(SelectCounties(list, {"汾阳市", "古韩镇", "140423", "141182"}, &out).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(Codes(out[0].rows), (Codes_{"141182"}));
  EXPECT_EQ(Codes(out[1].rows), (Codes_{"140423-guhan"}));
  // The county after its town: only the bodies not taken yet.
  EXPECT_EQ(Codes(out[2].rows), (Codes_{"140423", "140423-zfb"}));
}

TEST(SelectCountiesTest, AUrlInNoRowAndAnUnknownNameAreRefused) {
  const SeedList list = Parsed();
  std::vector<CountySelection> out;
  const Status url = SelectCounties(list, {"汾西县", "http://www.other.gov.cn/"}, &out);
  ASSERT_FALSE(url.ok());
  EXPECT_NE(url.message().find("xxgk fetch URL"), std::string::npos) << url.message();
  EXPECT_FALSE(SelectCounties(list, {"无此县"}, &out).ok());
  // A URL on a row's host is that row's county.
  ASSERT_TRUE(SelectCounties(list, {"http://www.fenxi.gov.cn/a/b.html"}, &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "141034");
}

TEST(SelectCountiesTest, AProvinceOrPrefectureStandsForEveryCountyInIt) {
  const SeedList list = Parsed();
  std::vector<CountySelection> out;
  ASSERT_TRUE(SelectCounties(list, {"长治市"}, &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Codes(out[0].rows), (Codes_{"140423", "140423-zfb", "140423-guhan"}));
  ASSERT_TRUE(SelectCounties(list, {"山西"}, &out).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].code, "140423");
  EXPECT_EQ(out[1].code, "141034");
  EXPECT_EQ(out[2].code, "141182");
  // A department whose county has no row comes with its province, on its own.
  ASSERT_TRUE(SelectCounties(list, {"陕西省"}, &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Codes(out[0].rows), (Codes_{"610921-jyj"}));
  // Regions and counties together, each body once.
  ASSERT_TRUE(SelectCounties(list, {"汾阳市", "吕梁", "临汾市"}, &out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].code, "141182");
  EXPECT_EQ(out[1].code, "141034");
  // A prefix is not a region: "长" is an unknown name (no row's name starts with it).
  EXPECT_FALSE(SelectCounties(list, {"长"}, &out).ok());
}

TEST(SelectCountiesTest, RegionsAreNamedInFullOrWithoutTheirAdministrativeWord) {
  EXPECT_TRUE(RegionNamed("山西省", "山西省"));
  EXPECT_TRUE(RegionNamed("山西省", "山西"));
  EXPECT_TRUE(RegionNamed("长治市", "长治"));
  EXPECT_TRUE(RegionNamed("内蒙古自治区", "内蒙古"));
  EXPECT_TRUE(RegionNamed("广西壮族自治区", "广西"));
  EXPECT_TRUE(RegionNamed("延边朝鲜族自治州", "延边"));
  EXPECT_TRUE(RegionNamed("阿拉善盟", "阿拉善"));
  EXPECT_TRUE(RegionNamed("香港特别行政区", "香港"));
  EXPECT_FALSE(RegionNamed("长治市", "长"));
  EXPECT_FALSE(RegionNamed("长治市", "长治县"));
  EXPECT_FALSE(RegionNamed("山西省", "山"));
  EXPECT_FALSE(RegionNamed("山西省", ""));
  EXPECT_FALSE(RegionNamed("陕西省", "山西"));
}

TEST(ShardTest, ParsesKOfNAndRefusesTheRestWithAReason) {
  Shard shard;
  ASSERT_TRUE(ParseShard("2/5", &shard).ok());
  EXPECT_EQ(shard.index, 2u);
  EXPECT_EQ(shard.count, 5u);
  ASSERT_TRUE(ParseShard("0/1", &shard).ok());
  EXPECT_EQ(shard.count, 1u);
  for (const char* bad : {"", "3", "5/5", "6/5", "-1/5", "1/0", "a/b", "1/5x", "1 /5", "/5",
                          "1/", "0/1000000"}) {
    SCOPED_TRACE(bad);
    Shard untouched{7, 9};
    EXPECT_FALSE(ParseShard(bad, &untouched).ok());
    EXPECT_EQ(untouched.index, 7u);
  }
  EXPECT_NE(ParseShard("5/5", &shard).message().find("0 to 4"), std::string::npos);
}

TEST(ShardTest, EveryCountyFallsInExactlyOneShardWithItsBodies) {
  for (uint32_t n : {1u, 2u, 3u, 7u, 16u}) {
    std::map<uint32_t, size_t> per_shard;
    for (int c = 0; c < 1000; ++c) {
      const std::string code = std::to_string(110101 + c * 7);
      int hits = 0;
      for (uint32_t k = 0; k < n; ++k) {
        if (InShard(code, Shard{k, n})) {
          ++hits;
          ++per_shard[k];
          EXPECT_TRUE(InShard(code + "-zfb", Shard{k, n}));  // a body goes with its county
          EXPECT_TRUE(InShard(code + "100", Shard{k, n}));
        }
      }
      EXPECT_EQ(hits, 1) << code << " in " << n << " shards";
    }
    // Not all in one shard: every shard gets a fair part of 1000 counties.
    for (uint32_t k = 0; k < n; ++k) EXPECT_GT(per_shard[k], 1000 / n / 2) << k << "/" << n;
  }
}

TEST(ShardTest, TheSplitIsFixedByTheCodeAlone) {
  // FNV-1a 64 of "140423" is 0x20bc287b73c125e3: pinned so that a change of hash (which would
  // move counties between machines' archives) fails here.
  std::vector<uint32_t> where;
  for (const char* code : {"140423", "141034", "141182", "610921", "220283"}) {
    for (uint32_t k = 0; k < 4; ++k) {
      if (InShard(code, Shard{k, 4})) where.push_back(k);
    }
  }
  EXPECT_EQ(where, (std::vector<uint32_t>{3, 2, 0, 2, 2}));
}

}  // namespace
}  // namespace xxgk::seeds
