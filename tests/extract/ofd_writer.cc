// A minimal OFD package writer for tests. See ofd_writer.h.
#include "tests/extract/ofd_writer.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "tests/extract/docx_writer.h"

namespace xxgk::testing {
namespace {

constexpr const char* kNs = "http://www.ofdspec.org/2016";
constexpr double kLineHeight = 1.6;  // × font size
constexpr double kMargin = 20;       // mm
constexpr size_t kLinesPerPage = 40;

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", v);
  return buffer;
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Width in ems: ASCII half an em, everything else one.
double Ems(std::string_view s) {
  double ems = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) == 0x80) continue;
    ems += b < 0x80 ? 0.5 : 1.0;
  }
  return ems;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string_view::npos; start = at + 1) {
    out.emplace_back(s.substr(start, at - start));
  }
  out.emplace_back(s.substr(start));
  return out;
}

// The per-glyph advances of `text` at `size` (ASCII half an em) unless `advance` is given.
std::string DeltaX(const OfdTextItem& t) {
  std::vector<double> advances;
  for (size_t i = 0; i < t.text.size(); ++i) {
    const auto b = static_cast<unsigned char>(t.text[i]);
    if ((b & 0xC0) == 0x80) continue;
    advances.push_back(t.advance > 0 ? t.advance : (b < 0x80 ? t.size / 2 : t.size));
  }
  if (!advances.empty()) advances.pop_back();  // no advance after the last glyph
  if (advances.empty()) return "";
  if (t.compress && std::all_of(advances.begin(), advances.end(),
                                [&](double a) { return a == advances[0]; })) {
    return "g " + std::to_string(advances.size()) + " " + Num(advances[0]);
  }
  std::string out;
  for (double a : advances) out += (out.empty() ? "" : " ") + Num(a);
  return out;
}

}  // namespace

std::string OfdContentXml(const OfdPage& page) {
  std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"") + kNs +
                    "\"><ofd:Area><ofd:PhysicalBox>0 0 " + Num(page.width) + " " + Num(page.height) +
                    "</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID=\"1\">\n";
  int id = 10;
  for (const OfdTextItem& t : page.texts) {
    const double width = std::max(Ems(t.text) * t.size, t.size);
    xml += "<ofd:TextObject ID=\"" + std::to_string(id++) + "\" Boundary=\"" + Num(t.x) + " " +
           Num(t.y) + " " + Num(width) + " " + Num(t.size * 1.2) + "\" Font=\"1\" Size=\"" +
           Num(t.size) + "\"><ofd:TextCode X=\"0\" Y=\"" + Num(t.size) + "\"";
    const std::string dx = DeltaX(t);
    if (!dx.empty()) xml += " DeltaX=\"" + dx + "\"";
    xml += ">" + Escape(t.text) + "</ofd:TextCode></ofd:TextObject>\n";
  }
  for (const OfdStroke& s : page.strokes) {
    const double x = std::min(s.x0, s.x1), y = std::min(s.y0, s.y1);
    xml += "<ofd:PathObject ID=\"" + std::to_string(id++) + "\" Boundary=\"" + Num(x) + " " + Num(y) +
           " " + Num(std::max(std::abs(s.x1 - s.x0), 0.1)) + " " + Num(std::max(std::abs(s.y1 - s.y0), 0.1)) +
           "\" LineWidth=\"0.25\"><ofd:AbbreviatedData>M " + Num(s.x0 - x) + " " + Num(s.y0 - y) + " L " +
           Num(s.x1 - x) + " " + Num(s.y1 - y) + "</ofd:AbbreviatedData></ofd:PathObject>\n";
  }
  xml += "</ofd:Layer></ofd:Content></ofd:Page>\n";
  return xml;
}

std::string OfdFromContents(const std::vector<std::string>& contents, double page_height,
                            int level) {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("OFD.xml",
                     std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD xmlns:ofd=\"") + kNs +
                         "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>"
                         "0</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                         "</ofd:DocBody></ofd:OFD>\n");
  std::string document = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document xmlns:ofd=\"") +
                         kNs + "\"><ofd:CommonData><ofd:MaxUnitID>1000</ofd:MaxUnitID><ofd:PageArea>"
                               "<ofd:PhysicalBox>0 0 210 " + Num(page_height) +
                         "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>";
  for (size_t i = 0; i < contents.size(); ++i) {
    const std::string dir = "Pages/Page_" + std::to_string(i) + "/Content.xml";
    document += "<ofd:Page ID=\"" + std::to_string(i + 1) + "\" BaseLoc=\"" + dir + "\"/>";
    files.emplace_back("Doc_0/" + dir, contents[i]);
  }
  document += "</ofd:Pages></ofd:Document>\n";
  files.insert(files.begin() + 1, {"Doc_0/Document.xml", document});
  return MakeZip(files, level);
}

std::string MakeOfd(const std::vector<OfdPage>& pages) {
  std::vector<std::string> contents;
  for (const OfdPage& p : pages) contents.push_back(OfdContentXml(p));
  return OfdFromContents(contents, pages.empty() ? 297 : pages.front().height);
}

std::string MakeTextOfd(std::string_view text, bool ruled, double size) {
  const std::vector<std::string> lines = Split(text, '\n');
  std::vector<OfdPage> pages(1);
  const double step = size * kLineHeight;
  size_t on_page = 0;
  auto next_line = [&]() {
    if (++on_page >= kLinesPerPage) {
      pages.emplace_back();
      on_page = 0;
    }
  };
  auto y_now = [&] { return kMargin + static_cast<double>(on_page) * step; };
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].find('\t') == std::string::npos || !ruled) {
      const std::vector<std::string> cells = Split(lines[i], '\t');
      double x = kMargin;
      for (const std::string& cell : cells) {
        if (!cell.empty()) pages.back().texts.push_back(OfdTextItem{x, y_now(), cell, size});
        x += (Ems(cell) + 3) * size;
      }
      next_line();
      ++i;
      continue;
    }
    // A ruled table: the run of tab lines, columns as wide as their widest cell plus an em.
    size_t end = i;
    while (end < lines.size() && lines[end].find('\t') != std::string::npos) ++end;
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;
    for (size_t k = i; k < end; ++k) {
      rows.push_back(Split(lines[k], '\t'));
      if (widths.size() < rows.back().size()) widths.resize(rows.back().size(), 0);
      for (size_t c = 0; c < rows.back().size(); ++c) {
        widths[c] = std::max(widths[c], (Ems(rows.back()[c]) + 1) * size);
      }
    }
    std::vector<double> xs = {kMargin};
    for (double w : widths) xs.push_back(xs.back() + w);
    for (const auto& row : rows) {
      OfdPage& page = pages.back();
      const double top = y_now() - size * 0.3;
      const double bottom = top + step;
      page.strokes.push_back({xs.front(), top, xs.back(), top});
      page.strokes.push_back({xs.front(), bottom, xs.back(), bottom});
      for (double x : xs) page.strokes.push_back({x, top, x, bottom});
      for (size_t c = 0; c < row.size(); ++c) {
        if (!row[c].empty()) page.texts.push_back(OfdTextItem{xs[c] + size / 2, y_now(), row[c], size});
      }
      next_line();
    }
    i = end;
  }
  double width = 210;
  for (const OfdPage& p : pages) {
    for (const OfdTextItem& t : p.texts) width = std::max(width, t.x + Ems(t.text) * t.size + kMargin);
  }
  for (OfdPage& p : pages) p.width = width;
  return MakeOfd(pages);
}

}  // namespace xxgk::testing
