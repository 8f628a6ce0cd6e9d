// PDF writer for tests: see pdf_writer.h.
#include "tests/extract/pdf_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

namespace xxgk::testing {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}



// The code points of UTF-8 `s` (no validation: the writer's input is the test's own text).
std::vector<uint32_t> CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0xFFu >> (len + 1));
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    parts.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string Hex4(uint32_t v) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04X", static_cast<unsigned>(v & 0xFFFFu));
  return buffer;
}

// The ToUnicode CMap of a font whose CID i + 1 is `chars[i]` (BMP characters: UTF-16 = code).
std::string ToUnicodeCMap(const std::vector<uint32_t>& chars) {
  std::string map =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
      "1 begincodespacerange <0000> <FFFF> endcodespacerange\n";
  for (size_t start = 0; start < chars.size(); start += 100) {
    const size_t n = std::min<size_t>(100, chars.size() - start);
    map += std::to_string(n) + " beginbfchar\n";
    for (size_t i = start; i < start + n; ++i) {
      map += "<" + Hex4(static_cast<uint32_t>(i + 1)) + "> <" + Hex4(chars[i]) + ">\n";
    }
    map += "endbfchar\n";
  }
  map += "endcmap CMapName currentdict /CMap defineresource pop end end\n";
  return map;
}

}  // namespace

std::string AssemblePdf(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R " +
         trailer_extra + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::vector<Stroke> Grid(const std::vector<double>& xs, const std::vector<double>& ys) {
  std::vector<Stroke> lines;
  for (const double x : xs) lines.push_back({x, ys.front(), x, ys.back()});
  for (const double y : ys) lines.push_back({xs.front(), y, xs.back(), y});
  return lines;
}

std::string MakePdf(const std::vector<Page>& pages, const std::string& trailer_extra,
                    const std::vector<std::string>& extra_objects, const std::string& page_extra) {
  std::vector<std::string> objects;
  std::string kids;
  for (size_t i = 0; i < pages.size(); ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " +
                    std::to_string(pages.size()) + " >>");
  objects.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    std::string content;
    for (const Item& item : pages[i].items) {
      char position[96];
      std::snprintf(position, sizeof position,
                    item.turned ? "%.2f Tc 0 1 -1 0 %.2f %.2f Tm" : "%.2f Tc %.2f %.2f Td",
                    item.spacing, item.x, item.y);
      content += "BT /F1 " + std::to_string(item.size) + " Tf " + std::string(position) +
                 " (" + Escape(item.text) +
                 ") Tj ET\n";
    }
    for (const Stroke& line : pages[i].strokes) {
      char path[128];
      std::snprintf(path, sizeof path, "0.5 w %.2f %.2f m %.2f %.2f l S\n", line.x0, line.y0,
                    line.x1, line.y1);
      content += path;
    }
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + page_extra +
                      " /Resources << /Font << /F1 3 0 R >> >> /Contents " +
                      std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
  }
  for (const std::string& o : extra_objects) objects.push_back(o);

  return AssemblePdf(objects, trailer_extra);
}

std::string MakeTextPdf(std::string_view text, int size, std::string_view font) {
  // Where each word goes, in ems from the line's start (every glyph advances one em); CIDs are
  // numbered by first use.
  struct Word {
    double x;
    std::string cids;  // hex, four digits per glyph
  };
  std::map<uint32_t, uint32_t> cid_of;
  std::vector<uint32_t> chars;
  std::vector<std::vector<Word>> lines;
  double widest = 1;
  for (const std::string& line : SplitOn(text, '\n')) {
    std::vector<Word> words_at;
    double x = 0;
    const std::vector<std::string> cells = SplitOn(line, '\t');
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) x += 3;
      const std::vector<std::string> words = SplitOn(cells[c], ' ');
      for (size_t w = 0; w < words.size(); ++w) {
        if (w > 0) x += 0.5;
        if (words[w].empty()) continue;
        Word word{x, ""};
        for (const uint32_t cp : CodePoints(words[w])) {
          auto [it, added] = cid_of.emplace(cp, static_cast<uint32_t>(chars.size() + 1));
          if (added) chars.push_back(cp);
          word.cids += Hex4(it->second);
          x += 1;
        }
        words_at.push_back(std::move(word));
      }
    }
    widest = std::max(widest, x);
    lines.push_back(std::move(words_at));
  }
  const double em = size, leading = size * 1.6, margin = 36;
  const double width = margin * 2 + widest * em, height = 792;
  const size_t lines_per_page =
      std::max<size_t>(1, static_cast<size_t>((height - 2 * margin) / leading));
  const size_t pages = std::max<size_t>(1, (lines.size() + lines_per_page - 1) / lines_per_page);

  // 1 catalog, 2 pages, 3 Type0 font, 4 CID font, 5 descriptor, 6 ToUnicode, then page+content.
  std::vector<std::string> objects;
  std::string kids;
  for (size_t i = 0; i < pages; ++i) kids += std::to_string(7 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  const std::string name(font);
  objects.push_back("<< /Type /Font /Subtype /Type0 /BaseFont /" + name +
                    " /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>");
  objects.push_back("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + name +
                    " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                    "/FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>");
  objects.push_back("<< /Type /FontDescriptor /FontName /" + name +
                    " /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0 /Ascent 860 "
                    "/Descent -140 /CapHeight 700 /StemV 80 >>");
  const std::string cmap = ToUnicodeCMap(chars);
  objects.push_back("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap +
                    "endstream");
  char media[96];
  std::snprintf(media, sizeof media, "[0 0 %.0f %.0f]", width, height);
  for (size_t p = 0; p < pages; ++p) {
    std::string content;
    for (size_t l = p * lines_per_page; l < std::min(lines.size(), (p + 1) * lines_per_page); ++l) {
      const double y = height - margin - static_cast<double>(l - p * lines_per_page) * leading;
      for (const Word& word : lines[l]) {
        char position[64];
        std::snprintf(position, sizeof position, "BT /F1 %d Tf %.2f %.2f Td <", size,
                      margin + word.x * em, y);
        content += position + word.cids + "> Tj ET\n";
      }
    }
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox " + std::string(media) +
                      " /Resources << /Font << /F1 3 0 R >> >> /Contents " +
                      std::to_string(8 + 2 * p) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" +
                      content + "endstream");
  }
  return AssemblePdf(objects, "");
}

}  // namespace xxgk::testing
