// HTML report writer (tests only). See html_report_writer.h.
#include "tests/extract/html_report_writer.h"

#include <unicode/ucnv.h>

#include <stdexcept>
#include <vector>

namespace xxgk::testing {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    const size_t next = s.find(sep, pos);
    parts.emplace_back(s.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return parts;
}

std::string CellContent(const std::string& cell, const HtmlStyle& style) {
  if (cell.empty()) {
    if (style.word_cells) {
      return "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
             "style='font-size:10.5pt;mso-bidi-font-size:11.0pt'>&nbsp;<o:p></o:p></span></p>";
    }
    return style.nbsp_blanks ? "&nbsp;" : "";
  }
  std::vector<std::string> words = style.split_labels ? Split(cell, ' ') : std::vector{cell};
  std::string out;
  if (style.word_cells) {
    out +=
        "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
        "<span style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:\"Times New "
        "Roman\";mso-font-kerning:0pt'>";
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) out += "<br>\n";
      out += Escape(words[i]);
    }
    out += "<span lang=EN-US><o:p></o:p></span></span></p>";
    return out;
  }
  if (words.size() == 1) return "<span>" + Escape(words[0]) + "</span>";
  for (const std::string& w : words) out += "<p><span>" + Escape(w) + "</span></p>";
  return out;
}

std::string TableHtml(const std::vector<std::string>& lines, const HtmlStyle& style) {
  std::vector<std::vector<std::string>> rows;
  size_t width = 0;
  for (const std::string& line : lines) {
    rows.push_back(Split(line, '\t'));
    width = std::max(width, rows.back().size());
  }
  // covered[r][c]: the position is covered by a rowspan from above (no <td> written).
  std::vector<std::vector<bool>> covered(rows.size(), std::vector<bool>(width, false));
  std::string out = style.word_cells
                        ? "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                          "style='border-collapse:collapse;mso-table-layout-alt:fixed;"
                          "mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"
                        : "<table border=\"1\" cellspacing=\"0\" width=\"100%\">\n<tbody>\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    size_t last_filled = 0;
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c].empty()) last_filled = c;
    }
    out += style.word_cells ? "<tr style='mso-yfti-irow:" + std::to_string(r) + "'>" : "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      if (covered[r][c]) continue;
      size_t colspan = 1, rowspan = 1;
      if (style.merge_cells && c == last_filled && !row[c].empty() && width > row.size()) {
        colspan = width - c;  // the row's empty tail and the columns it lacks
      } else if (style.merge_cells && c == last_filled && !row[c].empty()) {
        size_t k = c + 1;
        while (k < row.size() && row[k].empty()) ++k;
        if (k == row.size()) colspan = row.size() - c;
      }
      if (style.merge_cells && c == 0 && !row[c].empty() && colspan == 1) {
        size_t below = r + 1;
        while (below < rows.size() && rows[below].size() > 1 && rows[below][0].empty()) {
          covered[below][0] = true;
          ++below;
        }
        rowspan = below - r;
      }
      out += "<td";
      if (style.word_cells)
        out +=
            " width=96 valign=top style='width:72.0pt;border:solid windowtext "
            "1.0pt;mso-border-alt:solid windowtext .5pt'";
      if (colspan > 1) out += " colspan=\"" + std::to_string(colspan) + "\"";
      if (rowspan > 1) out += " rowspan=\"" + std::to_string(rowspan) + "\"";
      out += ">" + CellContent(row[c], style) + "</td>";
      if (colspan > 1) break;  // the span covers the rest of the row
    }
    out += "</tr>\n";
  }
  out += style.word_cells ? "</table>\n" : "</tbody>\n</table>\n";
  return out;
}

// The report as HTML blocks.
std::string BodyHtml(std::string_view text, const HtmlStyle& style) {
  std::vector<std::string> lines = Split(text, '\n');
  std::string out;
  std::vector<std::string> paragraph;
  std::vector<std::string> table;
  const std::string p_open =
      style.word_cells
          ? "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span "
            "style='font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>"
          : "<p>";
  const std::string p_close =
      style.word_cells ? "<span lang=EN-US><o:p></o:p></span></span></p>\n" : "</p>\n";
  auto flush_paragraph = [&] {
    if (paragraph.empty()) return;
    out += p_open;
    for (size_t i = 0; i < paragraph.size(); ++i) {
      if (i > 0) out += "<br>\n";
      out += Escape(paragraph[i]);
    }
    out += p_close;
    paragraph.clear();
  };
  auto flush_table = [&] {
    if (table.empty()) return;
    out += TableHtml(table, style);
    table.clear();
  };
  for (const std::string& line : lines) {
    if (line.find('\t') != std::string::npos) {
      flush_paragraph();
      table.push_back(line);
    } else if (line.find_first_not_of(" \r") == std::string::npos) {
      flush_paragraph();
      flush_table();
    } else {
      flush_table();
      paragraph.push_back(line);
    }
  }
  flush_paragraph();
  flush_table();
  return out;
}

