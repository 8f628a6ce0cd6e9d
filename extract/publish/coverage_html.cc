// The coverage report as one self-contained HTML page: inline CSS, no script, no image or font
// files, no network asset; the matrix is an HTML table (every cell links to its stored text and
// its original URL), the charts are SVG drawn here from the cells' current documents.
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "extract/publish/coverage.h"

namespace xxgk::publish {
namespace {

std::string Esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Relative links only for stored texts; original URLs only when http(s) (never javascript:).
std::string SafeUrl(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://") ? url : "";
}

const char* const kSeriesColours[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

std::string Num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

struct Series {
  std::string name;
  std::vector<std::optional<int64_t>> values;  // one per group
};

// Grouped bars: one group per label, one bar per series.
std::string GroupedBars(const std::string& title, const std::vector<std::string>& groups,
                        const std::vector<Series>& series) {
  const double w = 760, h = 300, left = 50, bottom = 40, top = 30;
  int64_t max = 1;
  for (const Series& s : series) {
    for (const auto& v : s.values) if (v && *v > max) max = *v;
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + Num(w) +
                    "\" height=\"" + Num(h + 20.0 * static_cast<double>((series.size() + 3) / 4)) +
                    "\" role=\"img\"><title>" + Esc(title) + "</title>";
  svg += "<text x=\"" + Num(left) + "\" y=\"18\" class=\"ct\">" + Esc(title) + "</text>";
  const double plot_w = w - left - 10, plot_h = h - top - bottom;
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + plot_h) + "\" x2=\"" + Num(w - 10) +
         "\" y2=\"" + Num(top + plot_h) + "\" stroke=\"#333\"/>";
  for (int t = 0; t <= 4; ++t) {
    const double y = top + plot_h - plot_h * t / 4;
    svg += "<text x=\"" + Num(left - 4) + "\" y=\"" + Num(y + 4) + "\" text-anchor=\"end\" class=\"ax\">" +
           std::to_string(max * t / 4) + "</text><line x1=\"" + Num(left) + "\" y1=\"" + Num(y) +
           "\" x2=\"" + Num(w - 10) + "\" y2=\"" + Num(y) + "\" stroke=\"#ddd\"/>";
  }
  const double gw = groups.empty() ? plot_w : plot_w / static_cast<double>(groups.size());
  const double bw = series.empty() ? 0 : (gw * 0.8) / static_cast<double>(series.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    const double gx = left + gw * static_cast<double>(g) + gw * 0.1;
    svg += "<text x=\"" + Num(gx + gw * 0.4) + "\" y=\"" + Num(top + plot_h + 16) +
           "\" text-anchor=\"middle\" class=\"ax\">" + Esc(groups[g]) + "</text>";
    for (size_t s = 0; s < series.size(); ++s) {
      const auto& v = series[s].values[g];
      if (!v) continue;
      const double bh = plot_h * static_cast<double>(*v) / static_cast<double>(max);
      svg += "<rect x=\"" + Num(gx + bw * static_cast<double>(s)) + "\" y=\"" + Num(top + plot_h - bh) +
             "\" width=\"" + Num(bw > 1 ? bw - 1 : bw) + "\" height=\"" + Num(bh) + "\" fill=\"" +
             kSeriesColours[s % 10] + "\"><title>" + Esc(series[s].name + " " + groups[g] + ": " +
             std::to_string(*v)) + "</title></rect>";
    }
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const double lx = left + 180.0 * static_cast<double>(s % 4);
    const double ly = h + 20.0 * static_cast<double>(s / 4) - 6;
    svg += "<rect x=\"" + Num(lx) + "\" y=\"" + Num(ly - 10) + "\" width=\"12\" height=\"12\" fill=\"" +
           kSeriesColours[s % 10] + "\"/><text x=\"" + Num(lx + 16) + "\" y=\"" + Num(ly) +
           "\" class=\"ax\">" + Esc(series[s].name) + "</text>";
  }
  return svg + "</svg>\n";
}

// 100 % stacked bars: one bar per group, one segment per series.
std::string StackedShares(const std::string& title, const std::vector<std::string>& groups,
                          const std::vector<Series>& series) {
  const double w = 760, h = 300, left = 50, bottom = 40, top = 30;
  const double plot_w = w - left - 10, plot_h = h - top - bottom;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + Num(w) +
                    "\" height=\"" + Num(h + 40) + "\" role=\"img\"><title>" + Esc(title) + "</title>";
  svg += "<text x=\"" + Num(left) + "\" y=\"18\" class=\"ct\">" + Esc(title) + "</text>";
  const double gw = groups.empty() ? plot_w : plot_w / static_cast<double>(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    int64_t total = 0;
    for (const Series& s : series) total += s.values[g].value_or(0);
    const double gx = left + gw * static_cast<double>(g) + gw * 0.2;
    svg += "<text x=\"" + Num(gx + gw * 0.3) + "\" y=\"" + Num(top + plot_h + 16) +
           "\" text-anchor=\"middle\" class=\"ax\">" + Esc(groups[g]) + " (n=" +
           std::to_string(total) + ")</text>";
    if (total == 0) continue;
    double y = top + plot_h;
    for (size_t s = 0; s < series.size(); ++s) {
      const int64_t v = series[s].values[g].value_or(0);
      if (v == 0) continue;
      const double bh = plot_h * static_cast<double>(v) / static_cast<double>(total);
      y -= bh;
      svg += "<rect x=\"" + Num(gx) + "\" y=\"" + Num(y) + "\" width=\"" + Num(gw * 0.6) +
             "\" height=\"" + Num(bh) + "\" fill=\"" + kSeriesColours[s % 10] + "\"><title>" +
             Esc(series[s].name + " " + groups[g] + ": " + std::to_string(v) + " of " +
                 std::to_string(total)) + "</title></rect>";
    }
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const double lx = left + 115.0 * static_cast<double>(s);
    svg += "<rect x=\"" + Num(lx) + "\" y=\"" + Num(h + 14) + "\" width=\"12\" height=\"12\" fill=\"" +
           kSeriesColours[s % 10] + "\"/><text x=\"" + Num(lx + 16) + "\" y=\"" + Num(h + 24) +
           "\" class=\"ax\">" + Esc(series[s].name) + "</text>";
  }
  return svg + "</svg>\n";
}

void Add(std::optional<int64_t>* sum, const std::optional<int64_t>& v) {
  if (v) *sum = sum->value_or(0) + *v;
}

std::string CellTitle(const CoverageBody& b, const CoverageCell& c) {
  std::string t = b.name + " " + std::to_string(c.year) + ": " + std::string(CellStateName(c.state)) +
                  " (deadline " + c.deadline + ")";
  if (c.state == CellState::kRemoved) {
    const CoverageDocument& d = c.documents.front();
    t += "\nremoved from the portal since " + c.removed_since + " (" + d.removed_reason +
         "); was " + d.timeliness;
  }
  if (!c.documents.empty()) {
    const CoverageDocument& d = c.documents.front();
    t += "\nlist date " + (d.list_date.empty() ? "-" : d.list_date) + ", page date " +
         (d.page_date.empty() ? "-" : d.page_date) + ", signed " +
         (d.signed_date.empty() ? "-" : d.signed_date) + ", first seen " + d.first_seen +
         "\njudged on " + d.basis + "; checks " + std::to_string(d.checks_passed) + " passed, " +
         std::to_string(d.checks_failed) + " failed";
    if (!d.failed_rules.empty()) {
      t += " (";
      for (size_t i = 0; i < d.failed_rules.size(); ++i) t += (i ? ", " : "") + d.failed_rules[i];
      t += ")";
    }
    if (c.documents.size() > 1) t += "\n" + std::to_string(c.documents.size()) + " documents";
    if (!d.note.empty()) t += "\n" + d.note;
  }
  return t;
}

}  // namespace

std::string CoverageHtml(const CoverageReport& report, const std::string& docs_prefix) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>政府信息公开工作年度报告 coverage</title>\n<style>\n"
      "body{font-family:sans-serif;margin:1em;color:#222}"
      "table.m{border-collapse:collapse;font-size:13px}"
      "table.m td,table.m th{border:1px solid #bbb;padding:2px 5px;text-align:center}"
      "table.m td.n{text-align:left}tr.county th{background:#eee;text-align:left}"
      ".on_time{background:#7fc97f}.late{background:#fdb462}.unknown_time{background:#ffffb3}"
      ".missing{background:#f0f0f0;color:#999}.not_due{background:#fff;color:#999}"
      ".removed{background:#bc80bd}.since{display:block;font-size:10px}"
      ".failed{outline:3px solid #d7191c;outline-offset:-3px}"
      ".legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #bbb}"
      "a{color:#123}a.o{text-decoration:none;font-size:11px}"
      ".ct{font-size:14px;font-weight:bold}.ax{font-size:11px}svg.chart{display:block;margin:1em 0}"
      "\n</style></head><body>\n";
  html += "<h1>政府信息公开工作年度报告 — coverage " + std::to_string(report.from_year) + "–" +
          std::to_string(report.to_year) + "</h1>\n<p>As of " + Esc(report.as_of) + "; " +
          std::to_string(report.documents) + " archived documents read, " +
          std::to_string(report.bodies.size()) + " bodies. Deadlines: departments and towns 1月31日, "
          "county governments 3月31日 of the next year (条例 第四十九条); before 2019 3月31日 for all. "
          "A cell links to its stored text (<code>" + Esc(docs_prefix) +
          "NNN_&lt;doc_id&gt;.txt</code>, as <code>xxgk export --txt</code> writes it) and, by ↗, to "
          "its original URL. Removed: every URL the cell's reports were crawled from (the page, or "
          "the attachment and the page that linked it) has been gone from the portal since the "
          "date shown; the archive keeps the text.</p>\n";
  html += "<p class=\"legend\"><span class=\"on_time\">on time</span><span class=\"late\">late</span>"
          "<span class=\"unknown_time\">found, timeliness unknown</span><span class=\"missing\">"
          "missing</span><span class=\"not_due\">not due yet</span><span class=\"removed\">removed "
          "from the portal</span><span class=\"failed\">failed checks (red frame)</span></p>\n";

