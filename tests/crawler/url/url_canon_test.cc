// Canonical URLs: case, ports, fragments, percent-encoding, IDN, relative resolution (the
// RFC 3986 section 5.4 examples), errors, idempotence and host keys.
#include "crawler/url/url_canon.h"

#include <gtest/gtest.h>

#include <clocale>
#include <string>
#include <vector>

namespace xxgk::crawl {
namespace {

// IDN conversion in libcurl 7.88 goes through the locale (see url_canon.h).
class UrlCanonTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(std::setlocale(LC_CTYPE, "C.UTF-8"), nullptr); }
  void TearDown() override { std::setlocale(LC_CTYPE, "C"); }

  static std::string Canon(std::string_view url) {
    CanonicalUrl out;
    Status s = CanonicalizeUrl(url, &out);
    return s.ok() ? out.spec() : "ERROR: " + s.message();
  }
  static std::string Resolve(std::string_view base, std::string_view reference) {
    CanonicalUrl b, out;
    Status s = CanonicalizeUrl(base, &b);
    if (!s.ok()) return "BASE ERROR: " + s.message();
    s = ResolveUrl(b, reference, &out);
    return s.ok() ? out.spec() : "ERROR: " + s.message();
  }
  static std::string ErrorOf(std::string_view url) {
    CanonicalUrl out;
    Status s = CanonicalizeUrl(url, &out);
    return s.ok() ? "no error, got " + out.spec() : s.message();
  }
};

TEST_F(UrlCanonTest, SchemeAndHostAreLowerCasedPathCaseIsKept) {
  EXPECT_EQ(Canon("HTTP://WWW.Gov.CN/Xxgk/Index.HTML"), "http://www.gov.cn/Xxgk/Index.HTML");
  EXPECT_EQ(Canon("hTtPs://Example.COM"), "https://example.com/");
}

TEST_F(UrlCanonTest, DefaultPortIsDroppedOtherPortsAreKept) {
  EXPECT_EQ(Canon("http://h.cn:80/a"), "http://h.cn/a");
  EXPECT_EQ(Canon("https://h.cn:443/a"), "https://h.cn/a");
  EXPECT_EQ(Canon("http://h.cn:443/a"), "http://h.cn:443/a");
  EXPECT_EQ(Canon("https://h.cn:80/a"), "https://h.cn:80/a");
  EXPECT_EQ(Canon("http://h.cn:8080/a"), "http://h.cn:8080/a");
}

TEST_F(UrlCanonTest, FragmentIsDropped) {
  EXPECT_EQ(Canon("http://h.cn/a?b=1#part2"), "http://h.cn/a?b=1");
  EXPECT_EQ(Canon("http://h.cn/a#"), "http://h.cn/a");
}

TEST_F(UrlCanonTest, UnreservedEscapesAreDecodedOthersUpperCased) {
  EXPECT_EQ(Canon("http://h.cn/%7euser/%7E/%41%62%2D%2e%5F"), "http://h.cn/~user/~/Ab-._");
  EXPECT_EQ(Canon("http://h.cn/a%2fb%3F?q=%2f%26%3d"), "http://h.cn/a%2Fb%3F?q=%2F%26%3D");
  EXPECT_EQ(Canon("http://h.cn/%e4%b8%ad"), "http://h.cn/%E4%B8%AD");
}

TEST_F(UrlCanonTest, RawNonAsciiSpacesAndUnsafeCharactersAreEscaped) {
  EXPECT_EQ(Canon("http://h.cn/公开/年报 2023.pdf?名=值"),
            "http://h.cn/%E5%85%AC%E5%BC%80/%E5%B9%B4%E6%8A%A5%202023.pdf?%E5%90%8D=%E5%80%BC");
  EXPECT_EQ(Canon("http://h.cn/a\"<>^`{|}b"), "http://h.cn/a%22%3C%3E%5E%60%7B%7C%7Db");
  EXPECT_EQ(Canon("http://h.cn/q?a b+c"), "http://h.cn/q?a%20b+c");  // "+" is not a space
}

TEST_F(UrlCanonTest, StrayPercentSignIsEscaped) {
  EXPECT_EQ(Canon("http://h.cn/100%"), "http://h.cn/100%25");
  EXPECT_EQ(Canon("http://h.cn/a%zzb?x=%4"), "http://h.cn/a%25zzb?x=%254");
}

TEST_F(UrlCanonTest, ReservedCharactersAreKept) {
  EXPECT_EQ(Canon("http://h.cn/a;b=c,d/e:f@g!$&'()*+?x=1&y=2;z"),
            "http://h.cn/a;b=c,d/e:f@g!$&'()*+?x=1&y=2;z");
}

TEST_F(UrlCanonTest, DotSegmentsAreRemovedIncludingEscapedOnes) {
  EXPECT_EQ(Canon("http://h.cn/a/./b/../c/"), "http://h.cn/a/c/");
  EXPECT_EQ(Canon("http://h.cn/a/%2E%2e/b"), "http://h.cn/b");
  EXPECT_EQ(Canon("http://h.cn/a/%2E/b"), "http://h.cn/a/b");
}

