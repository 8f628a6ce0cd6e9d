// Record columns: a report record (xxgk/report-1 JSON) flattened to one row of named cells, for
// CSV exports that spreadsheets open.
//
// Column names are stable (documented in docs/archive.md): first the document's identity and
// summary (seq, doc_id, first_seen, agency, agency_alias, year, template, published,
// checks_failed, warnings), then where it was published — the `source` object of
// `export --jsonl` (store/source_provenance.h), one column per key: source.kind, source.url (the
// URL or the imported file), source.page, source.title, source.fetched_at (fetched or imported),
// source.content_type, source.code, source.column, source.list_date, source.copies (';'-joined)
// — then one column per table cell, named by its path in the record:
//   active_disclosure.normative_documents.issued, applications.new_received.natural_person,
//   reviews_litigation.review.upheld, ...
// Cells of both templates are listed (2021's first, then 2019's own); a report fills the
// columns of its template and leaves the others empty. Table 三's seven columns are named
// natural_person, commercial, research, social_welfare, legal_service, other, total.
// Thread-safe: pure functions over immutable data.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

// Every column name, in order.
const std::vector<std::string>& RecordColumnNames();

// The columns a spreadsheet would misread as numbers or dates (doc_id, first_seen, published,
// source.fetched_at, source.list_date, source.code):
// exports write them as text cells (csv_line.h SpreadsheetText, XLSX string cells).
bool IsTextColumn(std::string_view name);

// Context the record itself does not hold.
struct RecordRowContext {
  std::string seq;         // archive sequence number
  std::string first_seen;  // RFC 3339
  nlohmann::json source;   // the `source` object (store::SourceProvenance); null: none known
};

// One value per RecordColumnNames() entry: integers in decimal, decimals as written, null and
// absent cells empty, warnings as their codes joined by ';'.
std::vector<std::string> RecordColumnValues(const nlohmann::json& record,
                                            const RecordRowContext& context);

}  // namespace xxgk::extract
