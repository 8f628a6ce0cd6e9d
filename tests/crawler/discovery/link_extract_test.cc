// Links out of HTML pages: the start-tag scanner against the HTML tokenizer's rules (quoting,
// comments, raw text, end of document), character references, <base> and robots nofollow, the
// resolver's memory, and a differential test of the scanner against Gumbo's tree on the HTML
// fixtures of tests/extract/formats and on tricky inline documents.
#include "crawler/discovery/link_extract.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/crawler/gumbo_links.h"

namespace xxgk::crawl {
namespace {

using testing::ComparableHref;
using testing::GumboAnchorHrefs;

using Hrefs = std::vector<std::string>;

Hrefs HrefsOf(std::string_view html) { return ScanLinks(html).hrefs; }

// ---- 1. Tokenizer rules -------------------------------------------------------------------

TEST(LinkExtractScanTest, QuotedUnquotedAndValuelessAttributes) {
  EXPECT_EQ(HrefsOf(R"(<a href="d.html">1</a><a href='s.html'>2</a><a href=u.html>3</a>)"),
            (Hrefs{"d.html", "s.html", "u.html"}));
  EXPECT_EQ(HrefsOf("<a href>empty</a><a href = \"spaced.html\" >x</a>"),
            (Hrefs{"", "spaced.html"}));
  // Attributes without white space between them, and "/" between attributes.
  EXPECT_EQ(HrefsOf(R"(<a id="x"href="glued.html">x</a><a/href=slash.html>y</a>)"),
            (Hrefs{"glued.html", "slash.html"}));
  // An attribute whose name starts with "=" is not href.
  EXPECT_EQ(HrefsOf("<a =href=no.html>x</a>"), (Hrefs{}));
}

TEST(LinkExtractScanTest, UnquotedValueStartingWithSlashKeepsLaterLinks) {
  // libwget 1.99.1 stopped finding links after <a href=/zfxxgk/>.
  EXPECT_EQ(HrefsOf("<a href=/zfxxgk/>公开</a> <a href=/ndbg/index.html>年报</a>"),
            (Hrefs{"/zfxxgk/", "/ndbg/index.html"}));
  // An unquoted value ends at ">" or white space; "/" before ">" belongs to it.
  EXPECT_EQ(HrefsOf("<a href=x/>x</a><a href=y\tclass=c>y</a>"), (Hrefs{"x/", "y"}));
  // GBK bytes (政府 = D5 FE B8 AE) in an unquoted value ending at ">".
  EXPECT_EQ(HrefsOf("<a href=/\xD5\xFE\xB8\xAE/a.html>\xD5\xFE</a><a href=b.html>b</a>"),
            (Hrefs{"/\xD5\xFE\xB8\xAE/a.html", "b.html"}));
}

TEST(LinkExtractScanTest, NamesAreCaseInsensitiveAndTheFirstHrefWins) {
  EXPECT_EQ(HrefsOf("<A HREF=\"UP.html\">x</A><Area HrEf=map.html>"),
            (Hrefs{"UP.html", "map.html"}));
  EXPECT_EQ(HrefsOf("<a href=first.html HREF=second.html>x</a>"), (Hrefs{"first.html"}));
}

TEST(LinkExtractScanTest, GreaterThanInsideQuotesDoesNotEndTheTag) {
  EXPECT_EQ(HrefsOf(R"(<a title="a>b" href="after.html">x</a><a onclick='if(a>b)' href=c.html>)"),
            (Hrefs{"after.html", "c.html"}));
  // Outside quotes it does: the rest is text.
  EXPECT_EQ(HrefsOf("<a title=a>b href=text.html>x</a>"), (Hrefs{}));
}

TEST(LinkExtractScanTest, CommentsDoctypeProcessingInstructionsAndBogusComments) {
  EXPECT_EQ(HrefsOf("<!-- <a href=hidden.html> --><a href=shown.html>"), (Hrefs{"shown.html"}));
  EXPECT_EQ(HrefsOf("<!--><a href=after-empty.html>"), (Hrefs{"after-empty.html"}));
  EXPECT_EQ(HrefsOf("<!---><a href=after-dash.html>"), (Hrefs{"after-dash.html"}));
  EXPECT_EQ(HrefsOf("<!-- x --!><a href=after-bang.html>"), (Hrefs{"after-bang.html"}));
  EXPECT_EQ(HrefsOf("<!-- a -- b <a href=in.html> --><a href=out.html>"), (Hrefs{"out.html"}));
  EXPECT_EQ(HrefsOf("<!-- never closed <a href=in.html>"), (Hrefs{}));
  EXPECT_EQ(HrefsOf("<!DOCTYPE html><?xml version=\"1.0\"?><a href=d.html>"), (Hrefs{"d.html"}));
  // "</ x>" and "<? ... >" are bogus comments that end at the first ">".
  EXPECT_EQ(HrefsOf("</ <a href=bogus.html>x<a href=real.html>"), (Hrefs{"real.html"}));
  EXPECT_EQ(HrefsOf("<?php <a href=pi.html> ?><a href=after-pi.html>"), (Hrefs{"after-pi.html"}));
  // An end tag's "attributes" are skipped like a start tag's.
  EXPECT_EQ(HrefsOf("</p title='<a href=no.html>'><a href=yes.html>"), (Hrefs{"yes.html"}));
  // "<" that starts no markup is text.
  EXPECT_EQ(HrefsOf("a < b <3 <<a href=lt.html>"), (Hrefs{"lt.html"}));
}

TEST(LinkExtractScanTest, RawTextElementsHoldNoTags) {
  for (const char* element :
       {"script", "style", "textarea", "title", "iframe", "xmp", "noembed", "noframes"}) {
    SCOPED_TRACE(element);
    const std::string e(element);
    EXPECT_EQ(HrefsOf("<" + e + "><a href=fake.html></" + e + "><a href=real.html>"),
              (Hrefs{"real.html"}));
  }
  // The end tag is matched without regard to case and may carry white space or attributes.
  EXPECT_EQ(HrefsOf("<script>x('<a href=f.html>')</SCRIPT ><a href=r.html>"), (Hrefs{"r.html"}));
  EXPECT_EQ(HrefsOf("<Style>a{}</style foo=bar><a href=r.html>"), (Hrefs{"r.html"}));
  // A longer name is not the end tag.
  EXPECT_EQ(HrefsOf("<script></scriptx><a href=f.html></script><a href=r.html>"),
            (Hrefs{"r.html"}));
  // An unterminated raw text element runs to the end of the document.
  EXPECT_EQ(HrefsOf("<script>var a = '<a href=f.html>';"), (Hrefs{}));
}

TEST(LinkExtractScanTest, PlaintextEndsTheMarkup) {
  EXPECT_EQ(HrefsOf("<a href=before.html><plaintext><a href=after.html></plaintext>"),
            (Hrefs{"before.html"}));
}

TEST(LinkExtractScanTest, EndOfDocumentInsideATagDropsTheTag) {
  EXPECT_EQ(HrefsOf("<a href=ok.html><a href=cut.html"), (Hrefs{"ok.html"}));
  EXPECT_EQ(HrefsOf("<a href=ok.html><a href=\"never-closed.html>x</a><a href=y>"),
            (Hrefs{"ok.html"}));
  EXPECT_EQ(HrefsOf("<a href=ok.html><a"), (Hrefs{"ok.html"}));
  EXPECT_EQ(HrefsOf("<a href=ok.html><"), (Hrefs{"ok.html"}));
  EXPECT_EQ(HrefsOf(""), (Hrefs{}));
}

TEST(LinkExtractScanTest, NulBytesAreTextAsInHtml) {
  // HTML ignores a NUL in text (a parse error) and goes on; so does the scanner (and Gumbo).
  constexpr char kHtml[] = "<a href=one.html>\0<a href=two.html>";
  const std::string html(kHtml, sizeof kHtml - 1);
  EXPECT_EQ(HrefsOf(html), (Hrefs{"one.html", "two.html"}));
}

TEST(LinkExtractScanTest, OnlyNavigationElementsGiveLinks) {
  EXPECT_EQ(HrefsOf(R"(<img src=i.png><script src=s.js></script><link href=c.css rel=stylesheet>
                       <form action=f.do></form><embed src=e.swf><frame src=frame.html>
                       <iframe src=iframe.html></iframe><a name=anchor>no href</a>)"),
            (Hrefs{"frame.html", "iframe.html"}));
}

// ---- 2. Character references --------------------------------------------------------------

TEST(LinkExtractScanTest, CharacterReferencesInHrefsAreDecoded) {
  EXPECT_EQ(HrefsOf("<a href=\"list.jsp?a=1&amp;b=2&#38;c=3&#x26;d=4&#X26;e\">"),
            (Hrefs{"list.jsp?a=1&b=2&c=3&d=4&e"}));
  EXPECT_EQ(HrefsOf("<a href='x&nbsp;y&lt;z'>"), (Hrefs{"x\xC2\xA0y<z"}));
  EXPECT_EQ(HrefsOf("<a href=a&#20013;&#x6587;>"), (Hrefs{"a\xE4\xB8\xAD\xE6\x96\x87"}));  // 中文
}

TEST(LinkExtractScanTest, UndecodableReferencesAreKeptAsWritten) {
  EXPECT_EQ(DecodeCharacterReferences("a&foo;b"), "a&foo;b");
  EXPECT_EQ(DecodeCharacterReferences("?a=1&amp"), "?a=1&amp");        // no ";"
  EXPECT_EQ(DecodeCharacterReferences("?a=1&copy=2"), "?a=1&copy=2");  // no ";"
  EXPECT_EQ(DecodeCharacterReferences("&#x110000;&#0;&#xD800;"), "&#x110000;&#0;&#xD800;");
  EXPECT_EQ(DecodeCharacterReferences("&#99999999999;&#;&#x;&"), "&#99999999999;&#;&#x;&");
  EXPECT_EQ(DecodeCharacterReferences("&amp;amp;"), "&amp;");  // decoded once
  EXPECT_EQ(DecodeCharacterReferences("&#x10FFFF;"), "\xF4\x8F\xBF\xBF");
  EXPECT_EQ(DecodeCharacterReferences("&eacute;&#233;"), "\xC3\xA9\xC3\xA9");
}

// ---- 3. <base> and robots -----------------------------------------------------------------

TEST(LinkExtractScanTest, TheFirstBaseWithAnHrefWins) {
  const ScannedLinks links = ScanLinks(
      "<base target=_blank><base href='http://a.cn/x/?p=1&amp;q'><base href=http://b.cn/>"
      "<a href=y.html>");
  EXPECT_EQ(links.base, "http://a.cn/x/?p=1&q");
  EXPECT_EQ(links.hrefs, (Hrefs{"y.html"}));
  EXPECT_EQ(ScanLinks("<a href=y.html>").base, "");
}

TEST(LinkExtractScanTest, RobotsNofollow) {
  EXPECT_TRUE(ScanLinks(R"(<META NAME="ROBOTS" CONTENT="noindex, NOFOLLOW">)").nofollow);
  EXPECT_TRUE(ScanLinks(R"(<meta content="none" name=robots>)").nofollow);
  EXPECT_FALSE(ScanLinks(R"(<meta name="robots" content="index, follow">)").nofollow);
  EXPECT_FALSE(ScanLinks(R"(<meta name="googlebot" content="nofollow">)").nofollow);
  EXPECT_FALSE(ScanLinks(R"(<!-- <meta name="robots" content="nofollow"> -->)").nofollow);
}

// ---- 4. LinkResolver ----------------------------------------------------------------------

CanonicalUrl Url(std::string_view spec) {
  CanonicalUrl url;
  EXPECT_TRUE(CanonicalizeUrl(spec, &url).ok()) << spec;
  return url;
}

std::vector<std::string> Specs(const std::vector<CanonicalUrl>& urls) {
  std::vector<std::string> out;
  for (const CanonicalUrl& url : urls) out.push_back(url.spec());
  return out;
}

std::string Resolved(std::string_view base, std::string_view href) {
  CanonicalUrl out;
  EXPECT_TRUE(ResolveUrl(Url(base), href, &out).ok()) << href;
  return out.spec();
}

constexpr std::string_view kPage = "http://www.xx.gov.cn/zfxxgk/ndbg/index.html";

TEST(LinkExtractResolverTest, ResolvesLikeResolveUrlAndSkipsNonHttpLinks) {
  LinkResolver resolver;
  const PageLinks links = resolver.Links(
      Url(kPage),
      R"html(<a href="2023/t1.html">r</a><a href="../zcwj/">z</a><a href="/xxgk/">x</a>
         <a href="//cdn.xx.gov.cn/a.pdf">p</a><a href="HTTPS://Other.CN:443/B?x=1#f">o</a>
         <a href="javascript:void(0)">j</a><a href="mailto:a@b.cn">m</a><a href="#top">t</a>
         <a href="?page=2">q</a>)html");
  const std::vector<std::string> want = {"http://www.xx.gov.cn/zfxxgk/ndbg/2023/t1.html",
                                         "http://www.xx.gov.cn/zfxxgk/zcwj/",
                                         "http://www.xx.gov.cn/xxgk/",
                                         "http://cdn.xx.gov.cn/a.pdf",
                                         "https://other.cn/B?x=1",
                                         std::string(kPage) /* "#top": the page */,
                                         "http://www.xx.gov.cn/zfxxgk/ndbg/index.html?page=2"};
  EXPECT_EQ(Specs(links.fresh), want);
  EXPECT_EQ(links.count, 7u);
  // The same as url_canon's ResolveUrl gives, href by href.
  const char* const hrefs[] = {
      "2023/t1.html", "../zcwj/", "/xxgk/", "//cdn.xx.gov.cn/a.pdf", "HTTPS://Other.CN:443/B?x=1#f",
      "#top",         "?page=2"};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Resolved(kPage, hrefs[i]), want[i]) << i;
}

TEST(LinkExtractResolverTest, FreshOncePerDirectoryAndHref) {
  LinkResolver resolver;
  const std::string nav = "<a href=a.html>a</a><a href=/root.html>r</a><a href=a.html>again</a>";
  PageLinks first = resolver.Links(Url("http://h.cn/d/index.html"), nav);
  EXPECT_EQ(Specs(first.fresh),
            (std::vector<std::string>{"http://h.cn/d/a.html", "http://h.cn/root.html"}));
  EXPECT_EQ(first.count, 3u);
  // Another page in the same directory: nothing new, repeats still counted.
  PageLinks second = resolver.Links(Url("http://h.cn/d/index_1.html?x=1"), nav);
  EXPECT_EQ(Specs(second.fresh), (std::vector<std::string>{}));
  EXPECT_EQ(second.count, 3u);
  // Another directory: the same relative href is another URL; the root-relative one is not.
  PageLinks other = resolver.Links(Url("http://h.cn/e/index.html"), nav);
  EXPECT_EQ(Specs(other.fresh), (std::vector<std::string>{"http://h.cn/e/a.html"}));
  EXPECT_EQ(other.count, 3u);
  // Another host: the root-relative href is new there.
  PageLinks host = resolver.Links(Url("http://g.cn/d/index.html"), nav);
  EXPECT_EQ(Specs(host.fresh),
            (std::vector<std::string>{"http://g.cn/d/a.html", "http://g.cn/root.html"}));
  // A query-only href depends on the whole page URL.
  PageLinks q1 = resolver.Links(Url("http://h.cn/d/index.html"), "<a href=?p=2>");
  PageLinks q2 = resolver.Links(Url("http://h.cn/d/list.html"), "<a href=?p=2>");
  EXPECT_EQ(Specs(q1.fresh), (std::vector<std::string>{"http://h.cn/d/index.html?p=2"}));
  EXPECT_EQ(Specs(q2.fresh), (std::vector<std::string>{"http://h.cn/d/list.html?p=2"}));
}

TEST(LinkExtractResolverTest, BaseHrefDecidesResolution) {
  LinkResolver resolver;
  PageLinks links = resolver.Links(Url("http://h.cn/d/e/index.html"),
                                   "<base href=../base/><base href=http://x.cn/><a href=a.html>");
  EXPECT_EQ(Specs(links.fresh), (std::vector<std::string>{"http://h.cn/d/base/a.html"}));
  // A base that is not an http(s) URL is ignored.
  links =
      resolver.Links(Url("http://h.cn/f/index.html"), "<base href='javascript:x'><a href=a.html>");
  EXPECT_EQ(Specs(links.fresh), (std::vector<std::string>{"http://h.cn/f/a.html"}));
}

TEST(LinkExtractResolverTest, NofollowPageGivesNoLinks) {
  LinkResolver resolver;
  PageLinks links = resolver.Links(
      Url(kPage), R"(<meta name=ROBOTS content="noindex, NOFOLLOW"><a href=a.html>)");
  EXPECT_TRUE(links.fresh.empty());
  EXPECT_EQ(links.count, 0u);
  links = resolver.Links(Url(kPage), R"(<meta name=robots content=none><a href=a.html>)");
  EXPECT_TRUE(links.fresh.empty());
  links = resolver.Links(Url(kPage), R"(<meta name=googlebot content=nofollow><a href=a.html>)");
  EXPECT_EQ(links.fresh.size(), 1u);
}

TEST(LinkExtractResolverTest, FullMemoryStartsAfreshAndGivesLinksAgain) {
  // The memory is cleared between pages, when the next page could overflow it: a page never
  // gives a link twice, and the memory holds at most the limit or one page's links.
  LinkResolver resolver(/*max_remembered=*/2);
  const std::string html = "<a href=a.html><a href=b.html><a href=c.html><a href=a.html>";
  PageLinks first = resolver.Links(Url("http://h.cn/d/index.html"), html);
  EXPECT_EQ(first.fresh.size(), 3u);
  EXPECT_EQ(first.count, 4u);
  EXPECT_LE(resolver.remembered(), 3u);
  PageLinks second = resolver.Links(Url("http://h.cn/d/index.html"), html);
  EXPECT_EQ(second.fresh.size(), 3u);
  EXPECT_EQ(second.count, 4u);
  EXPECT_LE(resolver.remembered(), 3u);
  // With room for all of them, the second visit gives nothing new.
  LinkResolver roomy(/*max_remembered=*/10);
  roomy.Links(Url("http://h.cn/d/index.html"), html);
  EXPECT_TRUE(roomy.Links(Url("http://h.cn/d/index.html"), html).fresh.empty());
}

// ---- 5. Differential test against Gumbo ---------------------------------------------------

Hrefs GumboHrefs(std::string_view html) { return GumboAnchorHrefs(html); }

// <a>/<area> hrefs of `html`, comparable, sorted (a multiset).
Hrefs Sorted(const Hrefs& hrefs) {
  Hrefs out;
  for (const std::string& href : hrefs) out.push_back(ComparableHref(href));
  std::sort(out.begin(), out.end());
  return out;
}

// ScanLinks also gives frame/iframe src; Gumbo's side collects only a/area, so documents fed
// to the comparison must hold neither (checked).
Hrefs ScannerAnchorHrefs(std::string_view html) { return Sorted(ScanLinks(html).hrefs); }

void ExpectSameAsGumbo(std::string_view html, const std::string& what) {
  const Hrefs scanner = ScannerAnchorHrefs(html);
  const Hrefs gumbo = Sorted(GumboHrefs(html));
  if (scanner == gumbo) return;
  // Tree construction may clone an <a> (the adoption agency, reconstructing formatting
  // elements): then only the sets must agree.
  const std::set<std::string> scanner_set(scanner.begin(), scanner.end());
  const std::set<std::string> gumbo_set(gumbo.begin(), gumbo.end());
  EXPECT_TRUE(scanner_set == gumbo_set && gumbo.size() > scanner.size())
      << what << ": scanner found " << scanner.size() << " hrefs, Gumbo " << gumbo.size();
  std::vector<std::string> only_scanner, only_gumbo;
  std::set_difference(scanner_set.begin(), scanner_set.end(), gumbo_set.begin(), gumbo_set.end(),
                      std::back_inserter(only_scanner));
  std::set_difference(gumbo_set.begin(), gumbo_set.end(), scanner_set.begin(), scanner_set.end(),
                      std::back_inserter(only_gumbo));
  for (const std::string& h : only_scanner) ADD_FAILURE() << what << ": only scanner: " << h;
  for (const std::string& h : only_gumbo) ADD_FAILURE() << what << ": only Gumbo: " << h;
}

bool HasFrames(std::string_view html) {
  std::string lower(html);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("<frame") != std::string::npos || lower.find("<iframe") != std::string::npos;
}

TEST(LinkExtractGumboTest, FixturePagesGiveTheSameHrefsAsGumbo) {
  const std::filesystem::path root =
      std::filesystem::path(XXGK_SOURCE_DIR) / "tests" / "extract" / "formats";
  size_t files = 0, hrefs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".html" && ext != ".htm")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string html = bytes.str();
    if (HasFrames(html)) continue;  // src of frames is a link only to the scanner
    ++files;
    hrefs += ScanLinks(html).hrefs.size();
    ExpectSameAsGumbo(html, entry.path().string());
  }
  EXPECT_GE(files, 20u);  // the fixtures are there
  EXPECT_GT(hrefs, 0u);   // and some of them have links
}

