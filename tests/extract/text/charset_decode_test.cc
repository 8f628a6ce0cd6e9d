// Charset decoding: the order of evidence (BOM, header, meta, detection), the GB family decoded as
// GB18030, overridden declarations, and replaced sequences counted.
#include "extract/text/charset_decode.h"

#include <gtest/gtest.h>

#include "tests/extract/html_report_writer.h"

namespace xxgk::extract {
namespace {

using testing::EncodeGb18030;

const std::string kChinese =
    "襄垣县人民政府办公室2023年政府信息公开工作年度报告。本年度报告根据《中华人民共和国政府信息公开"
    "条例》"
    "编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。";

TEST(CharsetDecode, ContentTypeParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=GBK"), "GBK");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=\"gb2312\" ; q=1"), "gb2312");
  EXPECT_EQ(CharsetFromContentType("text/html; Charset = utf-8"), "utf-8");
  EXPECT_FALSE(CharsetFromContentType("text/html").has_value());
  EXPECT_FALSE(CharsetFromContentType("text/html; charset=").has_value());
}

TEST(CharsetDecode, MetaPrescan) {
  EXPECT_EQ(PrescanMetaCharset("<html><head><meta charset=\"gb2312\"></head>"), "gb2312");
  EXPECT_EQ(PrescanMetaCharset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                               "charset=GBK\">"),
            "GBK");
  EXPECT_EQ(PrescanMetaCharset("<meta content='text/html; charset=big5' http-equiv=content-type>"),
            "big5");
  EXPECT_EQ(PrescanMetaCharset("<?xml version=\"1.0\" encoding=\"GB18030\"?><html>"), "GB18030");
  // Not a declaration: in a comment, in another tag's attribute, a content without http-equiv.
  EXPECT_FALSE(PrescanMetaCharset("<!-- <meta charset=gbk> --><p>x</p>").has_value());
  EXPECT_FALSE(PrescanMetaCharset("<a title='<meta charset=gbk>'>x</a>").has_value());
  EXPECT_FALSE(PrescanMetaCharset("<meta name=description content='charset=gbk'>").has_value());
  // Beyond the first 4096 bytes.
  EXPECT_FALSE(PrescanMetaCharset(std::string(5000, ' ') + "<meta charset=gbk>").has_value());
}

