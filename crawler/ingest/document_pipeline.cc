// The document pipeline: payload → text → identity → record. See document_pipeline.h.
#include "crawler/ingest/document_pipeline.h"

#include <chrono>
#include <ctime>

#include "extract/doc_identity.h"
#include "extract/report_extractor.h"

namespace xxgk::ingest {

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::string> PayloadText(std::string_view payload, const PayloadOrigin& /*origin*/,
                                       std::string* content_type, std::string* error) {
  if (payload.size() > kMaxPayloadBytes) {
    *error = "too large (" + std::to_string(payload.size()) + " bytes; the limit is " +
             std::to_string(kMaxPayloadBytes) + ")";
    return std::nullopt;
  }
  if (auto bad = extract::FindInvalidUtf8(payload)) {
    *error = "not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ")";
    return std::nullopt;
  }
  *content_type = "text/plain";
  return extract::NormalizeDocumentText(payload);
}

store::StoredRecord MakeRecord(std::string_view text) {
  return store::StoredRecord{extract::kExtractorVersion,
                             extract::RecordToJson(extract::ExtractReport(text), false)};
}

PreparedDocument PrepareDocument(std::string payload, const PayloadOrigin& origin) {
  PreparedDocument prepared;
  std::string content_type;
  std::optional<std::string> text = PayloadText(payload, origin, &content_type, &prepared.error);
  if (!text) return prepared;
  if (text->empty()) {
    prepared.error = "no text (empty after normalisation)";
    return prepared;
  }
  store::NewDocument doc;
  doc.text_sha256 = extract::Sha256Hex(*text);
  doc.doc_id = doc.text_sha256.substr(0, 16);
  doc.source = store::DocumentSource{origin.kind, origin.origin, extract::Sha256Hex(payload),
                                     content_type.empty() ? origin.content_type : content_type,
                                     origin.seen.empty() ? NowUtc() : origin.seen};
  doc.record = MakeRecord(*text);
  doc.text = std::move(*text);
  doc.payload = std::move(payload);
  prepared.document = std::move(doc);
  return prepared;
}

}  // namespace xxgk::ingest
