// GBK / GB18030 bytes → UTF-8 exactly as browsers decode them: the WHATWG Encoding Standard's
// gb18030 decoder (the same decoder serves the "gbk" label), as of whatwg/encoding#336 (2024,
// GB18030-2022 adopted: the 18 two-byte codes that GB18030-2005 mapped to private use, A6D9…A6F3
// and FE59…FEA0, decode to U+FE10…U+FE19 and U+9FB4…U+9FBB).
//
// Why not ICU's converter alone: ICU 72 (Debian 12) "gb18030" is GB18030-2005 and differs from the
// standard in 21 places and in error recovery:
//   - byte 0x80 is U+20AC in WHATWG, invalid in ICU;
//   - A3 A0 is U+3000 in WHATWG (deployed GBK content), U+E5E5 (private use) in ICU;
//   - the 18 two-byte codes above are private use (U+E78D…, U+E81E…) in ICU 72;
//   - on an invalid sequence WHATWG emits one U+FFFD and re-reads the bytes it "restores" (an ASCII
//     trail byte, the second to fourth byte of a broken four-byte sequence); ICU consumes differently.
// So the state machine is written here after the standard, with its two indexes:
//   - index gb18030 (23940 two-byte pointers): built once, on first use, from ICU's GB18030-2005
//     table with the 19 differences above written in as absolute values (so a newer ICU gives the
//     same table). Checked over every pointer against a browser-grade decoder (Node 20 / ICU 78
//     TextDecoder): identical.
//   - index gb18030 ranges (four-byte BMP pointers): 206 ranges (and 189000 → U+10000 for the
//     supplementary planes), derived from ICU 72's four-byte mapping, which equals the standard's
//     ranges; pointer 7457 is U+E7C7 as the standard special-cases.
// Every error becomes U+FFFD and is counted. Thread-safe (the table is built under a static-local
// initialiser and read-only after).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk::extract {

// Decodes `bytes` and appends UTF-8 to *out. Returns the number of errors (U+FFFD written).
size_t DecodeGb18030(std::string_view bytes, std::string* out);

// The standard's "index gb18030 code point" for a two-byte pointer (0…23939), else nullopt.
std::optional<char32_t> Gb18030IndexCodePoint(uint32_t pointer);

// The standard's "index gb18030 ranges code point" for a four-byte pointer, else nullopt.
std::optional<char32_t> Gb18030RangesCodePoint(uint32_t pointer);

}  // namespace xxgk::extract
