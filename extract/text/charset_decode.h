// Charset decoding: the bytes of a text or HTML payload → UTF-8, with the charset used, how it
// was chosen, and how many invalid byte sequences were replaced.
//
// The charset is chosen in this order (the first that applies wins):
//   1. a byte-order mark (UTF-8, UTF-16LE/BE). It comes first, as in the HTML standard's decode
//      algorithm: a BOM cannot be there by accident, while headers and meta tags are often stale
//      after a CMS migration;
//   2. the charset parameter of the HTTP Content-Type header;
//   3. for HTML, a <meta charset> or <meta http-equiv=Content-Type content="…charset=…"> found by
//      a prescan of the first 4096 bytes (comments skipped; an XML declaration's encoding too);
//   4. undeclared bytes: valid UTF-8 is UTF-8; otherwise uchardet's guess when it is a charset
//      Chinese portals use (GB18030 family, Big5, UTF-16/32); otherwise GB18030 if the bytes are
//      valid GB18030; otherwise UTF-8 with replacements.
// A declaration (2 or 3) that does not fit is overridden, and says so (kDeclaredMismatch): a
// page declared GBK/GB2312 whose bytes are valid UTF-8 with several multi-byte characters is
// UTF-8 (real GBK text is almost never valid UTF-8), and a page declared UTF-8 whose bytes are
// invalid UTF-8 but valid GB18030 is GB18030.
// Every GBK/GB2312/x-gbk/cp936/EUC-CN label decodes as GB18030 (its superset), with the WHATWG
// gb18030 decoder browsers use (gb18030_decode.h). Labels ICU does not know are ignored. Other
// charsets use ICU converters; an invalid or unmappable sequence becomes
// U+FFFD and is counted, never an error; so is U+0000 (a NUL is never text). A leading BOM is not
// copied into the output.
//
// Thread-safe: pure functions (each call opens its own converter and detector).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk::extract {

enum class CharsetSource : uint8_t {
  kByteOrderMark,
  kHttpHeader,
  kMetaTag,
  kDeclaredMismatch,  // a declaration was overridden because the bytes contradict it
  kValidUtf8,         // undeclared, and valid UTF-8
  kDetected,          // undeclared; uchardet's guess
  kFallback,          // undeclared, nothing detected: GB18030 if valid, else UTF-8
};

// "bom", "http_header", "meta", "declared_mismatch", "valid_utf8", "detected", "fallback".
std::string_view CharsetSourceName(CharsetSource source);

struct DecodedText {
  std::string utf8;     // valid UTF-8, no leading BOM
  std::string charset;  // the converter used: "UTF-8", "GB18030", "Big5", "UTF-16LE", …
  CharsetSource source = CharsetSource::kFallback;
  std::string declared;          // the declared label when one was found (even if overridden)
  size_t invalid_sequences = 0;  // byte sequences replaced by U+FFFD
};

struct CharsetHints {
  std::string_view content_type;  // HTTP Content-Type, may be empty
  bool html = false;              // prescan for <meta> declarations
};

DecodedText DecodeToUtf8(std::string_view bytes, const CharsetHints& hints);

// The charset parameter of a Content-Type value ("text/html; charset=\"gbk\"" → "gbk").
std::optional<std::string> CharsetFromContentType(std::string_view content_type);

// The charset declared by a <meta> tag (or XML declaration) in the first 4096 bytes.
std::optional<std::string> PrescanMetaCharset(std::string_view bytes);

// The ICU converter name for a label, with the GB family mapped to "GB18030"; empty when ICU
// does not know the label or it names no usable text encoding.
std::string CanonicalCharset(std::string_view label);

}  // namespace xxgk::extract
