// Value encodings of the archive tables: big-endian integer keys (so LMDB's byte order is numeric
// order), zstd-compressed blobs with a frame checksum, "header line + body" framing for values
// that carry JSON metadata in front of bulk bytes, and base64 for bytes inside JSON.
//
// Compressed blobs start with one codec byte: 'z' (zstd frame with content size and checksum) or
// 'r' (raw bytes, for tiny values where compression does not pay). A damaged frame is detected by
// zstd's checksum and reported, never returned as data.
// Thread-safe: all functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::store {

std::string EncodeU64Key(uint64_t n);
// REQUIRES: key.size() == 8.
uint64_t DecodeU64Key(std::string_view key);
std::string EncodeU32(uint32_t n);
// REQUIRES: bytes.size() == 4.
uint32_t DecodeU32(std::string_view bytes);

std::string CompressBlob(std::string_view raw);
// Decompresses a CompressBlob value. Refuses (without allocating) a blob that claims to be larger
// than `max_bytes`.
Status DecompressBlob(std::string_view stored, size_t max_bytes, std::string* raw);
// The uncompressed size a blob declares (0 for an unreadable blob).
uint64_t BlobRawSize(std::string_view stored);

// RFC 4648 base64 (with '=' padding), for bytes kept inside a JSON value (a redirect hop's body).
std::string Base64Encode(std::string_view bytes);
// false (and `*bytes` unspecified) when `text` is not padded base64.
bool Base64Decode(std::string_view text, std::string* bytes);

// "header\nbody": header must not contain '\n' (compact JSON never does).
std::string Frame(std::string_view header, std::string_view body);
// Splits a framed value; false when there is no '\n'.
bool Unframe(std::string_view value, std::string_view* header, std::string_view* body);

}  // namespace xxgk::store