  // The matrix.
  html += "<table class=\"m\" id=\"matrix\"><thead><tr><th>body</th><th>level</th>";
  for (int y = report.from_year; y <= report.to_year; ++y) html += "<th>" + std::to_string(y) + "</th>";
  html += "</tr></thead><tbody>\n";
  std::string county;
  const int span = report.to_year - report.from_year + 3;
  for (const CoverageBody& b : report.bodies) {
    if (b.county_code != county) {
      county = b.county_code;
      html += "<tr class=\"county\"><th colspan=\"" + std::to_string(span) + "\">" + Esc(b.province) +
              " " + Esc(b.prefecture) + " " + Esc(b.county) + " (" + Esc(b.county_code) + ")</th></tr>\n";
    }
    html += "<tr><td class=\"n\">" + Esc(b.name) + "</td><td>" + Esc(b.level) + "</td>";
    for (const CoverageCell& c : b.cells) {
      const std::string state(CellStateName(c.state));
      html += "<td class=\"" + state + (c.failed_checks ? " failed" : "") + "\" data-cell=\"" +
              Esc(b.county_code + "|" + b.key + "|" + std::to_string(c.year)) + "\" data-state=\"" +
              state + "\" title=\"" + Esc(CellTitle(b, c)) + "\">";
      if (c.documents.empty()) {
        html += c.state == CellState::kNotDue ? "…" : "—";
      } else {
        const CoverageDocument& d = c.documents.front();
        const std::string date = !d.list_date.empty() ? d.list_date.substr(5)
                                 : !d.page_date.empty() ? d.page_date.substr(5) : "?";
        html += "<a href=\"" + Esc(docs_prefix + d.txt_name) + "\">" + Esc(date) + "</a>";
        if (const std::string url = SafeUrl(d.url); !url.empty()) {
          html += " <a class=\"o\" href=\"" + Esc(url) + "\">↗</a>";
        }
        if (c.documents.size() > 1) html += " +" + std::to_string(c.documents.size() - 1);
        if (c.state == CellState::kRemoved) {
          html += "<span class=\"since\">gone since " + Esc(c.removed_since) + "</span>";
        }
      }
      html += "</td>";
    }
    html += "</tr>\n";
  }
  html += "</tbody></table>\n";

