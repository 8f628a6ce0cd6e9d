// Reading a payload: its bytes → the document text the archive stores, for everything that reads
// documents (`xxgk text`, `xxgk extract`, import, rebuild, the crawler).
//
// One name per step — which function to call:
//   extract::ToText      the pure, in-process conversion (extract/text/document_text.h): any
//                        format it reads, no child process, no policy; for extract/ and its tests.
//   ingest::ReadText     (here) ToText plus DOC/WPS through LibreOffice and the ingest policy
//                        (text that is not UTF-8 is no document), with an error for people when
//                        the bytes give no text. Every command and the crawler call this one.
//   ingest::PrepareDocument  (document_pipeline.h) ReadText, then identity and record: the
//                        archived document (or the pending entry).
//
// DOC and WPS (legacy binary Word, an OLE2 file: extract::DocumentFormat::kDoc) are converted to
// DOCX by LibreOffice (office_convert.h) and that DOCX goes through ToText. The DocumentText
// keeps format kDoc (what the payload is) and carries a `converted_by_libreoffice` warning
// (how its text was made). When soffice is not installed, or conversion is off
// (OfficeConvertOptions::enabled), DOC/WPS stay kUnsupported (`unsupported_format`: the payload
// is kept and a later rebuild can convert it). A failed conversion is kRefused with refusal code
// `office_timeout` (the converter's wall-clock limit) or `office_failed` (it exited with an
// error or wrote no usable DOCX; the message has the tail of its output).
// PDF is read in a child process when `isolation.program` is set (isolated_convert.h): a
// conversion killed at its time limit is refused `conversion_timeout`, a crashed one
// `conversion_failed`.
// Images (PNG, JPEG, GIF, TIFF: extract::DocumentFormat::kImage) and PDFs without a text layer
// (ToText's `no_text_layer`) are OCRed with Tesseract (extract/text/ocr_text.h) in the same kind
// of child (isolated_convert.h's OcrIsolated; its own time limit, OcrOptions::time_limit): the
// text starts with the OCR header, the DocumentText keeps its format and carries a `read_by_ocr`
// warning with the figures. When OCR is off (OcrOptions::enabled, --no-ocr) or unavailable (no
// chi_sim data), an image stays kUnsupported (`unsupported_format`) and a scanned PDF becomes
// kUnsupported with failure code `no_text_layer`: both are kept pending, so a later rebuild with
// OCR converts them. An OCR past its own time limit is kRefused `ocr_timeout`; one that refused
// the input (damaged image, over the pixel or page limit) `ocr_failed`; a killed or crashed child
// `conversion_timeout` / `conversion_failed` as for PDF.
// Whatever made it, the text is then checked once (extract/text/text_plausibility.h): text that is
// not plausibly a document (over 5% U+FFFD, control, private-use or unassigned characters, or not
// one letter) is kRefused `implausible_text` and kept pending, never archived as a document — the
// noise LibreOffice makes of random bytes behind an OLE2 header, say.
// Thread-safe: no shared state (a conversion runs a child process of its own).
#pragma once

#include <string>
#include <string_view>

#include "crawler/ingest/isolated_convert.h"
#include "crawler/ingest/office_convert.h"
#include "extract/text/document_text.h"

namespace xxgk::ingest {

// How payloads are converted: ToText's limits, the DOC/WPS converter, OCR and the child process
// PDF and OCR run in. One value, set from the command line (cli::AddConversionOptions: --convert-timeout
// and --convert-memory set the limits of every format and of LibreOffice together) and passed
// down unchanged. docs/hardening.md ("Per-document limits") lists what each format checks.
struct ConvertOptions {
  extract::DocumentLimits limits;
  OfficeConvertOptions office;
  IsolationOptions isolation;  // empty program: PDF is read and OCR runs in-process
  OcrOptions ocr;              // images and scanned PDFs
};

// Why a payload gave no text.
struct TextFailure {
  // kUnsupported (a format not converted yet) or kRefused (over a limit, damaged); kText when
  // the bytes are text but not valid UTF-8 (not a report: nothing to convert later).
  extract::TextOutcome outcome = extract::TextOutcome::kText;
  // "unsupported_format", "no_text_layer" (a scanned PDF while OCR is off or unavailable), a
  // refusal code, or "invalid_utf8"
  std::string code;
  std::string format;  // extract::FormatName of the format found
};

// What ReadText found: always the DocumentText (outcome, format, charset, warnings, and the text
// when there is one); when the bytes give no document text, why, for people and for the archive.
struct TextReading {
  extract::DocumentText doc;
  std::string error;    // empty when doc.text is the document's text; else the reason, for people
  TextFailure failure;  // set when `error` is

  bool ok() const { return error.empty(); }
};

// Reads `bytes` (hints: the Content-Type and file name or URL, for the format and charset).
// `error` is set when:
//   - refused over a limit or damaged ("refused (input_too_large): …");
//   - a format not converted yet ("unsupported format pdf (not converted to text yet)");
//   - plain text that is neither valid UTF-8 nor any charset that was declared or detected
//     ("not valid UTF-8 (first bad byte at offset N)"): such a file is most likely not a report
//     text at all, so it is an error rather than a text full of U+FFFD;
//   - the text is not plausibly a document ("refused (implausible_text): …", see above).
// `convert`: the limits and how DOC/WPS are converted (see above).
TextReading ReadText(std::string_view bytes, const extract::DocumentHints& hints,
                     const ConvertOptions& convert = {});

}  // namespace xxgk::ingest
