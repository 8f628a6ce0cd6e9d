// Coverage report pieces (`xxgk report`): the model of who published which year's annual report,
// and its renderings — a terminal table, CSV, JSON and one self-contained HTML page (a coverage
// matrix as an HTML table, charts as SVG drawn here). Knows no archive: crawler/harvest/coverage.h
// fills the model from the archive and the seeds. Rules and columns: docs/report.md.
// Thread-safe: pure functions over immutable data.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace xxgk::publish {

// What a cell of the matrix says. kRemoved: the cell has documents and the portal took every one
// of them down (CoverageDocument::removed_since); it replaces on time / late / unknown, which the
// documents still carry (CoverageDocument::timeliness).
enum class CellState { kOnTime, kLate, kUnknownTime, kMissing, kNotDue, kRemoved };
std::string_view CellStateName(CellState state);  // "on_time", "late", "unknown_time", ...

// The reported figures a chart uses (the 总计 column of table 三, totals of table 四); nullopt
// when the record holds null (never invented).
struct ReportFigures {
  std::optional<int64_t> received;  // 三 一、本年新收 总计
  // 三（一）…（六）总计 column: granted, partial, denied, unable, rejected, other (sums of the
  // sub-rows; nullopt when any sub-row is null).
  std::optional<int64_t> outcomes[6];
  std::optional<int64_t> review, litigation_direct, litigation_after_review;  // 总计
};
inline constexpr const char* kOutcomeNames[6] = {"granted", "partial", "denied",
                                                 "unable", "rejected", "other"};

// One archived document placed in a cell.
struct CoverageDocument {
  std::string doc_id;
  uint64_t seq = 0;
  std::string txt_name;     // NNN_<doc_id>.txt, as `xxgk export --txt` names it
  std::string url;          // the original URL (report page, else the payload's URL); "" if imported
  std::string title;        // the list item's title, else the page's
  std::string agency;       // the record's agency as written
  std::string first_seen;   // RFC 3339 (UTC): when the archive first stored it
  std::string list_date;    // earliest list date of its sources (the portal's publication date)
  std::string page_date;    // earliest publication date in its pages' metadata
  std::string signed_date;  // the record's `published` (signed in the text)
  std::string timeliness;   // "on_time", "late", "unknown"
  std::string basis;        // what decided it: list_date, page_date, signed, first_seen, republished, none
  std::string body_basis;   // how its body was told: agency, title, seed, column
  int year = 0;             // 0: unknown
  int checks_failed = 0, checks_passed = 0;
  std::vector<std::string> failed_rules;
  ReportFigures figures;
  std::string note;         // why it is unattributed / unidentified, or a conflict seen
  // Removed from the portal (crawler/harvest/coverage.h says when): the day (YYYY-MM-DD, China
  // Standard Time) its last crawled copy was first seen gone, and that mark's reason (http_404,
  // redirect_home, unlisted, ...); both "" while it is on the portal or was never crawled.
  std::string removed_since;
  std::string removed_reason;
  bool removed() const { return !removed_since.empty(); }
};

struct CoverageCell {
  int year = 0;
  CellState state = CellState::kMissing;
  std::string deadline;  // YYYY-MM-DD
  bool failed_checks = false;   // the cell's current document has a failed check
  std::optional<bool> removed;  // nullopt: no document; else every document of it is removed
  std::string removed_since;    // when removed: the latest removed_since of its documents
  std::vector<CoverageDocument> documents;  // the current (newest) document first
};

struct CoverageBody {
  std::string county_code, county, province, prefecture;
  std::string key;     // the body within its county ("人民政府", "财政局", "古韩镇", "?<doc_id>")
  std::string name;    // for people: 星河县财政局, 古韩镇
  std::string level;   // county, department, town, unknown
  std::string seed_code;  // the seed row naming this body, "" if none
  std::vector<CoverageCell> cells;            // one per year of the range, in order
  std::vector<CoverageDocument> other_years;  // year unknown or outside the range
};

struct CoverageReport {
  int from_year = 0, to_year = 0;
  std::string as_of;  // YYYY-MM-DD: cells whose deadline is after it are not due
  std::vector<CoverageBody> bodies;           // by county (seed order), then government, office,
                                              // departments, towns, unidentified
  std::vector<CoverageDocument> unattributed;  // no county could be told
  uint64_t documents = 0;  // documents read from the archive
};

// Terminal table: one line per body, one column per year (legend below it). Display widths count
// CJK characters as two columns (wcwidth under the process's UTF-8 locale).
std::string CoverageTable(const CoverageReport& report);
// CSV: one row per body and year (and one per document outside the matrix), UTF-8 with a BOM and
// CRLF line ends; ids (doc_id, codes) as spreadsheet text ="…".
std::string CoverageCsv(const CoverageReport& report);
nlohmann::ordered_json CoverageJson(const CoverageReport& report);
// HTML page; `docs_prefix` is put before NNN_<doc_id>.txt in the cells' links ("txt/").
std::string CoverageHtml(const CoverageReport& report, const std::string& docs_prefix);

}  // namespace xxgk::publish