  // Documents outside the matrix.
  std::string outside;
  for (const CoverageBody& b : report.bodies) {
    for (const CoverageDocument& d : b.other_years) {
      outside += "<li>" + Esc(b.county + " " + b.name) + " " +
                 (d.year ? std::to_string(d.year) : std::string("year unknown")) + ": <a href=\"" +
                 Esc(docs_prefix + d.txt_name) + "\">" + Esc(d.txt_name) + "</a></li>\n";
    }
  }
  for (const CoverageDocument& d : report.unattributed) {
    outside += "<li>unattributed: <a href=\"" + Esc(docs_prefix + d.txt_name) + "\">" +
               Esc(d.txt_name) + "</a> " + Esc(d.agency.empty() ? d.title : d.agency) + " — " +
               Esc(d.note) + "</li>\n";
  }
  if (!outside.empty()) html += "<h2>Documents outside the matrix</h2>\n<ul>\n" + outside + "</ul>\n";

  // Charts from the cells' current documents.
  std::vector<std::string> years;
  for (int y = report.from_year; y <= report.to_year; ++y) years.push_back(std::to_string(y));
  const size_t ny = years.size();
  std::vector<Series> received;
  std::map<std::string, size_t> county_series;
  Series outcomes[6];
  for (size_t i = 0; i < 6; ++i) outcomes[i] = {kOutcomeNames[i], std::vector<std::optional<int64_t>>(ny)};
  Series reviews[3] = {{"行政复议 review", std::vector<std::optional<int64_t>>(ny)},
                       {"行政诉讼 direct", std::vector<std::optional<int64_t>>(ny)},
                       {"复议后起诉 after review", std::vector<std::optional<int64_t>>(ny)}};
  for (const CoverageBody& b : report.bodies) {
    if (!county_series.count(b.county_code)) {
      county_series[b.county_code] = received.size();
      received.push_back({b.county, std::vector<std::optional<int64_t>>(ny)});
    }
    Series& mine = received[county_series[b.county_code]];
    for (size_t i = 0; i < b.cells.size() && i < ny; ++i) {
      if (b.cells[i].documents.empty()) continue;
      const ReportFigures& f = b.cells[i].documents.front().figures;
      Add(&mine.values[i], f.received);
      for (size_t k = 0; k < 6; ++k) Add(&outcomes[k].values[i], f.outcomes[k]);
      Add(&reviews[0].values[i], f.review);
      Add(&reviews[1].values[i], f.litigation_direct);
      Add(&reviews[2].values[i], f.litigation_after_review);
    }
  }
  html += "<h2>Reported figures</h2>\n<p>Sums over the bodies shown, from each cell's current "
          "document; a figure the report leaves blank is not counted (never invented).</p>\n";
  html += GroupedBars("收到申请 Applications received (本年新收, 总计) per county and year", years, received);
  html += StackedShares("办理结果 Outcome shares per year (三（一）…（六）总计)", years,
                        std::vector<Series>(std::begin(outcomes), std::end(outcomes)));
  html += GroupedBars("行政复议、行政诉讼 Reviews and lawsuits per year (总计)", years,
                      std::vector<Series>(std::begin(reviews), std::end(reviews)));
  html += "</body></html>\n";
  return html;
}

}  // namespace xxgk::publish
