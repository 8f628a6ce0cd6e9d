// libFuzzer target for the PDF path (extract/text/pdf_text.h through ToText, in-process: the
// poppler reader, the page layout and the ruling found by rendering — not the child process
// production reads PDF in, crawler/ingest/isolated_convert.h). The first input byte chooses what
// the input is:
//   - odd: the whole input is the payload (so a PDF file, which starts with '%' = 0x25, is a seed
//     as it is): header, cross-reference table and its repair, object streams, filters, fonts;
//   - even: the rest is the content stream of one page inside a valid PDF whose resources are a
//     Helvetica font (/F1) and a CID font with a ToUnicode map (/F2, CIDs 1–40 are the characters
//     of kCidCharacters), so mutations reach poppler's content-stream interpreter, text output and
//     rendering, and xxgk's layout of the boxes and rules, rather than dying on the xref table.
// With the limits on (the time limit per document, fewer pages and less text than by default),
// every result must satisfy the invariants of fuzz_checks.h.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "extract/text/document_text.h"
#include "tests/extract/pdf_writer.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

// The characters CIDs 1, 2, … of /F2 stand for (UTF-16 = the code: all in the BMP).
constexpr char16_t kCidCharacters[] =
    u"政府信息公开工作年度报告一二三四五六七八九十〇0123456789（）、。：";

std::string Hex4(unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04X", value & 0xFFFFu);
  return buffer;
}

std::string Stream(const std::string& dictionary, const std::string& data) {
  return "<< " + dictionary + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
         "\nendstream";
}

std::string ToUnicode() {
  std::string map =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
      "1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
  const size_t n = sizeof kCidCharacters / sizeof kCidCharacters[0] - 1;
  map += std::to_string(n) + " beginbfchar\n";
  for (size_t i = 0; i < n; ++i) {
    map += "<" + Hex4(static_cast<unsigned>(i + 1)) + "> <" + Hex4(kCidCharacters[i]) + ">\n";
  }
  return map + "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n";
}

// One A4-sized page drawing `content`.
std::string PdfAroundContent(std::string_view content) {
  static const std::string to_unicode = ToUnicode();
  return xxgk::testing::AssemblePdf({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
      "/F2 6 0 R >> >> /Contents 4 0 R >>",
      Stream("", std::string(content)),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
      "/DescendantFonts [7 0 R] /ToUnicode 9 0 R >>",
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry "
      "(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 "
      "/CIDToGIDMap /Identity >>",
      "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] "
      "/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
      Stream("", to_unicode),
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxInputBytes) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  xxgk::extract::DocumentLimits limits;
  limits.max_time = std::chrono::seconds(10);
  limits.pdf.max_pages = 64;
  limits.pdf.max_text_bytes = size_t{1} << 20;
  const std::string payload =
      (data[0] & 1) != 0 ? std::string(input) : PdfAroundContent(input.substr(1));
  xxgk::fuzzing::CheckDocumentText(xxgk::extract::ToText(payload, {"", "report.pdf"}, limits));
  return 0;
}