TEST_F(UrlCanonTest, EmptyPathBecomesSlashEmptyQueryIsDropped) {
  EXPECT_EQ(Canon("http://h.cn"), "http://h.cn/");
  EXPECT_EQ(Canon("http://h.cn/a?"), "http://h.cn/a");
}

TEST_F(UrlCanonTest, SurroundingWhitespaceAndEmbeddedLineBreaksAreIgnored) {
  EXPECT_EQ(Canon("  \thttp://h.cn/a\r\n/b  \n"), "http://h.cn/a/b");
}

TEST_F(UrlCanonTest, IdnHostBecomesPunycode) {
  EXPECT_EQ(Canon("https://例子.中国/路径"), "https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84");
  EXPECT_EQ(Canon("http://Bücher.DE/"), "http://xn--bcher-kva.de/");
  EXPECT_EQ(Canon("http://XN--Bcher-KVA.de/"), "http://xn--bcher-kva.de/");
}

TEST_F(UrlCanonTest, IdnHostUnderNonUtf8LocaleIsAClearError) {
  std::setlocale(LC_CTYPE, "C");
  const std::string error = ErrorOf("https://例子.中国/");
  EXPECT_NE(error.find("punycode"), std::string::npos) << error;
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
}

TEST_F(UrlCanonTest, Ipv6HostIsLowerCasedAndKeepsBrackets) {
  CanonicalUrl url;
  ASSERT_TRUE(CanonicalizeUrl("http://[2001:DB8::A]:8080/x", &url).ok());
  EXPECT_EQ(url.spec(), "http://[2001:db8::a]:8080/x");
  EXPECT_EQ(url.host(), "[2001:db8::a]");
  EXPECT_EQ(url.host_key().str(), "http://[2001:db8::a]:8080");
}

TEST_F(UrlCanonTest, PartsAreExposed) {
  CanonicalUrl url;
  ASSERT_TRUE(CanonicalizeUrl("HTTPS://Www.Gov.cn/a/b.html?x=%e4#f", &url).ok());
  EXPECT_EQ(url.scheme(), "https");
  EXPECT_EQ(url.host(), "www.gov.cn");
  EXPECT_EQ(url.port(), 443);
  EXPECT_EQ(url.path(), "/a/b.html");
  EXPECT_EQ(url.query(), "x=%E4");
  EXPECT_EQ(url.PathAndQuery(), "/a/b.html?x=%E4");
  CanonicalUrl no_query;
  ASSERT_TRUE(CanonicalizeUrl("http://h.cn:81/p", &no_query).ok());
  EXPECT_EQ(no_query.PathAndQuery(), "/p");
  EXPECT_EQ(no_query.port(), 81);
}

TEST_F(UrlCanonTest, UnsupportedSchemesAreNamed) {
  for (const char* url : {"ftp://h.cn/a", "mailto:office@h.cn", "javascript:void(0)",
                          "file:///etc/passwd", "data:text/html,x"}) {
    const std::string error = ErrorOf(url);
    const std::string scheme = std::string(url).substr(0, std::string(url).find(':'));
    EXPECT_NE(error.find("unsupported scheme '" + scheme + "'"), std::string::npos) << error;
  }
}

