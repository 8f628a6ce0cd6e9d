// Format sniffing: content decides (magic bytes, markup), then Content-Type, then extension;
// hints never override decisive content.
#include "extract/text/format_sniff.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace xxgk::extract {
namespace {

namespace fs = std::filesystem;

// A zip archive holding `names` (each with a little content), written with libzip.
std::string MakeZip(const std::vector<std::string>& names) {
  const fs::path path = fs::temp_directory_path() / ("xxgk_sniff_" + std::to_string(::getpid()) +
                                                     "_" + std::to_string(names.size()) + ".zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  static const char kContent[] = "<?xml version=\"1.0\"?><x/>";
  for (const std::string& name : names) {
    zip_source_t* source = zip_source_buffer(archive, kContent, sizeof kContent - 1, 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  fs::remove(path);
  return bytes.str();
}

SniffedFormat Sniff(std::string_view bytes, std::string_view type = "",
                    std::string_view name = "") {
  return SniffFormat(bytes, FormatHints{type, name});
}

TEST(FormatSniff, MagicBytesDecideWhateverTheHintsSay) {
  const SniffedFormat pdf = Sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "text/html", "a.html");
  EXPECT_EQ(pdf.format, DocumentFormat::kPdf);
  EXPECT_EQ(pdf.evidence, FormatEvidence::kContent);
  EXPECT_EQ(Sniff(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0'), "",
                  "report.docx")
                .format,
            DocumentFormat::kDoc);
  EXPECT_EQ(Sniff("{\\rtf1\\ansi 报告}").format, DocumentFormat::kRtf);
  EXPECT_EQ(Sniff("\x89PNG\r\n\x1A\n\0\0\0\rIHDR").format, DocumentFormat::kImage);
  EXPECT_EQ(Sniff("\xFF\xD8\xFF\xE0").format, DocumentFormat::kImage);
}

TEST(FormatSniff, ZipArchivesAreToldApartByTheirCentralDirectory) {
  const std::string docx = MakeZip({"[Content_Types].xml", "word/document.xml", "word/styles.xml"});
  EXPECT_EQ(Sniff(docx, "application/octet-stream", "x.doc").format, DocumentFormat::kDocx);
  EXPECT_EQ(Sniff(MakeZip({"OFD.xml", "Doc_0/Document.xml"})).format, DocumentFormat::kOfd);
  EXPECT_EQ(Sniff(MakeZip({"xl/workbook.xml"}), "", "a.docx").format, DocumentFormat::kZip);
  // Truncated: no central directory, but the local headers still name word/document.xml.
  ASSERT_GT(docx.size(), 120u);
  const std::string truncated = docx.substr(0, docx.find("word/document.xml") + 40);
  EXPECT_EQ(Sniff(truncated).format, DocumentFormat::kDocx);
}

TEST(FormatSniff, LeadingMarkupIsHtml) {
  for (std::string_view html :
       {"<!DOCTYPE html><html>", "\xEF\xBB\xBF  \r\n<html lang=zh>", "<!-- TRS -->\n<meta>",
        "<?xml version=\"1.0\" encoding=\"gb2312\"?>\n<!DOCTYPE html PUBLIC>\n<html xmlns=x>",
        "<TABLE width=100%>", "<p>报告</p>", "<!doctype HTML>", "\n\n<script>var a=1;</script>",
        "<div\nclass=x>"}) {
    EXPECT_TRUE(LooksLikeHtml(html)) << html;
    EXPECT_EQ(Sniff(html, "text/plain", "a.txt").format, DocumentFormat::kHtml) << html;
  }
  for (std::string_view text : {"报告正文 <html>", "<abc>", "<pre", "<?xml version='1.0'?><root/>",
                                "<b", "<bx>", "<a_b>"}) {
    EXPECT_FALSE(LooksLikeHtml(text)) << text;
  }
}

TEST(FormatSniff, TextLikeBytesAreTextUnlessTheHintsSayHtml) {
  const std::string gbk_text = "\xB1\xA8\xB8\xE6\xD5\xFD\xCE\xC4 2023\r\n";  // 报告正文 in GBK
  EXPECT_EQ(Sniff(gbk_text).format, DocumentFormat::kText);
  EXPECT_EQ(Sniff("报告\n").evidence, FormatEvidence::kContent);
  const SniffedFormat declared = Sniff("报告 <p>正文</p>", "text/html; charset=utf-8", "a.txt");
  EXPECT_EQ(declared.format, DocumentFormat::kHtml);
  EXPECT_EQ(declared.evidence, FormatEvidence::kContentType);
  const SniffedFormat by_name = Sniff("报告 <p>正文</p>", "", "/2024/01/t20240129_1.shtml?x=1");
  EXPECT_EQ(by_name.format, DocumentFormat::kHtml);
  EXPECT_EQ(by_name.evidence, FormatEvidence::kExtension);
  // A text file named .pdf or declared PDF is still text: a PDF starts with %PDF-.
  EXPECT_EQ(Sniff("报告\n", "application/pdf", "a.pdf").format, DocumentFormat::kText);
  EXPECT_EQ(Sniff("\xFF\xFE" + std::string("a\0b\0", 4)).format, DocumentFormat::kText);
  EXPECT_EQ(Sniff("").format, DocumentFormat::kText);
}

TEST(FormatSniff, UnknownBinaryFallsBackToTheHintsThenToUnknown) {
  std::string binary(2048, '\0');
  std::mt19937 rng(1);
  for (char& c : binary) c = static_cast<char>(rng());
  binary[0] = 'x';
  binary[5] = '\0';
  EXPECT_EQ(Sniff(binary).format, DocumentFormat::kUnknown);
  EXPECT_EQ(Sniff(binary, "application/pdf").format, DocumentFormat::kPdf);
  EXPECT_EQ(Sniff(binary, "application/pdf").evidence, FormatEvidence::kContentType);
  EXPECT_EQ(Sniff(binary, "", "P020240129.PDF").format, DocumentFormat::kPdf);
  EXPECT_EQ(Sniff(binary, "", "P020240129.PDF").evidence, FormatEvidence::kExtension);
  EXPECT_EQ(Sniff(binary, "", "x.wps").format, DocumentFormat::kDoc);
  // Binary content is never HTML or text because a hint says so.
  EXPECT_EQ(Sniff(binary, "text/html", "a.html").format, DocumentFormat::kUnknown);
}

TEST(FormatSniff, NamesAreStable) {
  EXPECT_EQ(FormatName(DocumentFormat::kDocx), "docx");
  EXPECT_EQ(FormatName(DocumentFormat::kHtml), "html");
  EXPECT_EQ(EvidenceName(FormatEvidence::kContentType), "content_type");
}

}  // namespace
}  // namespace xxgk::extract
