// The document pipeline: one payload (bytes as imported or fetched) → archived document text,
// identity and report record, ready for store::Archive. Shared by `xxgk import`, `xxgk rebuild`
// and the crawler, so every document goes through exactly the same steps:
//   payload → text (format + charset → UTF-8) → normalisation → doc_id + SHA-256 → record.
// Thread-safe: the functions are pure; run them on worker threads, off the network and writer
// threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
};

// Converts `payload` to an archived document; with its record when `with_record` (callers that
// first check which documents are already archived add records with MakeRecord only for those
// that need one: extraction is most of the cost).
PreparedDocument PrepareDocument(std::string payload, const PayloadOrigin& origin,
                                 bool with_record = true);

// The text the archive stores for `payload` (what `xxgk text` prints): normalised UTF-8, through
// extract::ToText (format, charset, HTML; its limits apply: a payload over 64 MiB is refused).
// nullopt with `*error` set when the payload gives no text. `*content_type` gets the format found
// and the charset decoded from ("html; charset=GB18030").
std::optional<std::string> PayloadText(std::string_view payload, const PayloadOrigin& origin,
                                       std::string* content_type, std::string* error);

// The extractor version MakeRecord stamps on records.
extern const int kRecordVersion;

// The record JSON for a document text, and the extractor version that made it.
store::StoredRecord MakeRecord(std::string_view text);

// Now as RFC 3339 UTC ("2026-11-22T08:15:00Z").
std::string NowUtc();

}  // namespace xxgk::ingest
