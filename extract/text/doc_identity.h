// Document identity: the text normalisation every stored document goes through, and the content
// hash that names it (DESIGN.md "Document identity").
//
//   doc_id = first 16 lower-case hex digits of SHA-256 over the normalised UTF-8 text.
//
// Normalisation (documented in README.md, stable: changing it renames every archived document):
//   1. a leading UTF-8 byte-order mark is removed;
//   2. line endings CR LF and lone CR become LF;
//   3. trailing white space of every line is removed: ASCII space, tab, vertical tab, form feed,
//      U+00A0 NO-BREAK SPACE and U+3000 IDEOGRAPHIC SPACE.
// Nothing else changes: blank lines, leading spaces and the text itself are kept as they are.
//
// Thread-safe: all functions are pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk::extract {

// Returns the byte offset of the first invalid UTF-8 sequence in `bytes`, or nullopt when the
// bytes are well-formed UTF-8 (overlong forms, surrogates and values above U+10FFFF are invalid).
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

// Applies the normalisation above. REQUIRES: `text` is valid UTF-8.
std::string NormalizeDocumentText(std::string_view text);

// Lower-case hex SHA-256 of `bytes` (64 digits).
std::string Sha256Hex(std::string_view bytes);

// The 16-hex-digit document id of already-normalised text.
std::string DocIdOfNormalized(std::string_view normalized_text);

}  // namespace xxgk::extract
