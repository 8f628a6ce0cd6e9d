// HTML fixtures in the shapes county portals really use (tests/extract/formats/): each NAME.html
// must give exactly the hand-written NAME.expected.txt — the report body without the portal's
// chrome, tables one row per line with merged cells in their first row and column — plus the
// expected charset, body container and metadata. The GBK fixtures are made from their
// NAME.utf8.html sources by scripts/make_html_fixtures.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/text/document_text.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;

struct Fixture {
  std::string name;
  std::string charset;
  CharsetSource charset_source;
  std::string body;  // html_body, or "" to skip
  std::optional<std::string> published;
};

class HtmlFixture : public ::testing::TestWithParam<Fixture> {};

TEST_P(HtmlFixture, GivesTheExpectedText) {
  const Fixture& f = GetParam();
  const fs::path dir = fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats";
  const std::string bytes = ReadAll(dir / (f.name + ".html"));
  ASSERT_FALSE(bytes.empty()) << f.name;
  const DocumentText d = ToText(bytes, {"", f.name + ".html"});
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.format, DocumentFormat::kHtml);
  EXPECT_EQ(d.text, ReadAll(dir / (f.name + ".expected.txt")));
  EXPECT_EQ(d.charset, f.charset);
  EXPECT_EQ(d.charset_source, f.charset_source);
  EXPECT_EQ(d.invalid_sequences, 0u);
  if (!f.body.empty()) EXPECT_EQ(d.html_body, f.body);
  EXPECT_EQ(d.published, f.published);
  EXPECT_TRUE(d.title.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    PortalShapes, HtmlFixture,
    ::testing::Values(
        Fixture{"trs_editor", "UTF-8", CharsetSource::kMetaTag, "div.TRS_UEDITOR", "2024-01-29"},
        Fixture{"zoom_hanweb", "UTF-8", CharsetSource::kMetaTag, "div#zoom", "2024-01-16"},
        Fixture{"nested_layout_tables", "UTF-8", CharsetSource::kMetaTag, "density", "2024-01-26"},
        Fixture{"word_export", "UTF-8", CharsetSource::kMetaTag, "word_export", std::nullopt},
        Fixture{"cells_p_span_nbsp", "UTF-8", CharsetSource::kMetaTag, "div.TRS_Editor",
                std::nullopt},
        Fixture{"gbk_meta_gb2312", "GB18030", CharsetSource::kMetaTag, "div#zoom", std::nullopt},
        Fixture{"gbk_undeclared", "GB18030", CharsetSource::kDetected, "div.content+density",
                "2024-01-16"}),
    [](const ::testing::TestParamInfo<Fixture>& info) { return info.param.name; });

TEST(HtmlFixture, GbkFixturesReallyAreGbk) {
  const fs::path dir = fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats";
  for (const char* name : {"gbk_meta_gb2312", "gbk_undeclared"}) {
    const std::string bytes = ReadAll(dir / (std::string(name) + ".html"));
    EXPECT_NE(ReadAll(dir / (std::string(name) + ".utf8.html")), bytes);
    EXPECT_NE(bytes.find("\xD5\xFE\xB8\xAE"), std::string::npos) << name;  // 政府 in GBK
  }
}

}  // namespace
}  // namespace xxgk::extract
