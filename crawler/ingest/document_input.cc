// Payload bytes → document text, with errors for people. See document_input.h.
#include "crawler/ingest/document_input.h"

#include <cstdio>

#include "extract/text/doc_identity.h"
#include "extract/text/text_plausibility.h"

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

bool IsScannedPdf(const extract::DocumentText& doc) {
  return doc.format == extract::DocumentFormat::kPdf && doc.outcome == extract::TextOutcome::kText &&
         doc.HasWarning("no_text_layer");
}

// Empty when OCR can run under `ocr` (enabled, the language's data present); else why not.
std::string OcrUnavailableReason(const OcrOptions& ocr) {
  if (!ocr.enabled) return "OCR is turned off (--no-ocr)";
  extract::OcrLimits limits;
  limits.tessdata = ocr.tessdata;
  const std::string problem = extract::OcrDataProblem(limits);
  return problem.empty() ? "" : "OCR unavailable: " + problem;
}

// An image or a scanned PDF through OCR (isolated_convert.h's OcrIsolated); anything else
// unchanged.
extract::DocumentText ConvertWithOcr(std::string_view bytes, extract::DocumentText doc,
                                     const ConvertOptions& convert) {
  const bool image = doc.format == extract::DocumentFormat::kImage &&
                     doc.outcome == extract::TextOutcome::kUnsupported;
  if (!image && !IsScannedPdf(doc)) return doc;
  std::string unavailable = OcrUnavailableReason(convert.ocr);
  extract::OcrText read;
  if (unavailable.empty()) {
    read = OcrIsolated(bytes, image ? OcrSource::kImage : OcrSource::kPdf, convert.ocr,
                       convert.limits, convert.isolation);
    if (read.refusal_code == "ocr_unavailable") unavailable = "OCR unavailable: " + read.refusal;
  }
  if (!unavailable.empty()) {
    if (image) {
      doc.warnings.back().detail = "an image needs OCR; " + unavailable;
    } else {
      doc.outcome = extract::TextOutcome::kUnsupported;
      doc.warnings.push_back({"unsupported_format", "a scanned PDF needs OCR; " + unavailable});
    }
    return doc;
  }
  if (!read.refusal_code.empty()) {
    extract::DocumentText refused;
    refused.outcome = extract::TextOutcome::kRefused;
    refused.format = doc.format;
    refused.format_evidence = doc.format_evidence;
    const std::string& code = read.refusal_code;
    if (code == "conversion_timeout" || code == "conversion_failed") {
      refused.refusal_code = code;
      refused.refusal = "OCR: " + read.refusal;
    } else {
      refused.refusal_code = code == "time_limit" ? "ocr_timeout" : "ocr_failed";
      refused.refusal = "OCR " + code + ": " + read.refusal;
    }
    return refused;
  }
  extract::DocumentText text;
  text.format = doc.format;
  text.format_evidence = doc.format_evidence;
  text.text = extract::NormalizeDocumentText(read.text);
  char figures[160];
  std::snprintf(figures, sizeof figures,
                "%zu page(s), %zu words, mean confidence %.1f, %zu digit(s) unsure (written \u25A1)",
                read.pages, read.words, read.mean_confidence, read.unsure_digits);
  text.warnings.push_back({"read_by_ocr", "text read by OCR (Tesseract): " + std::string(figures)});
  if (text.text.find_first_not_of(" \t\n") == std::string::npos) {
    text.warnings.push_back({"empty_text", "OCR found no text"});
  }
  return text;
}

// Every converted text, whatever made it (ToText, the PDF child, LibreOffice, OCR), is checked
// here, once: text that is not plausibly a document (text_plausibility.h) is refused
// `implausible_text`, so the payload is kept pending rather than archived as a document.
void RefuseImplausibleText(TextReading* reading) {
  extract::DocumentText& doc = reading->doc;
  const std::string reason = extract::ImplausibleTextReason(doc.text);
  if (reason.empty()) return;
  doc.outcome = extract::TextOutcome::kRefused;
  doc.refusal_code = "implausible_text";
  doc.refusal = "the converted text is not plausibly a document: " + reason;
  doc.text.clear();
  reading->failure =
      TextFailure{doc.outcome, doc.refusal_code, std::string(extract::FormatName(doc.format))};
  reading->error = "refused (" + doc.refusal_code + "): " + doc.refusal;
}

}  // namespace

TextReading ReadText(std::string_view bytes, const extract::DocumentHints& hints,
                     const ConvertOptions& convert) {
  TextReading reading;
  reading.doc = ConvertWithOcr(bytes, ConvertWithOffice(bytes, hints, convert), convert);
  const extract::DocumentText& doc = reading.doc;
  const std::string format(extract::FormatName(doc.format));
  switch (doc.outcome) {
    case extract::TextOutcome::kRefused:
      reading.failure = TextFailure{doc.outcome, doc.refusal_code, format};
      reading.error = "refused (" + doc.refusal_code + "): " + doc.refusal;
      return reading;
    case extract::TextOutcome::kUnsupported:
      if (doc.format == extract::DocumentFormat::kPdf) {
        reading.failure = TextFailure{doc.outcome, "no_text_layer", format};
        reading.error = "scanned PDF without a text layer, not OCRed: " + LastWarningDetail(doc);
        return reading;
      }
      reading.failure = TextFailure{doc.outcome, "unsupported_format", format};
      reading.error = "unsupported format " + format + " (not converted to text yet)";
      if (doc.format == extract::DocumentFormat::kImage) {
        reading.error += "; " + LastWarningDetail(doc);
      }
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
    return reading;
  }
  RefuseImplausibleText(&reading);
  return reading;
}

}  // namespace xxgk::ingest