TEST(LinkExtractGumboTest, TrickyDocumentsGiveTheSameHrefsAsGumbo) {
  static constexpr char kNuls[] = "<a href=n1>\0<a href=n2>\0<a href=\"n\0\x33\">";
  const std::vector<std::string> documents = {
      "<a href=/zfxxgk/>a</a><a href=/ndbg/>b</a><a href=x/>c</a>",
      "<a href=/\xD5\xFE\xB8\xAE/a.html>\xD5\xFE</a><a href='\xB8\xAE'>b</a><a href=b.html>b</a>",
      "<A HREF=UP.html>x</A><Area HrEf=map.html><a href=1 href=2>d</a>",
      R"(<a title="a>b" href="q1">x</a><a onclick='a>b' href=q2>y</a><a title=a>b href=no>)",
      "<!-- <a href=c1> --><!--><a href=c2><!---><a href=c3><!-- x --!><a href=c4>",
      "<!-- a -- b <a href=c5> --><a href=c6><!DOCTYPE html><?xml x?><a href=c7>",
      "</ <a href=bogus>x<a href=real></p title='<a href=no>'><a href=yes>",
      "<![CDATA[ <a href=cdata> ]]><a href=after-cdata>",
      "<script>x('<a href=s1>')</SCRIPT ><a href=s2><style>a{}</style foo><a href=s3>",
      "<script></scriptx><a href=s4></script><a href=s5>",
      "<textarea><a href=t1></textarea><title><a href=t2></title><a href=t3>",
      "<xmp><a href=x1></xmp><noembed><a href=x2></noembed><noframes><a href=x3></noframes>",
      "<a href=p1><plaintext><a href=p2></plaintext>",
      "<a href=e1><a href=\"never-closed>x</a><a href=y>",
      "<a href=e2><a href=cut",
      std::string(kNuls, sizeof kNuls - 1),
      "<a href=\"a&amp;b&#38;c&#x26;d&nbsp;e&lt;f&#20013;\">r</a><a href='?x=1&copy=2'>",
      "<a href='a&foo;b'>u</a><a href='&eacute;&#233;'>v</a>",
      "<img src=i><script src=s.js></script><link href=c.css><form action=f></form>",
      "<a href=\"line\r\nbreak\">x</a><a href=\"cr\rx\">",
      // Tree construction: <a> in <a>, in <p>, across a table (foster parenting).
      "<a href=n1><a href=n2><p><a href=n3><b>x</a>y</b></p>",
      "<p><a href=m1>x<p>y</a><div><a href=m2>z</div></a>",
      "<table><a href=f1><tr><td><a href=f2>c</a></td></tr></table>",
      "<html><head><a href=h1></head><body><a href=h2></body></html><a href=h3>",
      "<head><noscript><a href=ns1></noscript></head><noscript><a href=ns2></noscript>",
  };
  for (const std::string& html : documents) {
    ASSERT_FALSE(HasFrames(html)) << html;
    ExpectSameAsGumbo(html, "inline document " + html);
  }
}

// The differential test can fail: a scanner that saw no raw text would disagree with Gumbo.
TEST(LinkExtractGumboTest, ComparisonDetectsADifference) {
  EXPECT_NE(ScannerAnchorHrefs("<a href=a>"), Sorted(GumboHrefs("<title><a href=a></title>")));
  EXPECT_EQ(Sorted(GumboHrefs("<p><a href=\"x&amp;y\">")), (Hrefs{"x&y"}));
}

}  // namespace
}  // namespace xxgk::crawl
