// Payload bytes → document text, with errors for people. See document_input.h.
#include "crawler/ingest/document_input.h"

#include "extract/doc_identity.h"

namespace xxgk::ingest {

std::optional<extract::DocumentText> ReadDocumentText(std::string_view bytes,
                                                      std::string_view file_name,
                                                      std::string_view content_type,
                                                      std::string* error) {
  extract::DocumentText doc = extract::ToText(bytes, {content_type, file_name});
  switch (doc.outcome) {
    case extract::TextOutcome::kRefused:
      *error = "refused (" + doc.refusal_code + "): " + doc.refusal;
      return std::nullopt;
    case extract::TextOutcome::kUnsupported:
      *error = "unsupported format " + std::string(extract::FormatName(doc.format)) +
               " (not converted to text yet)";
      return std::nullopt;
    case extract::TextOutcome::kText:
      break;
  }
  if (doc.format == extract::DocumentFormat::kText && doc.invalid_sequences > 0 &&
      doc.charset == "UTF-8" && doc.charset_source == extract::CharsetSource::kFallback) {
    const size_t offset = extract::FindInvalidUtf8(bytes).value_or(0);
    *error = "not valid UTF-8 (first bad byte at offset " + std::to_string(offset) +
             ") and no other charset declared or detected";
    return std::nullopt;
  }
  return doc;
}

}  // namespace xxgk::ingest
