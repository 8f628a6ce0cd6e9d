// Archive value encodings: integer keys, zstd blobs, framing, base64. See value_codec.h.
#include "store/value_codec.h"

#include <openssl/evp.h>
#include <zstd.h>

namespace xxgk::store {
namespace {

constexpr char kZstd = 'z';
constexpr char kRaw = 'r';
constexpr size_t kCompressAbove = 64;  // smaller values are stored raw
constexpr int kZstdLevel = 3;          // zstd's default: ~300 MB/s, ratio ~4 on report texts

// One compression and one decompression context per thread, made on first use and kept: zstd's
// one-shot calls make and free a context each time, whose set-up was most of the cost of the
// small values the archive holds (a rebuild reads two per document).
struct ZstdContexts {
  ZSTD_CCtx* compress = ZSTD_createCCtx();
  ZSTD_DCtx* decompress = ZSTD_createDCtx();
  ZstdContexts() {
    ZSTD_CCtx_setParameter(compress, ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(compress, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(compress, ZSTD_c_contentSizeFlag, 1);
  }
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
  ZstdContexts(const ZstdContexts&) = delete;
  ZstdContexts& operator=(const ZstdContexts&) = delete;
};

ZstdContexts& Contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

}  // namespace

std::string EncodeU64Key(uint64_t n) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, n >>= 8) key[static_cast<size_t>(i)] = static_cast<char>(n & 0xFF);
  return key;
}

uint64_t DecodeU64Key(std::string_view key) {
  uint64_t n = 0;
  for (char c : key.substr(0, 8)) n = (n << 8) | static_cast<unsigned char>(c);
  return n;
}

std::string EncodeU32(uint32_t n) {
  std::string key(4, '\0');
  for (int i = 3; i >= 0; --i, n >>= 8) key[static_cast<size_t>(i)] = static_cast<char>(n & 0xFF);
  return key;
}

uint32_t DecodeU32(std::string_view bytes) {
  uint32_t n = 0;
  for (char c : bytes.substr(0, 4)) n = (n << 8) | static_cast<unsigned char>(c);
  return n;
}

std::string CompressBlob(std::string_view raw) {
  if (raw.size() <= kCompressAbove) return kRaw + std::string(raw);
  std::string out(1 + ZSTD_compressBound(raw.size()), '\0');
  out[0] = kZstd;
  // compress2 starts a new frame with the context's parameters, which persist between calls.
  const size_t n =
      ZSTD_compress2(Contexts().compress, out.data() + 1, out.size() - 1, raw.data(), raw.size());
  if (ZSTD_isError(n)) return kRaw + std::string(raw);  // cannot happen with a bound-sized buffer
  out.resize(1 + n);
  return out;
}

uint64_t BlobRawSize(std::string_view stored) {
  if (stored.empty()) return 0;
  if (stored[0] == kRaw) return stored.size() - 1;
  if (stored[0] != kZstd) return 0;
  const unsigned long long n = ZSTD_getFrameContentSize(stored.data() + 1, stored.size() - 1);
  return n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : n;
}

Status DecompressBlob(std::string_view stored, size_t max_bytes, std::string* raw) {
  if (stored.empty()) return Status::Error("empty stored value");
  if (stored[0] == kRaw) {
    raw->assign(stored.substr(1));
    return Status::Ok();
  }
  if (stored[0] != kZstd) return Status::Error("unknown value encoding");
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data() + 1, stored.size() - 1);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::Error("damaged compressed value (bad frame header)");
  }
  if (size > max_bytes) {
    return Status::Error("compressed value declares " + std::to_string(size) +
                         " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  raw->resize(size);
  const size_t n = ZSTD_decompressDCtx(Contexts().decompress, raw->data(), raw->size(),
                                       stored.data() + 1, stored.size() - 1);
  if (ZSTD_isError(n) || n != size) {
    raw->clear();
    return Status::Error(std::string("damaged compressed value (") +
                         (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "size mismatch") + ")");
  }
  return Status::Ok();
}

std::string Base64Encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  if (bytes.empty()) return text;
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(n));
  return text;
}

bool Base64Decode(std::string_view text, std::string* bytes) {
  bytes->clear();
  if (text.size() % 4 != 0) return false;
  if (text.empty()) return true;
  bytes->resize(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes->data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  // The padding decodes to zero bytes that are not part of the data.
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text[text.size() - 2] == '=') ++padding;
  bytes->resize(static_cast<size_t>(n) - padding);
  // EVP_DecodeBlock also takes '=' inside the text and skips blanks: only the one text that
  // encodes these bytes is base64 here.
  return Base64Encode(*bytes) == text;
}

std::string Frame(std::string_view header, std::string_view body) {
  std::string out;
  out.reserve(header.size() + 1 + body.size());
  out.append(header).push_back('\n');
  out.append(body);
  return out;
}

bool Unframe(std::string_view value, std::string_view* header, std::string_view* body) {
  const size_t nl = value.find('\n');
  if (nl == std::string_view::npos) return false;
  *header = value.substr(0, nl);
  *body = value.substr(nl + 1);
  return true;
}

}  // namespace xxgk::store
