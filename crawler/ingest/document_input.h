// Turning a payload's bytes into the document text the archive stores, for everything that reads
// documents (`xxgk text`, `xxgk extract`, import, rebuild, the crawler): any format
// extract::ToText reads, with an error message for people when the bytes give no text.
// Thread-safe: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extract/document_text.h"

namespace xxgk::ingest {

// Returns ToText's result when it produced text, or nullopt with `*error` set:
//   - refused over a limit ("refused (input_too_large): …");
//   - a format not converted yet ("unsupported format pdf (not converted to text yet)");
//   - plain text that is neither valid UTF-8 nor any charset that was declared or detected
//     ("not valid UTF-8 (first bad byte at offset N)"): such a file is most likely not a report
//     text at all, so it is an error rather than a text full of U+FFFD.
// `file_name` is a hint for the format (its extension); may be empty.
std::optional<extract::DocumentText> ReadDocumentText(std::string_view bytes,
                                                      std::string_view file_name,
                                                      std::string_view content_type,
                                                      std::string* error);

}  // namespace xxgk::ingest
