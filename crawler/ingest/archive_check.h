// Archive checks: what `xxgk rebuild` decides for one stored document or one pending payload,
// from what the archive holds and with no network. Pure decisions: nothing is written here (the
// caller applies them, archive_rebuild.h).
//
// For a document:
//   1. its text must have its full SHA-256 and doc_id;
//   2. every payload it came from must be present with its digest;
//   3. the text is re-derived from the first intact payload (ingest::ReadText): a damaged text is
//      repaired from it when that gives the right digest; a different text (a changed converter)
//      is reported and the stored one kept (the doc_id names the stored text);
//   4. the extractor runs again; a record that is missing, made by an older extractor version or
//      different from the new one is to be rewritten.
// For a pending payload: its digest is verified and it is converted again (PrepareDocument); one
// that converts now gives the document to add.
// Thread-safe: the functions only read the archive (store::Archive's readers are thread-safe);
// run them on worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawler/ingest/document_input.h"
#include "store/archive.h"

namespace xxgk::ingest {

// The outcome for one document.
struct DocumentCheck {
  std::vector<std::string> problems;  // for people, one line each ("document #3 <id>: …")
  bool text_ok = false, text_repaired = false, text_differs = false;
  uint64_t payloads_ok = 0, payloads_missing = 0, payloads_damaged = 0;
  std::string repaired_text;                      // set when text_repaired: the text to store
  std::optional<store::StoredRecord> new_record;  // set when the record is to be written
  enum RecordState { kUnchanged, kMissing, kOutdated, kChanged } record_state = kUnchanged;
};

DocumentCheck CheckDocument(const store::Archive& archive, const store::StoredDocument& doc,
                            const ConvertOptions& convert);

// One pending payload converted again: its document keeps where a crawl found it (page, seed
// code, column, list title and date of the pending entry's source).
struct PendingRetry {
  std::optional<store::NewDocument> document;  // it converts now
  std::string problem;                         // its payload is missing or damaged (for people)
};

PendingRetry RetryPending(const store::Archive& archive, const store::PendingPayload& pending,
                          const ConvertOptions& convert);

}  // namespace xxgk::ingest
