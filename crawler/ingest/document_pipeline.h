// The document pipeline: one payload (bytes as imported or fetched) → archived document text,
// identity and report record, ready for store::Archive. The text comes from ingest::ReadText
// (document_input.h), the one reading every command shares. Shared by `xxgk import`, `xxgk rebuild`
// and the crawler, so every document goes through exactly the same steps:
//   payload → text (format + charset → UTF-8) → normalisation → doc_id + SHA-256 → record,
// or, for a payload that cannot be converted yet, a store::PendingPayload to keep for later.
// Thread-safe: the functions are pure; run them on worker threads, off the network and writer
// threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/ingest/document_input.h"
#include "extract/report/report_record.h"
#include "extract/text/document_text.h"
#include "store/archive.h"

namespace xxgk::ingest {

struct PayloadOrigin {
  std::string kind;          // "file" or "url"
  std::string origin;        // path as given, or URL
  std::string content_type;  // declared Content-Type, if any (empty for files)
  std::string seen;          // RFC 3339 UTC; empty means now
};

struct PreparedDocument {
  std::optional<store::NewDocument> document;  // set on success
  std::string error;                           // why the payload gave no document
  // Set instead of `document` when the payload is worth keeping for a later build: its format is
  // not converted yet or it was refused (over a limit, damaged), and it is no larger than
  // kMaxPendingBytes. Text that is not UTF-8, empty text and larger payloads are not kept.
  std::optional<store::PendingPayload> pending;
};

// The largest payload kept pending: the default input limit of extract::ToText (64 MiB). A payload
// refused under a lowered limit is kept; one over this is never stored.
inline const size_t kMaxPendingBytes = extract::DocumentLimits{}.max_input_bytes;

// Converts `payload` to an archived document; with its record when `with_record` (callers that
// first check which documents are already archived add records with MakeRecord only for those
// that need one: extraction is most of the cost).
PreparedDocument PrepareDocument(std::string payload, const PayloadOrigin& origin,
                                 bool with_record = true, const ConvertOptions& convert = {});

// The extractor version MakeRecord stamps on records.
extern const int kRecordVersion;

// The record JSON for a document text, and the extractor version that made it.
store::StoredRecord MakeRecord(std::string_view text);
// The same for a record already extracted (a caller that looked at it first).
store::StoredRecord MakeRecord(const extract::ReportRecord& record);

// Now as RFC 3339 UTC ("2026-11-22T08:15:00Z").
std::string NowUtc();

}  // namespace xxgk::ingest
