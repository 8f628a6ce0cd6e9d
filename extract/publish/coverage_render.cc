// Coverage renderings for terminals and scripts: the table, CSV and JSON of coverage.h.
#include <cwchar>
#include <string>

#include "extract/publish/coverage.h"
#include "base/display_width.h"
#include "extract/publish/csv_line.h"

namespace xxgk::publish {
namespace {

using Json = nlohmann::ordered_json;

std::string Pad(const std::string& s, size_t width) {
  const size_t w = DisplayWidth(s);
  return s + std::string(w < width ? width - w : 0, ' ');
}

// The terminal's short form of a cell.
std::string Short(const CoverageCell& c) {
  std::string s;
  switch (c.state) {
    case CellState::kOnTime: s = "ok"; break;
    case CellState::kLate: s = "late"; break;
    case CellState::kUnknownTime: s = "?"; break;
    case CellState::kMissing: s = "-"; break;
    case CellState::kNotDue: s = "."; break;
    case CellState::kRemoved: s = "gone"; break;
  }
  if (c.failed_checks) s += "!";
  if (c.documents.size() > 1) s += "+" + std::to_string(c.documents.size() - 1);
  return s;
}

// An id a spreadsheet must keep as text (a doc_id of digits, "1e5…", a code with zeros).
std::string TextId(const std::string& s) { return extract::SpreadsheetText(s); }

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

void Line(std::string* out, const std::vector<std::string>& fields) {
  *out += extract::CsvLine(fields);
}

Json Opt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json DocJson(const CoverageDocument& d) {
  Json figures{{"received", Opt(d.figures.received)}};
  Json outcomes = Json::object();
  for (size_t i = 0; i < 6; ++i) outcomes[kOutcomeNames[i]] = Opt(d.figures.outcomes[i]);
  figures["outcomes"] = outcomes;
  figures["review"] = Opt(d.figures.review);
  figures["litigation_direct"] = Opt(d.figures.litigation_direct);
  figures["litigation_after_review"] = Opt(d.figures.litigation_after_review);
  return Json{{"doc_id", d.doc_id},         {"seq", d.seq},
              {"txt", d.txt_name},          {"url", d.url},
              {"title", d.title},           {"agency", d.agency},
              {"year", d.year ? Json(d.year) : Json(nullptr)},
              {"first_seen", d.first_seen}, {"list_date", d.list_date},
              {"page_date", d.page_date},   {"signed", d.signed_date},
              {"timeliness", d.timeliness}, {"basis", d.basis},
              {"body_basis", d.body_basis}, {"checks_passed", d.checks_passed},
              {"checks_failed", d.checks_failed}, {"failed_rules", d.failed_rules},
              {"figures", figures},         {"note", d.note},
              {"removed_since", d.removed_since}, {"removed_reason", d.removed_reason}};
}

}  // namespace

std::string_view CellStateName(CellState state) {
  switch (state) {
    case CellState::kOnTime: return "on_time";
    case CellState::kLate: return "late";
    case CellState::kUnknownTime: return "unknown_time";
    case CellState::kMissing: return "missing";
    case CellState::kNotDue: return "not_due";
    case CellState::kRemoved: return "removed";
  }
  return "?";
}

std::string CoverageTable(const CoverageReport& report) {
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> head = {"county", "body", "level"};
  for (int y = report.from_year; y <= report.to_year; ++y) head.push_back(std::to_string(y));
  lines.push_back(head);
  for (const CoverageBody& b : report.bodies) {
    std::vector<std::string> line = {b.county, b.name, b.level};
    for (const CoverageCell& c : b.cells) line.push_back(Short(c));
    lines.push_back(line);
  }
  std::vector<size_t> widths(head.size(), 0);
  for (const auto& l : lines) {
    for (size_t i = 0; i < l.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(l[i]));
  }
  std::string out;
  for (const auto& l : lines) {
    std::string s;
    for (size_t i = 0; i < l.size(); ++i) s += i + 1 < l.size() ? Pad(l[i], widths[i] + 2) : l[i];
    out += s + "\n";
  }
  size_t counts[6] = {};
  size_t failed = 0;
  for (const CoverageBody& b : report.bodies) {
    for (const CoverageCell& c : b.cells) {
      ++counts[static_cast<size_t>(c.state)];
      failed += c.failed_checks;
    }
  }
  out += "\nok on time · late · ? found, timeliness unknown · - missing · . not due yet · "
         "gone removed from the portal (every URL it was crawled from is gone) · ! failed "
         "checks · +N more documents\n";
  out += std::to_string(report.bodies.size()) + " bodies, years " +
         std::to_string(report.from_year) + "-" + std::to_string(report.to_year) + " as of " +
         report.as_of + ": " + std::to_string(counts[0]) + " on time, " +
         std::to_string(counts[1]) + " late, " + std::to_string(counts[2]) + " unknown, " +
         std::to_string(counts[3]) + " missing, " + std::to_string(counts[4]) + " not due, " +
         std::to_string(counts[5]) + " removed, " + std::to_string(failed) +
         " with failed checks; " + std::to_string(report.documents) + " documents read, " +
         std::to_string(report.unattributed.size()) + " unattributed\n";
  return out;
}

std::string CoverageCsv(const CoverageReport& report) {
  std::string out = "\xEF\xBB\xBF";
  Line(&out, {"county_code", "county", "body", "body_key", "level", "seed_code", "year", "state",
              "deadline", "timeliness", "basis", "list_date", "page_date", "signed", "first_seen",
              "failed_checks", "failed_rules", "removed", "removed_since", "doc_id", "txt", "url",
              "documents",
              "other_doc_ids", "body_basis", "note"});
  // `removed`: nullopt for no document, else whether all of `docs` are gone, since `since`.
  auto row = [&](const CoverageBody* b, int year, const std::string& state,
                 const std::string& deadline, const std::vector<CoverageDocument>& docs,
                 std::optional<bool> removed, const std::string& since) {
    const CoverageDocument* d = docs.empty() ? nullptr : &docs.front();
    std::vector<std::string> others;
    for (size_t i = 1; i < docs.size(); ++i) others.push_back(docs[i].doc_id);
    Line(&out, {b ? TextId(b->county_code) : "", b ? b->county : "", b ? b->name : "",
                b ? b->key : "", b ? b->level : "", b ? TextId(b->seed_code) : "",
                year ? std::to_string(year) : "", state, deadline, d ? d->timeliness : "",
                d ? d->basis : "", d ? d->list_date : "", d ? d->page_date : "",
                d ? d->signed_date : "", d ? d->first_seen : "",
                d ? std::to_string(d->checks_failed) : "", d ? Join(d->failed_rules, ";") : "",
                removed ? (*removed ? "1" : "0") : "", since, d ? TextId(d->doc_id) : "",
                d ? d->txt_name : "", d ? d->url : "",
                std::to_string(docs.size()), Join(others, ";"), d ? d->body_basis : "",
                d ? d->note : ""});
  };
  for (const CoverageBody& b : report.bodies) {
    for (const CoverageCell& c : b.cells) {
      row(&b, c.year, std::string(CellStateName(c.state)), c.deadline, c.documents, c.removed,
          c.removed_since);
    }
    for (const CoverageDocument& d : b.other_years) {
      row(&b, d.year, "outside_years", "", {d}, d.removed(), d.removed_since);
    }
  }
  for (const CoverageDocument& d : report.unattributed) {
    row(nullptr, d.year, "unattributed", "", {d}, d.removed(), d.removed_since);
  }
  return out;
}

nlohmann::ordered_json CoverageJson(const CoverageReport& report) {
  Json bodies = Json::array();
  for (const CoverageBody& b : report.bodies) {
    Json cells = Json::array();
    for (const CoverageCell& c : b.cells) {
      Json docs = Json::array();
      for (const CoverageDocument& d : c.documents) docs.push_back(DocJson(d));
      cells.push_back(Json{{"year", c.year},
                           {"state", CellStateName(c.state)},
                           {"deadline", c.deadline},
                           {"failed_checks", c.failed_checks},
                           {"removed", c.removed ? Json(*c.removed) : Json(nullptr)},
                           {"removed_since", c.removed_since},
                           {"documents", docs}});
    }
    Json others = Json::array();
    for (const CoverageDocument& d : b.other_years) others.push_back(DocJson(d));
    bodies.push_back(Json{{"county_code", b.county_code}, {"county", b.county},
                          {"province", b.province},       {"prefecture", b.prefecture},
                          {"body", b.name},               {"body_key", b.key},
                          {"level", b.level},             {"seed_code", b.seed_code},
                          {"cells", cells},               {"other_years", others}});
  }
  Json unattributed = Json::array();
  for (const CoverageDocument& d : report.unattributed) unattributed.push_back(DocJson(d));
  return Json{{"schema", "xxgk/coverage-1"}, {"from_year", report.from_year},
              {"to_year", report.to_year},   {"as_of", report.as_of},
              {"documents", report.documents}, {"bodies", bodies},
              {"unattributed", unattributed}};
}

}  // namespace xxgk::publish
