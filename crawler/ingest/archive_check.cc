// Archive checks for `xxgk rebuild`: one document, one pending payload. See archive_check.h.
#include "crawler/ingest/archive_check.h"

#include "crawler/ingest/document_pipeline.h"
#include "extract/text/doc_identity.h"

namespace xxgk::ingest {
namespace {

PayloadOrigin OriginOf(const store::DocumentSource& source) {
  return PayloadOrigin{source.kind, source.origin, source.content_type, source.seen};
}

// Verifies the payloads of `doc`'s sources; returns the text the first intact one gives now.
std::optional<std::string> CheckPayloads(const store::Archive& archive,
                                         const store::StoredDocument& doc,
                                         const std::vector<store::DocumentSource>& sources,
                                         const ConvertOptions& convert, const std::string& name,
                                         DocumentCheck* check) {
  std::optional<std::string> derived;
  for (const store::DocumentSource& source : sources) {
    if (source.payload_sha256 == doc.info.text_sha256) {  // the payload is the text itself
      ++(check->text_ok ? check->payloads_ok : check->payloads_damaged);
      continue;
    }
    std::string payload;
    bool absent = false;
    if (Status s = archive.GetPayload(source.payload_sha256, &payload, &absent); !s.ok()) {
      ++(absent ? check->payloads_missing : check->payloads_damaged);
      check->problems.push_back(name + ": " + s.message() + " (from " + source.origin + ")");
      continue;
    }
    if (extract::Sha256Hex(payload) != source.payload_sha256) {
      ++check->payloads_damaged;
      check->problems.push_back(name + ": payload " + source.payload_sha256 +
                                " is damaged (digest mismatch; from " + source.origin + ")");
      continue;
    }
    ++check->payloads_ok;
    if (derived || source.copy) continue;  // another copy (a PDF beside HTML) has its own text
    const PayloadOrigin origin = OriginOf(source);
    TextReading reading = ReadText(payload, {origin.content_type, origin.origin}, convert);
    if (reading.ok()) {
      derived = std::move(reading.doc.text);
    } else {
      check->problems.push_back(name + ": payload gives no text now: " + reading.error);
    }
  }
  return derived;
}

}  // namespace

DocumentCheck CheckDocument(const store::Archive& archive, const store::StoredDocument& doc,
                            const ConvertOptions& convert) {
  DocumentCheck check;
  const std::string name = "document #" + std::to_string(doc.info.seq) + " " + doc.info.doc_id;
  check.text_ok = doc.text_error.empty() && extract::Sha256Hex(doc.text) == doc.info.text_sha256 &&
                  doc.info.text_sha256.substr(0, 16) == doc.info.doc_id;
  if (!check.text_ok) {
    check.problems.push_back(name + ": stored text is damaged" +
                             (doc.text_error.empty() ? " (digest mismatch)" : " (" + doc.text_error + ")"));
  }
  std::vector<store::DocumentSource> sources;
  if (Status s = archive.GetSources(doc.info.doc_id, &sources); !s.ok()) {
    check.problems.push_back(name + ": " + s.message());
  }
  // The text re-derived from the first intact payload.
  const std::optional<std::string> derived =
      CheckPayloads(archive, doc, sources, convert, name, &check);
  if (sources.empty()) check.problems.push_back(name + ": no source recorded");
  const std::string* text = check.text_ok ? &doc.text : nullptr;
  if (derived && extract::Sha256Hex(*derived) == doc.info.text_sha256) {
    if (!check.text_ok) {
      check.text_repaired = true;
      check.repaired_text = *derived;
      text = &check.repaired_text;
    }
  } else if (derived && check.text_ok) {
    check.text_differs = true;
  }
  if (!text) return check;  // nothing trustworthy to extract from

  std::optional<store::StoredRecord> stored;
  (void)archive.GetRecord(doc.info.doc_id, &stored);
  store::StoredRecord fresh = MakeRecord(*text);
  if (!stored) {
    check.record_state = DocumentCheck::kMissing;
  } else if (stored->extractor_version < fresh.extractor_version) {
    check.record_state = DocumentCheck::kOutdated;
  } else if (stored->json != fresh.json) {
    check.record_state = DocumentCheck::kChanged;
  }
  if (check.record_state != DocumentCheck::kUnchanged) check.new_record = std::move(fresh);
  return check;
}

PendingRetry RetryPending(const store::Archive& archive, const store::PendingPayload& pending,
                          const ConvertOptions& convert) {
  PendingRetry retry;
  const std::string& digest = pending.source.payload_sha256;
  const std::string name = "pending payload " + digest + " (from " + pending.source.origin + ")";
  std::string payload;
  if (Status s = archive.GetPayload(digest, &payload); !s.ok()) {
    retry.problem = name + ": " + s.message();
    return retry;
  }
  if (extract::Sha256Hex(payload) != digest) {
    retry.problem = name + " is damaged (digest mismatch)";
    return retry;
  }
  PreparedDocument prepared =
      PrepareDocument(std::move(payload), OriginOf(pending.source), /*with_record=*/true, convert);
  retry.document = std::move(prepared.document);
  if (retry.document) {
    // Where a crawl found it (kept with the pending payload), as if it had converted at once.
    store::DocumentSource& source = retry.document->source;
    source.page = pending.source.page;
    source.seed_code = pending.source.seed_code;
    source.column = pending.source.column;
    source.list_title = pending.source.list_title;
    source.list_date = pending.source.list_date;
  }
  return retry;
}

}  // namespace xxgk::ingest