std::string Head(const HtmlStyle& style, std::string_view extra) {
  std::string out = "<!DOCTYPE html>\n<html>\n<head>\n";
  if (!style.charset_label.empty()) out += "<meta charset=\"" + style.charset_label + "\">\n";
  out += "<title>" + Escape(style.title) + "</title>\n";
  out += std::string(extra);
  out += "<style>body{font-size:14px}.nav a{color:#333}</style>\n";
  out += "<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>\n";
  out += "</head>\n";
  return out;
}

const char* kNav =
    "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li>"
    "<li><a href=\"/zfxxgk/\">政府信息公开</a></li><li><a href=\"/hdjl/\">互动交流</a></li>"
    "<li><a href=\"/bsfw/\">办事服务</a></li></ul></div>\n";

std::string TrsPage(const HtmlStyle& style, const std::string& body) {
  std::string out = Head(style, "<meta name=\"PubDate\" content=\"" + style.published +
                                    " 10:33\">\n"
                                    "<meta name=\"ColumnName\" content=\"政府信息公开年报\">\n");
  out += "<body>\n<header class=\"top\"><div class=\"logo\">测试县人民政府</div></header>\n";
  out += kNav;
  out +=
      "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a "
      "href=\"../\">政府信息公开年报</a></div>\n";
  out +=
      "<div class=\"xxgk_table\"><table "
      "class=\"xxgk-info\"><tr><td>索引号：</td><td>11140000MB0000000X/2024-00012</td>"
      "<td>发布机构：</td><td>测试县人民政府办公室</td></tr><tr><td>发布日期：</td><td>" +
      style.published + "</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table></div>\n";
  out += "<h1 class=\"article-title\">" + Escape(style.title) + "</h1>\n";
  out += "<div class=\"view TRS_UEDITOR trs_paper_default trs_web\">\n" + body + "</div>\n";
  out +=
      "<div class=\"bdsharebuttonbox\">分享到：<a class=\"bds_weixin\">微信</a><a "
      "class=\"bds_tsina\">微博</a></div>\n";
  out +=
      "<div class=\"related\"><h3>相关链接</h3><ul><li><a "
      "href=\"1.html\">2022年政府信息公开工作年度报告</a></li></ul></div>\n";
  out +=
      "<footer><p>主办单位：测试县人民政府办公室 地址：测试县府前街1号 电话：0355-1234567</p>"
      "<p>网站标识码：1404230001 晋ICP备00000000号</p></footer>\n</body>\n</html>\n";
  return out;
}

std::string HanwebPage(const HtmlStyle& style, const std::string& body) {
  std::string out =
      Head(style, "<meta name=\"publishdate\" content=\"" + style.published + "\">\n");
  out +=
      "<body>\n<table width=\"1000\" align=\"center\"><tr><td><img src=\"banner.jpg\" "
      "alt=\"\"></td></tr></table>\n";
  out += "<table width=\"1000\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\"><tr>\n";
  out +=
      "<td width=\"220\" valign=\"top\"><table class=\"leftmenu\"><tr><td><a "
      "href=\"/col/col1/\">政府信息公开指南</a></td></tr>"
      "<tr><td><a href=\"/col/col2/\">政府信息公开制度</a></td></tr><tr><td><a "
      "href=\"/col/col3/\">法定主动公开内容</a></td></tr>"
      "<tr><td><a href=\"/col/col4/\">政府信息公开年报</a></td></tr></table></td>\n";
  out +=
      "<td width=\"780\" valign=\"top\">\n<table width=\"100%\"><tr><td class=\"title\" "
      "align=\"center\">" +
      Escape(style.title) + "</td></tr>\n<tr><td align=\"center\">发布时间：" + style.published +
      " &nbsp; 来源：县政府办</td></tr></table>\n";
  out += "<!--ContentStart--><div id=\"zoom\">\n" + body + "</div><!--ContentEnd-->\n";
  out +=
      "<table width=\"100%\"><tr><td align=\"right\">【<a "
      "href=\"javascript:window.print()\">打印本页</a>】"
      "【<a href=\"javascript:window.close()\">关闭窗口</a>】</td></tr>\n"
      "<tr><td>浏览次数：<span id=\"visitcount\">1024</span></td></tr></table>\n";
  out += "</td></tr></table>\n";
  out +=
      "<table width=\"1000\" align=\"center\"><tr><td align=\"center\">版权所有：测试县人民政府 "
      "承办：测试县人民政府办公室 技术支持：大汉网络</td></tr></table>\n</body>\n</html>\n";
  return out;
}

