// PDF writer for tests: see pdf_writer.h.
#include "tests/extract/pdf_writer.h"

#include <cstdio>

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

}  // namespace

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

}  // namespace xxgk::testing
