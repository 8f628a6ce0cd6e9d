// The document pipeline: payload → text → identity → record. See document_pipeline.h.
#include "crawler/ingest/document_pipeline.h"

#include <chrono>
#include <ctime>

#include "crawler/ingest/document_input.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"

namespace xxgk::ingest {

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

// The format found and the charset decoded from ("html; charset=GB18030").
std::string ContentTypeOf(const extract::DocumentText& doc) {
  std::string content_type(extract::FormatName(doc.format));
  if (!doc.charset.empty()) content_type += "; charset=" + doc.charset;
  return content_type;
}

// The pending entry for a payload that gave no text, when it is worth keeping (see
// PreparedDocument::pending).
std::optional<store::PendingPayload> PendingFor(std::string payload, const PayloadOrigin& origin,
                                                const TextFailure& failure,
                                                const std::string& reason) {
  const bool convertible_later = failure.outcome == extract::TextOutcome::kUnsupported ||
                                 failure.outcome == extract::TextOutcome::kRefused;
  if (!convertible_later || payload.size() > kMaxPendingBytes) return std::nullopt;
  store::PendingPayload pending;
  const std::string now = NowUtc();
  pending.source =
      store::DocumentSource{.kind = origin.kind,
                            .origin = origin.origin,
                            .payload_sha256 = extract::Sha256Hex(payload),
                            .content_type = origin.content_type,
                            .seen = origin.seen.empty() ? now : origin.seen};
  pending.format = failure.format;
  pending.outcome = failure.outcome == extract::TextOutcome::kRefused ? "refused" : "unsupported";
  pending.code = failure.code;
  pending.reason = reason;
  pending.time = now;
  pending.payload = std::move(payload);
  return pending;
}

}  // namespace

const int kRecordVersion = extract::kExtractorVersion;

store::StoredRecord MakeRecord(std::string_view text) {
  return MakeRecord(extract::ExtractReport(text));
}

store::StoredRecord MakeRecord(const extract::ReportRecord& record) {
  return store::StoredRecord{extract::kExtractorVersion, extract::RecordToJson(record, false)};
}

PreparedDocument PrepareDocument(std::string payload, const PayloadOrigin& origin, bool with_record,
                                 const ConvertOptions& convert) {
  PreparedDocument prepared;
  // The origin's path or URL names the file for the format hint (its extension).
  TextReading reading = ReadText(payload, {origin.content_type, origin.origin}, convert);
  if (!reading.ok()) {
    prepared.error = std::move(reading.error);
    prepared.pending = PendingFor(std::move(payload), origin, reading.failure, prepared.error);
    return prepared;
  }
  extract::DocumentText* read = &reading.doc;
  const std::string content_type = ContentTypeOf(*read);
  std::string* text = &read->text;
  if (text->empty()) {
    prepared.error = "no text (empty after normalisation)";
    return prepared;
  }
  store::NewDocument doc;
  doc.text_sha256 = extract::Sha256Hex(*text);
  doc.doc_id = doc.text_sha256.substr(0, 16);
  doc.source = store::DocumentSource{
      .kind = origin.kind,
      .origin = origin.origin,
      .payload_sha256 = extract::Sha256Hex(payload),
      .content_type = content_type.empty() ? origin.content_type : content_type,
      .seen = origin.seen.empty() ? NowUtc() : origin.seen};
  doc.source.title = read->title.value_or("");
  doc.source.published = read->published.value_or("");
  if (with_record) doc.record = MakeRecord(*text);
  doc.text = std::move(*text);
  doc.payload = std::move(payload);
  prepared.document = std::move(doc);
  return prepared;
}

}  // namespace xxgk::ingest