std::string LayoutPage(const HtmlStyle& style, const std::string& body) {
  std::string out = Head(style, "");
  out += "<body>\n<table width=\"100%\"><tr><td>\n";
  out +=
      "<table width=\"980\"><tr><td><a href=\"/\">首页</a> | <a href=\"/a\">机构概况</a> | "
      "<a href=\"/b\">政务公开</a> | <a href=\"/c\">公众参与</a></td></tr></table>\n";
  out +=
      "<table width=\"980\"><tr><td width=\"200\" valign=\"top\"><ul><li><a "
      "href=\"x1\">年度报告</a></li>"
      "<li><a href=\"x2\">公开指南</a></li><li><a href=\"x3\">依申请公开</a></li></ul></td>\n"
      "<td valign=\"top\"><div class=\"t1\">" +
      Escape(style.title) +
      "</div>\n"
      "<div class=\"t2\">发布日期：" +
      style.published +
      " 信息来源：测试县</div>\n"
      "<div class=\"t3\">\n" +
      body +
      "</div>\n"
      "<div class=\"t4\">【打印】【关闭】</div></td></tr></table>\n";
  out +=
      "<table width=\"980\"><tr><td>地址：测试县人民路1号 邮编：046200 "
      "电话：0355-7654321</td></tr></table>\n";
  out += "</td></tr></table>\n</body>\n</html>\n";
  return out;
}

std::string WordPage(const HtmlStyle& style, const std::string& body) {
  std::string out =
      "<html "
      "xmlns:v=\"urn:schemas-microsoft-com:vml\"\nxmlns:o=\"urn:schemas-microsoft-com:office:"
      "office\"\n"
      "xmlns:w=\"urn:schemas-microsoft-com:office:word\"\nxmlns=\"http://www.w3.org/TR/"
      "REC-html40\">\n\n<head>\n";
  if (!style.charset_label.empty()) {
    out += "<meta http-equiv=Content-Type content=\"text/html; charset=" + style.charset_label +
           "\">\n";
  }
  out +=
      "<meta name=ProgId content=Word.Document>\n<meta name=Generator content=\"Microsoft Word "
      "15\">\n"
      "<meta name=Originator content=\"Microsoft Word 15\">\n<title>" +
      Escape(style.title) +
      "</title>\n"
      "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>user</o:Author>\n "
      "</o:DocumentProperties>\n</xml><![endif]-->\n"
      "<style>\n<!--\n p.MsoNormal, li.MsoNormal, "
      "div.MsoNormal\n\t{mso-style-unhide:no;mso-style-qformat:yes;\n\t"
      "margin:0cm;text-align:justify;font-size:10.5pt;font-family:\"Times New Roman\",serif;}\n"
      "@page WordSection1\n\t{size:595.3pt "
      "841.9pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n-->\n</style>\n</head>\n\n";
  out +=
      "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\n\n<div "
      "class=WordSection1 style='layout-grid:15.6pt'>\n";
  out += body;
  out +=
      "<p class=MsoNormal><span "
      "lang=EN-US><o:p>&nbsp;</o:p></span></p>\n</div>\n\n</body>\n\n</html>\n";
  return out;
}

}  // namespace

std::string ReportTextToHtml(std::string_view text, const HtmlStyle& style) {
  const std::string body = BodyHtml(text, style);
  switch (style.chrome) {
    case Chrome::kBare: {
      std::string out = "<html><head>";
      if (!style.charset_label.empty()) out += "<meta charset=\"" + style.charset_label + "\">";
      return out + "<title>" + Escape(style.title) + "</title></head><body>\n" + body +
             "</body></html>\n";
    }
    case Chrome::kTrs:
      return TrsPage(style, body);
    case Chrome::kHanwebZoom:
      return HanwebPage(style, body);
    case Chrome::kLayoutTables:
      return LayoutPage(style, body);
    case Chrome::kWordExport:
      return WordPage(style, body);
  }
  return body;
}

std::string ReportTextToBodyHtml(std::string_view text, const HtmlStyle& style) {
  return BodyHtml(text, style);
}

std::string EncodeGb18030(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  const int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error("GB18030 encoding failed");
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace xxgk::testing
