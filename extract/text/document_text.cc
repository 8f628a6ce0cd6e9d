// Document text: bytes → stored text. See document_text.h.
#include "extract/text/document_text.h"

#include "extract/text/doc_identity.h"
#include "extract/text/docx_text.h"
#include "extract/text/ofd_text.h"
#include "extract/text/pdf_text.h"

namespace xxgk::extract {
namespace {

// The text as stored: normalised (doc_identity.h), and a fixed point of that normalisation. It
// removes one leading byte-order mark; a text that starts with several U+FEFF (decoded from
// bytes that repeat the mark) loses them all here, else re-importing the exported text would
// name it differently.
std::string StoredText(std::string_view text) {
  std::string normalized = NormalizeDocumentText(text);
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  size_t start = 0;
  while (std::string_view(normalized).substr(start, kBom.size()) == kBom) start += kBom.size();
  normalized.erase(0, start);
  return normalized;
}

void Refuse(DocumentText* result, std::string code, std::string reason,
            const DocumentLimits& limits) {
  if (code == "time_limit") {
    reason = "over the time limit of " + std::to_string(limits.max_time.count()) + " ms: " + reason;
  }
  result->outcome = TextOutcome::kRefused;
  result->refusal_code = std::move(code);
  result->refusal = std::move(reason);
  result->text.clear();
}

void Decode(std::string_view bytes, const DocumentHints& hints, bool html, DocumentText* result,
            std::string* utf8) {
  DecodedText decoded = DecodeToUtf8(bytes, CharsetHints{hints.content_type, html});
  result->charset = decoded.charset;
  result->charset_source = decoded.source;
  result->invalid_sequences = decoded.invalid_sequences;
  if (decoded.source == CharsetSource::kDeclaredMismatch) {
    result->warnings.push_back({"charset_mislabelled", "declared " + decoded.declared +
                                                           ", decoded as " + decoded.charset});
  }
  if (decoded.invalid_sequences > 0) {
    result->warnings.push_back(
        {"invalid_bytes_replaced", std::to_string(decoded.invalid_sequences) +
                                       " byte sequences not valid " + decoded.charset +
                                       " replaced by U+FFFD"});
  }
  *utf8 = std::move(decoded.utf8);
}

}  // namespace

bool DocumentText::HasWarning(std::string_view code) const {
  for (const auto& w : warnings) {
    if (w.code == code) return true;
  }
  return false;
}

DocumentText ToText(std::string_view bytes, const DocumentHints& hints,
                    const DocumentLimits& given_limits) {
  DocumentText result;
  if (bytes.size() > given_limits.max_input_bytes) {
    Refuse(&result, "input_too_large",
           std::to_string(bytes.size()) + " bytes, over the limit of " +
               std::to_string(given_limits.max_input_bytes),
           given_limits);
    return result;
  }
  DocumentLimits limits = given_limits;
  const Deadline deadline = DeadlineAfter(limits.max_time);
  limits.html.deadline = deadline;
  if (limits.max_memory_bytes > 0) limits.html.max_tree_bytes = limits.max_memory_bytes;
  limits.docx.deadline = deadline;
  limits.pdf.deadline = deadline;
  limits.ofd.deadline = deadline;
  const SniffedFormat sniffed =
      SniffFormat(bytes, FormatHints{hints.content_type, hints.file_name});
  result.format = sniffed.format;
  result.format_evidence = sniffed.evidence;

  if (sniffed.format == DocumentFormat::kText) {
    std::string utf8;
    Decode(bytes, hints, /*html=*/false, &result, &utf8);
    result.text = StoredText(utf8);
  } else if (sniffed.format == DocumentFormat::kHtml) {
    std::string utf8;
    Decode(bytes, hints, /*html=*/true, &result, &utf8);
    HtmlText html = HtmlToText(utf8, limits.html);
    if (!html.refusal.empty()) {
      Refuse(&result, html.refusal_code, html.refusal, limits);
      return result;
    }
    result.text = StoredText(html.text);
    result.title = std::move(html.title);
    result.published = std::move(html.published);
    result.html_body = std::move(html.body_source);
    if (html.spans_clamped) {
      result.warnings.push_back(
          {"table_spans_clamped", "table cell budget exhausted; later spans counted as 1"});
    }
  } else if (sniffed.format == DocumentFormat::kDocx) {
    DocxText docx = DocxToText(bytes, limits.docx);
    if (!docx.refusal.empty()) {
      Refuse(&result, docx.refusal_code, docx.refusal, limits);
      return result;
    }
    result.text = StoredText(docx.text);
    if (docx.spans_clamped) {
      result.warnings.push_back(
          {"table_spans_clamped", "table cell budget exhausted; later spans counted as 1"});
    }
  } else if (sniffed.format == DocumentFormat::kOfd) {
    OfdText ofd = OfdToText(bytes, limits.ofd);
    if (!ofd.refusal.empty()) {
      Refuse(&result, ofd.refusal_code, ofd.refusal, limits);
      return result;
    }
    result.text = StoredText(ofd.text);
    if (ofd.no_text_layer) {
      result.warnings.push_back(
          {"no_text_layer", std::to_string(ofd.pages) +
                                " page(s) without any text object: a scanned OFD (OCR is not done)"});
    }
  } else if (sniffed.format == DocumentFormat::kPdf) {
    PdfText pdf = PdfToText(bytes, limits.pdf);
    if (!pdf.refusal.empty()) {
      Refuse(&result, pdf.refusal_code, pdf.refusal, limits);
      return result;
    }
    result.text = StoredText(pdf.text);
    if (pdf.repaired) {
      result.warnings.push_back(
          {"pdf_repaired", "the PDF is damaged (" + pdf.repair +
                               "): poppler reconstructed its cross-reference table; text may be "
                               "missing"});
    }
    if (pdf.read_errors > 0) {
      result.warnings.push_back(
          {"pdf_read_errors", std::to_string(pdf.read_errors) +
                                  " error(s) while reading the PDF, content may be missing; "
                                  "first: " + pdf.first_read_error});
    }
    if (pdf.no_text_layer) {
      result.warnings.push_back(
          {"no_text_layer", std::to_string(pdf.pages) +
                                " page(s) without any text: a scanned PDF (OCR is not done)"});
    }
  } else {
    result.outcome = TextOutcome::kUnsupported;
    result.warnings.push_back(
        {"unsupported_format", std::string(FormatName(sniffed.format)) +
                                   " is not converted to text yet; keep the payload"});
    return result;
  }
  if (result.text.find_first_not_of(" \t\n") == std::string::npos) {
    result.warnings.push_back({"empty_text", "no text found"});
  }
  return result;
}

}  // namespace xxgk::extract