TEST(CharsetDecode, EveryGbLabelIsGb18030) {
  for (std::string_view label : {"gb2312", "GBK", "x-gbk", "cp936", "GB_2312-80", "windows-936",
                                 "EUC-CN", "csGB2312", "gb18030", " GBK "}) {
    EXPECT_EQ(CanonicalCharset(label), "GB18030") << label;
  }
  EXPECT_EQ(CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset("UTF-8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset("no-such-charset"), "");
  EXPECT_EQ(CanonicalCharset("utf-7"), "");
  // A character outside GB2312 and GBK (U+20000, four bytes in GB18030) decodes under "gb2312".
  const std::string rare = EncodeGb18030("统计\U00020000表");
  const DecodedText d = DecodeToUtf8(rare, {"text/plain; charset=gb2312", false});
  EXPECT_EQ(d.utf8, "统计\U00020000表");
  EXPECT_EQ(d.invalid_sequences, 0u);
}

TEST(CharsetDecode, HeaderThenMetaThenDetection) {
  const std::string gbk = EncodeGb18030(kChinese);
  const DecodedText header = DecodeToUtf8(gbk, {"text/html; charset=gbk", true});
  EXPECT_EQ(header.utf8, kChinese);
  EXPECT_EQ(header.charset, "GB18030");
  EXPECT_EQ(header.source, CharsetSource::kHttpHeader);
  EXPECT_EQ(header.declared, "gbk");

  const std::string page = "<meta charset=gb2312><p>" + gbk + "</p>";
  const DecodedText meta = DecodeToUtf8(page, {"text/html", true});
  EXPECT_EQ(meta.utf8, "<meta charset=gb2312><p>" + kChinese + "</p>");
  EXPECT_EQ(meta.source, CharsetSource::kMetaTag);
  // The meta prescan is for HTML only.
  EXPECT_NE(DecodeToUtf8(page, {"", false}).source, CharsetSource::kMetaTag);
  // A server's default Latin-1 header says nothing: the meta tag decides.
  EXPECT_EQ(DecodeToUtf8(page, {"text/html; charset=ISO-8859-1", true}).source,
            CharsetSource::kMetaTag);

  const DecodedText undeclared = DecodeToUtf8("<p>" + gbk + "</p>", {"", true});
  EXPECT_EQ(undeclared.utf8, "<p>" + kChinese + "</p>");
  EXPECT_EQ(undeclared.charset, "GB18030");
  EXPECT_TRUE(undeclared.source == CharsetSource::kDetected ||
              undeclared.source == CharsetSource::kFallback);
  // Even a short undeclared GBK string (too short for the detector) comes out right.
  EXPECT_EQ(DecodeToUtf8(EncodeGb18030("年度报告"), {}).utf8, "年度报告");

  const DecodedText utf8 = DecodeToUtf8(kChinese, {});
  EXPECT_EQ(utf8.source, CharsetSource::kValidUtf8);
  EXPECT_EQ(utf8.utf8, kChinese);
}

TEST(CharsetDecode, ByteOrderMarkComesFirstAndIsNotCopied) {
  const DecodedText d = DecodeToUtf8("\xEF\xBB\xBF" + kChinese, {"text/html; charset=gbk", true});
  EXPECT_EQ(d.source, CharsetSource::kByteOrderMark);
  EXPECT_EQ(d.utf8, kChinese);
  const DecodedText utf16 = DecodeToUtf8(std::string("\xFF\xFE\x2D\x4E\x87\x65", 6), {});
  EXPECT_EQ(utf16.charset, "UTF-16LE");
  EXPECT_EQ(utf16.utf8, "中文");
}

TEST(CharsetDecode, DeclarationsThatDoNotFitAreOverridden) {
  // Declared gb2312, but the bytes are UTF-8 (a CMS migration left the old meta tag).
  const DecodedText utf8 = DecodeToUtf8("<meta charset=gb2312>" + kChinese, {"", true});
  EXPECT_EQ(utf8.charset, "UTF-8");
  EXPECT_EQ(utf8.source, CharsetSource::kDeclaredMismatch);
  EXPECT_EQ(utf8.declared, "gb2312");
  EXPECT_EQ(utf8.utf8, "<meta charset=gb2312>" + kChinese);
  // Declared UTF-8, but the bytes are GBK.
  const DecodedText gbk = DecodeToUtf8(EncodeGb18030(kChinese), {"text/plain; charset=utf-8"});
  EXPECT_EQ(gbk.charset, "GB18030");
  EXPECT_EQ(gbk.source, CharsetSource::kDeclaredMismatch);
  EXPECT_EQ(gbk.utf8, kChinese);
}

TEST(CharsetDecode, InvalidSequencesAreReplacedAndCounted) {
  // 0x80 is the euro sign in GBK as browsers read it (WHATWG gb18030), not an invalid byte.
  const std::string gbk = EncodeGb18030("年度") + "\xFF" + EncodeGb18030("报告") + "\x80\xFF\x81";
  const DecodedText d = DecodeToUtf8(gbk, {"text/plain; charset=gbk"});
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.invalid_sequences, 3u);
  EXPECT_EQ(d.utf8, "年度\uFFFD报告€\uFFFD\uFFFD");

  const DecodedText bad_utf8 = DecodeToUtf8("abc\xff\xfe\xe4\xb8\n", {});
  EXPECT_EQ(bad_utf8.charset, "UTF-8");
  EXPECT_EQ(bad_utf8.source, CharsetSource::kFallback);
  EXPECT_GE(bad_utf8.invalid_sequences, 2u);
  EXPECT_TRUE(bad_utf8.utf8.starts_with("abc\uFFFD"));
}

TEST(CharsetDecode, NulIsReplacedAndCounted) {
  // UTF-16 with a BOM: "a", U+0000, "b" (found by the HTML fuzz target).
  const DecodedText d = DecodeToUtf8(std::string("\xFE\xFF\0a\0\0\0b", 8), {});
  EXPECT_EQ(d.utf8, "a\uFFFDb");
  EXPECT_EQ(d.invalid_sequences, 1u);
}

TEST(CharsetDecode, RandomBytesAlwaysGiveValidUtf8) {
  uint32_t state = 12345;
  for (int round = 0; round < 500; ++round) {
    std::string bytes(static_cast<size_t>(round * 7 % 3000), '\0');
    for (char& c : bytes) {
      state = state * 1103515245u + 12345u;
      c = static_cast<char>(state >> 16);
    }
    for (bool html : {false, true}) {
      const DecodedText d = DecodeToUtf8(bytes, {round % 2 ? "text/html; charset=gbk" : "", html});
      // ICU's UTF-8 output is well-formed; check a few invariants cheaply.
      EXPECT_EQ(d.utf8.find('\xFF'), std::string::npos);
      EXPECT_EQ(d.utf8.find('\xFE'), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace xxgk::extract