TEST_F(UrlCanonTest, BadUrlsGiveErrorsNamingTheUrlAndProblem) {
  EXPECT_NE(ErrorOf("/relative/path").find("no scheme"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("no scheme"), std::string::npos);
  EXPECT_NE(ErrorOf("http://a b.cn/").find("'http://a b.cn/'"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h.cn:99999/").find("ort"), std::string::npos);
  EXPECT_NE(ErrorOf("http://user:pw@h.cn/").find("password"), std::string::npos);
  EXPECT_NE(ErrorOf("http://[fe80::1%25eth0]/").find("zone"), std::string::npos);
  EXPECT_NE(ErrorOf("http://h.cn/" + std::string(kMaxUrlLength, 'a')).find("longer than"),
            std::string::npos);
  // Every one of them is an error, not a URL.
  for (const char* bad : {"/relative", "", "http://a b.cn/", "http://h.cn:99999/",
                          "http://user@h.cn/", "http://[fe80::1%25eth0]/", "http://"}) {
    CanonicalUrl out;
    EXPECT_FALSE(CanonicalizeUrl(bad, &out).ok()) << bad;
    EXPECT_TRUE(out.spec().empty()) << bad;
  }
}

TEST_F(UrlCanonTest, CanonicalisationIsIdempotent) {
  const std::vector<std::string> inputs = {"HTTP://WWW.Gov.CN:80/a/./b/../%7e%2f?q=%e4 x#f",
                                           "https://例子.中国/公开?x=中",
                                           "http://h.cn/a/%2E%2e/%zz/100%",
                                           "http://[2001:DB8::A]:8080/",
                                           "http://h.cn/a\\b?c\\d",
                                           "http://h.cn/;x=1?&&",
                                           "http://1.2.3.4:81/%25%2541"};
  for (const std::string& input : inputs) {
    const std::string once = Canon(input);
    ASSERT_EQ(once.rfind("ERROR", 0), std::string::npos) << input << " -> " << once;
    EXPECT_EQ(Canon(once), once) << input;
  }
}

// RFC 3986 section 5.4.1 (normal examples) and 5.4.2 (abnormal examples), base http://a/b/c/d;p?q.
TEST_F(UrlCanonTest, ResolvesTheRfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q"},
      {"g#s", "http://a/b/c/g"},
      {"g?y#s", "http://a/b/c/g?y"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g"},
      {"g#s/../x", "http://a/b/c/g"},
  };
  for (const auto& [reference, want] : cases) {
    EXPECT_EQ(Resolve(base, reference), want) << "reference '" << reference << "'";
  }
}

TEST_F(UrlCanonTest, ResolvedResultsAreCanonical) {
  const std::string base = "http://www.h.cn/xxgk/ndbg/index.html";
  EXPECT_EQ(Resolve(base, "HTTPS://Other.H.cn:443/P#x"), "https://other.h.cn/P");
  EXPECT_EQ(Resolve(base, "./2023年报.pdf"),
            "http://www.h.cn/xxgk/ndbg/2023%E5%B9%B4%E6%8A%A5.pdf");
  EXPECT_EQ(Resolve(base, "../%7euser/a b.htm"), "http://www.h.cn/xxgk/~user/a%20b.htm");
  EXPECT_EQ(Resolve(base, "list_2.html?page=%e4"),
            "http://www.h.cn/xxgk/ndbg/list_2.html?page=%E4");
  EXPECT_EQ(Resolve(base, "//例子.中国/x"), "http://xn--fsqu00a.xn--fiqs8s/x");
  EXPECT_EQ(Resolve(base, " \n ./t.htm\t "), "http://www.h.cn/xxgk/ndbg/t.htm");
}

TEST_F(UrlCanonTest, BackslashesBeforeTheQueryActAsSlashes) {
  EXPECT_EQ(Resolve("http://h.cn/a/b/c.htm", "..\\d\\e.htm?x=\\"), "http://h.cn/a/d/e.htm?x=%5C");
}

TEST_F(UrlCanonTest, ReferencesWithOtherSchemesAreRefusedByName) {
  const std::string base = "http://h.cn/a/";
  EXPECT_NE(Resolve(base, "mailto:x@h.cn").find("unsupported scheme 'mailto'"), std::string::npos);
  EXPECT_NE(Resolve(base, "JavaScript:void(0)").find("unsupported scheme 'javascript'"),
            std::string::npos);
  EXPECT_NE(Resolve(base, "ftp://h.cn/f").find("unsupported scheme 'ftp'"), std::string::npos);
  EXPECT_NE(Resolve(base, "http://u:p@h.cn/").find("password"), std::string::npos);
}

TEST_F(UrlCanonTest, HostKeyHasExplicitPortAndSeparatesSchemes) {
  CanonicalUrl a, b, c, d;
  ASSERT_TRUE(CanonicalizeUrl("https://www.gov.cn/a", &a).ok());
  ASSERT_TRUE(CanonicalizeUrl("https://WWW.gov.cn:443/b?c", &b).ok());
  ASSERT_TRUE(CanonicalizeUrl("http://www.gov.cn/a", &c).ok());
  ASSERT_TRUE(CanonicalizeUrl("https://www.gov.cn:8443/a", &d).ok());
  EXPECT_EQ(a.host_key().str(), "https://www.gov.cn:443");
  EXPECT_EQ(a.host_key(), b.host_key());
  EXPECT_EQ(c.host_key().str(), "http://www.gov.cn:80");
  EXPECT_NE(a.host_key(), c.host_key());
  EXPECT_NE(a.host_key(), d.host_key());
  EXPECT_EQ(std::hash<HostKey>{}(a.host_key()), std::hash<HostKey>{}(b.host_key()));
}

TEST_F(UrlCanonTest, RobotsTxtUrlOmitsOnlyTheDefaultPort) {
  EXPECT_EQ(HostKey("https", "www.gov.cn", 443).RobotsTxtUrl(), "https://www.gov.cn/robots.txt");
  EXPECT_EQ(HostKey("http", "h.cn", 8080).RobotsTxtUrl(), "http://h.cn:8080/robots.txt");
  EXPECT_EQ(HostKey("http", "h.cn", 443).RobotsTxtUrl(), "http://h.cn:443/robots.txt");
}

TEST(NormalizePercentEncodingTest, DecodesUnreservedUpperCasesTheRest) {
  EXPECT_EQ(NormalizePercentEncoding("/a%62%63%2f%3a%e4"), "/abc%2F%3A%E4");
  EXPECT_EQ(NormalizePercentEncoding("/%%4x%4"), "/%25%254x%254");
  EXPECT_EQ(NormalizePercentEncoding("/*.pdf$"), "/*.pdf$");
  EXPECT_EQ(NormalizePercentEncoding("/ü"), "/%C3%BC");
  EXPECT_EQ(NormalizePercentEncoding(std::string("/\x01\x7f", 3)), "/%01%7F");
  EXPECT_EQ(NormalizePercentEncoding(""), "");
}

}  // namespace
}  // namespace xxgk::crawl
