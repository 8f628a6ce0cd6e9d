// Document text: the one entry point from fetched or imported bytes to the text the archive
// stores (normalised UTF-8, see doc_identity.h), whatever the payload's format.
//
//   bytes → limits → format (format_sniff.h) → charset (charset_decode.h) → text or HTML body
//         (html_text.h) → NormalizeDocumentText
//   DOCX: bytes → limits → word/document.xml (docx_text.h) → NormalizeDocumentText
//   PDF: bytes → limits → text layer, lines and tab-separated table rows (pdf_text.h) →
//        NormalizeDocumentText
//   OFD: bytes → limits → text objects laid out like PDF pages (ofd_text.h) → NormalizeDocumentText
//
// Outcomes: kText (text produced, possibly empty, with warnings), kUnsupported (a format this
// step does not convert yet — DOC/WPS, RTF, images, other zips, unknown binary:
// no text, an `unsupported_format` warning, and the caller keeps the payload so a later rebuild
// can convert it), kRefused (over a limit: nothing is half-processed; `refusal_code` and
// `refusal` say why).
// Warning codes (stable): invalid_bytes_replaced, charset_mislabelled, unsupported_format,
// table_spans_clamped, empty_text, no_text_layer (a PDF without a text layer: a scan),
// pdf_repaired (poppler reconstructed a damaged PDF's cross-reference table), pdf_read_errors
// (poppler reported errors reading the content: text may be missing),
// converted_by_libreoffice (set by crawler/ingest/document_input.h, never here: a DOC/WPS payload
// whose text was read from the DOCX LibreOffice made of it; the format stays kDoc).
// Refusal codes (stable): input_too_large, html_too_deep, html_too_large, html_parse_failed,
// zip_too_large,
// docx_damaged, docx_parse_failed, ofd_damaged, ofd_parse_failed, pdf_damaged, pdf_too_large,
// time_limit (the document took longer than DocumentLimits::max_time: checked during the HTML
// parse (in Gumbo's allocator) and its tree walks, every 1024 nodes of the DOCX walk, between PDF and OFD pages
// and every 1024 elements of an OFD page; refused, never half-processed).
// crawler/ingest/document_input.h adds office_timeout and office_failed for DOC/WPS conversion.
//
// Time: `max_time` is a budget per call, turned into a steady_clock deadline (deadline.h) that the
// readers check; a zero budget refuses any HTML, DOCX or PDF at the first check. Plain text is
// decoded in one linear pass and has no check. The parsers themselves (Gumbo, libxml2, poppler's
// document load) cannot be interrupted: their input is bounded by the size limits instead.
//
// Thread-safe: pure function.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/text/charset_decode.h"
#include "extract/text/docx_text.h"
#include "extract/text/format_sniff.h"
#include "extract/text/html_text.h"
#include "extract/text/ofd_text.h"
#include "extract/text/pdf_text.h"

namespace xxgk::extract {

struct DocumentHints {
  std::string_view content_type;  // the HTTP Content-Type, if any
  std::string_view file_name;     // file name or URL path, if any
};

struct DocumentLimits {
  size_t max_input_bytes = size_t{64} << 20;  // 64 MiB
  std::chrono::milliseconds max_time{30000};  // per document; milliseconds::max(): no limit
  // What one conversion may allocate in its parser: the HTML parse tree (HtmlLimits::
  // max_tree_bytes is set from it), and the address space of an isolated conversion
  // (crawler/ingest/isolated_convert.h). 0 leaves the readers' own caps.
  size_t max_memory_bytes = size_t{1} << 30;
  HtmlLimits html;  // (the `deadline` fields of these three are set by ToText from max_time)
  DocxLimits docx;  // includes the cap on the decompressed size of word/document.xml
  OfdLimits ofd;    // the same cap per XML part, and one on all parts together
  PdfLimits pdf;    // pages and text size
};

enum class TextOutcome : uint8_t { kText, kUnsupported, kRefused };

struct DocumentWarning {
  std::string code;    // one of the codes above
  std::string detail;  // for people
};

struct DocumentText {
  TextOutcome outcome = TextOutcome::kText;
  std::string refusal_code;  // kRefused only
  std::string refusal;       // kRefused only: the reason, for people
  std::string text;          // kText: normalised UTF-8
  DocumentFormat format = DocumentFormat::kUnknown;
  FormatEvidence format_evidence = FormatEvidence::kNone;
  // Text and HTML only: the charset decoded from, how it was chosen, sequences replaced.
  std::string charset;
  CharsetSource charset_source = CharsetSource::kFallback;
  size_t invalid_sequences = 0;
  std::string html_body;  // HTML only: how the report body was found (HtmlText::body_source)
  std::vector<DocumentWarning> warnings;
  std::optional<std::string> title;      // HTML <title>
  std::optional<std::string> published;  // YYYY-MM-DD from the page's metadata

  bool ok() const { return outcome == TextOutcome::kText; }
  bool HasWarning(std::string_view code) const;
};

DocumentText ToText(std::string_view bytes, const DocumentHints& hints = {},
                    const DocumentLimits& limits = {});

}  // namespace xxgk::extract
