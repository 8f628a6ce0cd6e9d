// Turning a payload's bytes into the document text the archive stores, for everything that reads
// documents (`xxgk text`, `xxgk extract`, import, rebuild, the crawler): any format
// extract::ToText reads, with an error message for people when the bytes give no text.
//
// DOC and WPS (legacy binary Word, an OLE2 file: extract::DocumentFormat::kDoc) are converted to
// DOCX by LibreOffice (office_convert.h) and that DOCX goes through ToText. The DocumentText
// keeps format kDoc (what the payload is) and carries a `converted_by_libreoffice` warning
// (how its text was made). When soffice is not installed, or conversion is off
// (OfficeConvertOptions::enabled), DOC/WPS stay kUnsupported (`unsupported_format`: the payload
// is kept and a later rebuild can convert it). A failed conversion is kRefused with refusal code
// `office_timeout` (the converter's wall-clock limit) or `office_failed` (it exited with an
// error or wrote no usable DOCX; the message has the tail of its output).
// Thread-safe: no shared state (a conversion runs a child process of its own).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/ingest/office_convert.h"
#include "extract/text/document_text.h"

namespace xxgk::ingest {

// How payloads are converted: ToText's limits and the DOC/WPS converter. One value, set from the
// command line (cli::AddConversionOptions) and passed down unchanged.
struct ConvertOptions {
  extract::DocumentLimits limits;
  OfficeConvertOptions office;
};

// Why a payload gave no text.
struct TextFailure {
  // kUnsupported (a format not converted yet) or kRefused (over a limit, damaged); kText when
  // the bytes are text but not valid UTF-8 (not a report: nothing to convert later).
  extract::TextOutcome outcome = extract::TextOutcome::kText;
  std::string code;    // "unsupported_format", a refusal code, or "invalid_utf8"
  std::string format;  // extract::FormatName of the format found
};

// Returns ToText's result when it produced text, or nullopt with `*error` set:
//   - refused over a limit ("refused (input_too_large): …");
//   - a format not converted yet ("unsupported format pdf (not converted to text yet)");
//   - plain text that is neither valid UTF-8 nor any charset that was declared or detected
//     ("not valid UTF-8 (first bad byte at offset N)"): such a file is most likely not a report
//     text at all, so it is an error rather than a text full of U+FFFD.
// `file_name` is a hint for the format (its extension); may be empty.
// `failure` (optional) gets why there is no text, for callers that keep such payloads for later.
// `convert`: the limits and how DOC/WPS are converted (see above).
std::optional<extract::DocumentText> ReadDocumentText(std::string_view bytes,
                                                      std::string_view file_name,
                                                      std::string_view content_type,
                                                      std::string* error,
                                                      TextFailure* failure = nullptr,
                                                      const ConvertOptions& convert = {});

// ToText, with DOC/WPS converted through LibreOffice as described above: the DocumentText with
// its outcome (kText, kUnsupported or kRefused), never an error string.
extract::DocumentText DocumentToText(std::string_view bytes, const extract::DocumentHints& hints,
                                     const ConvertOptions& convert = {});

}  // namespace xxgk::ingest
