// ResolveUrl's plain-reference shortcut (crawler/url/plain_reference.h): which hrefs it takes,
// how it merges them, and that ResolveUrl with the shortcut gives exactly what libcurl alone gives
// (ResolveUrlThroughLibcurl), for hand-picked hrefs and for 30,000 generated ones over the
// characters where the two could part (".", "/", "?", "%", ":", "#", "\", space, non-ASCII).
#include "crawler/url/plain_reference.h"

#include <gtest/gtest.h>

#include <clocale>
#include <random>
#include <string>
#include <vector>

#include "crawler/url/url_canon.h"

namespace xxgk::crawl {
namespace {

std::string Merged(std::string_view base_path, std::string_view reference) {
  const std::optional<MergedPath> merged = MergePlainReference(base_path, reference);
  if (!merged) return "NOT PLAIN";
  return merged->query.empty() ? merged->path : merged->path + "?" + merged->query;
}

TEST(PlainReference, MergesPathsWithTheBasesDirectory) {
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "2023/t2023_1.html"), "/xxgk/ndbg/2023/t2023_1.html");
  EXPECT_EQ(Merged("/xxgk/ndbg/", "index_1.html"), "/xxgk/ndbg/index_1.html");
  EXPECT_EQ(Merged("/", "a.html"), "/a.html");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "/zfxxgk/"), "/zfxxgk/");
  EXPECT_EQ(Merged("/xxgk/list", "list.jsp?page=2&size=20"), "/xxgk/list.jsp?page=2&size=20");
  EXPECT_EQ(Merged("/a/b", "c...d/.x/x./"), "/a/c...d/.x/x./");  // dots inside names are plain
}

TEST(PlainReference, RemovesDotSegmentsAsRfc3986Says) {  // section 5.2.4
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "./2023/t1.html"), "/xxgk/ndbg/2023/t1.html");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "../zfxxgknb/"), "/xxgk/zfxxgknb/");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "../../"), "/");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "../../../../a.html"), "/a.html");  // not above "/"
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "."), "/xxgk/ndbg/");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", ".."), "/xxgk/");
  EXPECT_EQ(Merged("/xxgk/ndbg/index.html", "a/./b/../c?x=1"), "/xxgk/ndbg/a/c?x=1");
  EXPECT_EQ(Merged("/a/", "/b/./c/.."), "/b/");
}

TEST(PlainReference, LeavesEverythingElseToTheGeneralPath) {
  for (const char* reference :
       {"", "?page=2", "//h.cn/a",
        "http://h.cn/", "mailto:x@h.cn", "javascript:void(0)", "a.html#top", "a%20b.html",
        "a b.html", " a.html", "a\\b.html", "a\tb", "年报.pdf", "a.html?q=年", "a.html?q=%41",
        "a.html?x?y", "a:b", "a.html?q=a:b", "a.html?q='", "a@b"}) {
    EXPECT_EQ(Merged("/xxgk/index.html", reference), "NOT PLAIN") << "'" << reference << "'";
  }
  EXPECT_EQ(Merged("", "a.html"), "NOT PLAIN");  // a base path always starts with "/"
}

// IDN conversion in libcurl 7.88 goes through the locale (see url_canon.h).
class ShortcutAgreesWithLibcurl : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(std::setlocale(LC_CTYPE, "C.UTF-8"), nullptr); }
  void TearDown() override { std::setlocale(LC_CTYPE, "C"); }

  // Resolves `reference` both ways against each base; returns how many took the shortcut.
  static size_t ExpectSame(const std::vector<CanonicalUrl>& bases, std::string_view reference) {
    size_t plain = 0;
    for (const CanonicalUrl& base : bases) {
      CanonicalUrl shortcut, general;
      const Status a = ResolveUrl(base, reference, &shortcut);
      const Status b = ResolveUrlThroughLibcurl(base, reference, &general);
      EXPECT_EQ(a.ok(), b.ok()) << base.spec() << " + '" << reference << "': " << a.message()
                                << " / " << b.message();
      EXPECT_EQ(shortcut.spec(), general.spec()) << base.spec() << " + '" << reference << "'";
      EXPECT_EQ(shortcut.path(), general.path()) << base.spec() << " + '" << reference << "'";
      EXPECT_EQ(shortcut.query(), general.query()) << base.spec() << " + '" << reference << "'";
      EXPECT_EQ(shortcut.scheme(), general.scheme());
      EXPECT_EQ(shortcut.host(), general.host());
      EXPECT_EQ(shortcut.port(), general.port());
      EXPECT_EQ(shortcut.host_key(), general.host_key());
      if (MergePlainReference(base.path(), reference)) ++plain;
    }
    return plain;
  }

  static std::vector<CanonicalUrl> Bases() {
    std::vector<CanonicalUrl> bases;
    for (const char* spec :
         {"http://www.xx.gov.cn/", "http://www.xx.gov.cn/zfxxgk/ndbg/index.html",
          "https://www.xx.gov.cn/zfxxgk/ndbg/", "http://127.1.0.7:8080/a/b/c.jsp?id=3&x=y",
          "https://[2001:db8::1]/xxgk/", "http://xn--fiq228c.gov.cn:81/%E5%B9%B4/list",
          "https://h.cn:8443/a//b/"}) {
      CanonicalUrl base;
      EXPECT_TRUE(CanonicalizeUrl(spec, &base).ok()) << spec;
      bases.push_back(base);
    }
    return bases;
  }
};

TEST_F(ShortcutAgreesWithLibcurl, OnHandPickedHrefs) {
  const std::vector<CanonicalUrl> bases = Bases();
  size_t plain = 0;
  for (const char* reference :
       {"a.html", "/a.html", "2023/t20230131_123.html", "index_1.html?page=2", "/zfxxgk/",
        "list.jsp?a=1&b=2", "x?q=a+b,c;d", "a.html?", "a//b", "/", "~user/", "a.b.c",
        "...", ".a", "a.", "-_~", "../a.html", "./a.html", "?page=2", "#x", "", "a%2Eb",
        "%2E%2E/a", "A.HTML", "x?Q=A", "a.html?q=%7e", "//other.cn/x", "HTTP://H.CN/A"}) {
    plain += ExpectSame(bases, reference);
  }
  EXPECT_GT(plain, 0u);
}

// Random hrefs over an alphabet of plain characters and of every character that makes an href
// not plain, so that near-plain hrefs (one bad character, a dot segment) are common.
TEST_F(ShortcutAgreesWithLibcurl, OnGeneratedHrefs) {
  const std::vector<CanonicalUrl> bases = Bases();
  const std::vector<std::string> alphabet = {
      "a", "Z", "0", "9", "-", "_", "~", ".", ".", "..", "/", "/", "?", "=", "&", "+", ",", ";",
      "%", "%2E", "%41", "%7e", ":", "@", "#", "\\", " ", "\t", "'", "!", "$", "*", "(", "|",
      "年", "\x01", "index.html", "2023"};
  std::mt19937 random(20261204);
  size_t plain = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string reference;
    const int parts = 1 + static_cast<int>(random() % 8);
    for (int j = 0; j < parts; ++j) reference += alphabet[random() % alphabet.size()];
    plain += ExpectSame(bases, reference);
    if (HasFailure()) return;  // one disagreement is enough to read
  }
  EXPECT_GT(plain, 10000u);  // the generator does make plain hrefs
}

}  // namespace
}  // namespace xxgk::crawl
