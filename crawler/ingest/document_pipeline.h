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

// Largest payload the pipeline accepts (larger ones are refused with a reason, never truncated).
inline constexpr size_t kMaxPayloadBytes = size_t{64} << 20;

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

// Converts `payload` to an archived document with its record.
PreparedDocument PrepareDocument(std::string payload, const PayloadOrigin& origin);

// The text the archive stores for `payload` (what `xxgk text` prints): normalised UTF-8.
// nullopt with `*error` set when the payload cannot be turned into text. `*content_type` gets
// the payload's format.
std::optional<std::string> PayloadText(std::string_view payload, const PayloadOrigin& origin,
                                       std::string* content_type, std::string* error);

// The record JSON for a document text, and the extractor version that made it.
store::StoredRecord MakeRecord(std::string_view text);

// Now as RFC 3339 UTC ("2026-11-22T08:15:00Z").
std::string NowUtc();

}  // namespace xxgk::ingest
