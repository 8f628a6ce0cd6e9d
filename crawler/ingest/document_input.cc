// Payload bytes → document text, with errors for people. See document_input.h.
#include "crawler/ingest/document_input.h"

#include "extract/text/doc_identity.h"

namespace xxgk::ingest {
namespace {

std::string LastWarningDetail(const extract::DocumentText& doc) {
  return doc.warnings.empty() ? "" : doc.warnings.back().detail;
}

}  // namespace

extract::DocumentText DocumentToText(std::string_view bytes, const extract::DocumentHints& hints,
                                     const ConvertOptions& convert) {
  const extract::DocumentLimits& limits = convert.limits;
  const OfficeConvertOptions& office = convert.office;
  extract::DocumentText doc = extract::ToText(bytes, hints, limits);
  if (doc.outcome != extract::TextOutcome::kUnsupported ||
      doc.format != extract::DocumentFormat::kDoc || !office.enabled) {
    return doc;
  }
  OfficeConversion converted = ConvertToDocx(bytes, office);
  if (converted.error == OfficeError::kNotInstalled) {
    doc.warnings.back().detail = converted.message;
    return doc;
  }
  if (!converted.ok()) {
    extract::DocumentText refused;
    refused.outcome = extract::TextOutcome::kRefused;
    refused.format = doc.format;
    refused.format_evidence = doc.format_evidence;
    refused.refusal_code =
        converted.error == OfficeError::kTimeout ? "office_timeout" : "office_failed";
    refused.refusal = "LibreOffice conversion " + std::string(OfficeErrorName(converted.error)) +
                      ": " + converted.message;
    return refused;
  }
  extract::DocumentText text = extract::ToText(converted.docx, {}, limits);
  text.format = doc.format;
  text.format_evidence = doc.format_evidence;
  if (text.outcome == extract::TextOutcome::kText) {
    text.warnings.insert(text.warnings.begin(),
                         {"converted_by_libreoffice", "DOC/WPS converted to DOCX by LibreOffice (" +
                                                          std::to_string(converted.docx.size()) +
                                                          " bytes) before reading"});
  }
  return text;
}

std::optional<extract::DocumentText> ReadDocumentText(std::string_view bytes,
                                                      std::string_view file_name,
                                                      std::string_view content_type,
                                                      std::string* error,
                                                      TextFailure* failure,
                                                      const ConvertOptions& convert) {
  const OfficeConvertOptions& office = convert.office;
  extract::DocumentText doc = DocumentToText(bytes, {content_type, file_name}, convert);
  const std::string format(extract::FormatName(doc.format));
  switch (doc.outcome) {
    case extract::TextOutcome::kRefused:
      if (failure) *failure = TextFailure{doc.outcome, doc.refusal_code, format};
      *error = "refused (" + doc.refusal_code + "): " + doc.refusal;
      return std::nullopt;
    case extract::TextOutcome::kUnsupported:
      if (failure) *failure = TextFailure{doc.outcome, "unsupported_format", format};
      *error = "unsupported format " + std::string(extract::FormatName(doc.format)) +
               " (not converted to text yet)";
      if (doc.format == extract::DocumentFormat::kDoc) {
        *error += office.enabled ? "; DOC/WPS need LibreOffice: " + LastWarningDetail(doc)
                                 : "; LibreOffice conversion is turned off";
      }
      return std::nullopt;
    case extract::TextOutcome::kText:
      break;
  }
  if (doc.format == extract::DocumentFormat::kText && doc.invalid_sequences > 0 &&
      doc.charset == "UTF-8" && doc.charset_source == extract::CharsetSource::kFallback) {
    const size_t offset = extract::FindInvalidUtf8(bytes).value_or(0);
    if (failure) *failure = TextFailure{extract::TextOutcome::kText, "invalid_utf8", "text"};
    *error = "not valid UTF-8 (first bad byte at offset " + std::to_string(offset) +
             ") and no other charset declared or detected";
    return std::nullopt;
  }
  return doc;
}

}  // namespace xxgk::ingest
