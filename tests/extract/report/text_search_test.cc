// Substring search for label matching (extract/report/text_search.h): the same answers as
// std::string_view's find and rfind, and a byte-pair filter that never hides an occurrence.
#include "extract/report/text_search.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace xxgk::extract {
namespace {

// LastFind is rfind by another road (text_search.h): the same answer on every case that differs,
// overlapping occurrences, a needle at either edge, longer than the text, or absent.
TEST(LastFind, AgreesWithRfind) {
  const std::string_view texts[] = {"", "a", "aaaa", "abab", "本年新收政府信息公开申请数量本年新收",
                                    "(一)予以公开(一)", "xyz"};
  const std::string_view needles[] = {"", "a", "aa", "ab", "本年新收", "(一)", "xyzw", "公开申请数量本"};
  for (std::string_view text : texts) {
    for (std::string_view needle : needles) {
      EXPECT_EQ(LastFind(text, needle), text.rfind(needle)) << text << " / " << needle;
    }
  }
  EXPECT_EQ(LastFind("aaaa", "aa"), 2u);  // overlapping: the last start, not the last disjoint one
}

TEST(Contains, AgreesWithFind) {
  const std::string_view texts[] = {"", "a", "abab", "本年新收政府信息公开申请数量", "(一)予以公开"};
  const std::string_view needles[] = {"", "a", "ba", "本年新收", "公开申请", "予以公开(", "b"};
  for (std::string_view text : texts) {
    for (std::string_view needle : needles) {
      EXPECT_EQ(Contains(text, needle), text.find(needle) != std::string_view::npos)
          << text << " / " << needle;
    }
  }
}

// Random label-like texts and needles from a small alphabet of ideographs, digits and brackets
// (so that most needles are absent and many are present): a needle that occurs is always a
// "maybe"; most needles that do not occur are turned away.
TEST(BytePairs, NeverHidesAnOccurrenceAndTurnsAwayMostAbsentNeedles) {
  const std::string_view alphabet[] = {"本", "年", "新", "收", "申", "请", "公", "开", "予", "以",
                                       "不", "政", "府", "信", "息", "(", ")", "一", "二", "1"};
  std::mt19937 rng(16);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  auto make = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[pick(rng)];
    return s;
  };
  size_t absent = 0;
  size_t turned_away = 0;
  size_t present = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = make(std::uniform_int_distribution<size_t>(0, 30)(rng));
    const BytePairs pairs(text);
    for (int k = 0; k < 8; ++k) {
      std::string needle = make(std::uniform_int_distribution<size_t>(1, 5)(rng));
      if (k == 0 && text.size() >= 6) needle = text.substr(text.size() / 2 / 3 * 3, 6);
      if (text.find(needle) != std::string::npos) {
        ++present;
        EXPECT_TRUE(pairs.MayContain(needle)) << text << " / " << needle;
      } else {
        ++absent;
        turned_away += !pairs.MayContain(needle);
      }
    }
  }
  EXPECT_GT(present, 1000u);
  EXPECT_GT(turned_away, absent / 2) << turned_away << " of " << absent << " absent needles";
  // Needles of one byte or none may always occur; a text of one byte holds no pair.
  EXPECT_TRUE(BytePairs("").MayContain(""));
  EXPECT_TRUE(BytePairs("").MayContain("a"));
  EXPECT_FALSE(BytePairs("a").MayContain("ab"));
  EXPECT_TRUE(BytePairs("xaby").MayContain("ab"));
}

// Texts on both sides of the length from which ContainsAny takes the pairs first.
TEST(ContainsAny, AgreesWithAnyFindBelowAndAboveThePairsLength) {
  const std::string_view alphabet[] = {"首", "页", "当", "前", "位", "置", "年", "报", ":", "a"};
  const std::string_view needles[] = {"首页", "当前位置", "位置:", "年报专栏", "aa"};
  std::mt19937 rng(6);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  size_t found = 0;
  size_t long_texts = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t n = std::uniform_int_distribution<size_t>(0, 60)(rng);
    for (size_t i = 0; i < n; ++i) text += alphabet[pick(rng)];
    bool any = false;
    for (std::string_view needle : needles) any = any || text.find(needle) != std::string::npos;
    EXPECT_EQ(ContainsAny(text, needles), any) << text;
    found += any;
    long_texts += text.size() >= 96;
  }
  EXPECT_GT(found, 300u);
  EXPECT_LT(found, 2900u);  // texts with no needle too
  EXPECT_GT(long_texts, 1000u);
  EXPECT_FALSE(ContainsAny("首页", {}));
}

}  // namespace
}  // namespace xxgk::extract
