// Payload bytes → document text, with errors for people. See document_input.h.
#include "crawler/ingest/document_input.h"

#include "extract/text/doc_identity.h"

namespace xxgk::ingest {
namespace {

// ToText, in a child process for the formats read there (isolated_convert.h) when configured.
extract::DocumentText ConvertBytes(std::string_view bytes, const extract::DocumentHints& hints,
                                   const ConvertOptions& convert) {
  if (!convert.isolation.program.empty() &&
      IsIsolated(extract::SniffFormat(bytes, {hints.content_type, hints.file_name}).format)) {
    return ToTextIsolated(bytes, hints, convert.limits, convert.isolation);
  }
  return extract::ToText(bytes, hints, convert.limits);
}

std::string LastWarningDetail(const extract::DocumentText& doc) {
  return doc.warnings.empty() ? "" : doc.warnings.back().detail;
}

// ToText, with DOC/WPS converted through LibreOffice: the DocumentText with its outcome.
extract::DocumentText ConvertWithOffice(std::string_view bytes,
                                        const extract::DocumentHints& hints,
                                        const ConvertOptions& convert) {
  const extract::DocumentLimits& limits = convert.limits;
  const OfficeConvertOptions& office = convert.office;
  extract::DocumentText doc = ConvertBytes(bytes, hints, convert);
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

}  // namespace

TextReading ReadText(std::string_view bytes, const extract::DocumentHints& hints,
                     const ConvertOptions& convert) {
  TextReading reading;
  reading.doc = ConvertWithOffice(bytes, hints, convert);
  const extract::DocumentText& doc = reading.doc;
  const std::string format(extract::FormatName(doc.format));
  switch (doc.outcome) {
    case extract::TextOutcome::kRefused:
      reading.failure = TextFailure{doc.outcome, doc.refusal_code, format};
      reading.error = "refused (" + doc.refusal_code + "): " + doc.refusal;
      return reading;
    case extract::TextOutcome::kUnsupported:
      reading.failure = TextFailure{doc.outcome, "unsupported_format", format};
      reading.error = "unsupported format " + format + " (not converted to text yet)";
      if (doc.format == extract::DocumentFormat::kDoc) {
        reading.error += convert.office.enabled
                             ? "; DOC/WPS need LibreOffice: " + LastWarningDetail(doc)
                             : "; LibreOffice conversion is turned off";
      }
      return reading;
    case extract::TextOutcome::kText:
      break;
  }
  if (doc.format == extract::DocumentFormat::kText && doc.invalid_sequences > 0 &&
      doc.charset == "UTF-8" && doc.charset_source == extract::CharsetSource::kFallback) {
    const size_t offset = extract::FindInvalidUtf8(bytes).value_or(0);
    reading.failure = TextFailure{extract::TextOutcome::kText, "invalid_utf8", "text"};
    reading.error = "not valid UTF-8 (first bad byte at offset " + std::to_string(offset) +
                    ") and no other charset declared or detected";
  }
  return reading;
}

}  // namespace xxgk::ingest
