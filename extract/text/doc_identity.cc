// Document identity: normalisation and content hash. See doc_identity.h.
#include "extract/text/doc_identity.h"

#include <openssl/evp.h>
#include <unicode/utf8.h>

#include <array>
#include <stdexcept>

namespace xxgk::extract {

std::optional<size_t> FindInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    // ICU's macros index with int32_t; check huge inputs in slices on character boundaries.
    size_t base = 0;
    while (base < bytes.size()) {
      size_t end = std::min(bytes.size(), base + (size_t{1} << 30));
      while (end < bytes.size() && (static_cast<uint8_t>(bytes[end]) & 0xC0) == 0x80) ++end;
      if (auto bad = FindInvalidUtf8(bytes.substr(base, end - base))) return base + *bad;
      base = end;
    }
    return std::nullopt;
  }
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {  // ASCII fast path
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::nullopt;
}

namespace {

bool IsTrailingSpaceAt(std::string_view line, size_t end, size_t* width) {
  // Checks whether the character that ends at `end` is one of the trimmed spaces.
  if (end >= 1) {
    const char c = line[end - 1];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
      *width = 1;
      return true;
    }
  }
  if (end >= 2 && line.substr(end - 2, 2) == "\xC2\xA0") {  // U+00A0
    *width = 2;
    return true;
  }
  if (end >= 3 && line.substr(end - 3, 3) == "\xE3\x80\x80") {  // U+3000
    *width = 3;
    return true;
  }
  return false;
}

void AppendTrimmedLine(std::string_view line, std::string* out) {
  size_t end = line.size();
  size_t width = 0;
  while (IsTrailingSpaceAt(line, end, &width)) end -= width;
  out->append(line.substr(0, end));
}

}  // namespace

std::string NormalizeDocumentText(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t eol = text.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) {
      AppendTrimmedLine(text.substr(pos), &out);
      break;
    }
    AppendTrimmedLine(text.substr(pos, eol - pos), &out);
    out.push_back('\n');
    pos = eol + 1;
    if (text[eol] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_length, EVP_sha256(),
                 nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_length * 2);
  for (unsigned int i = 0; i < digest_length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

std::string DocIdOfNormalized(std::string_view normalized_text) {
  return Sha256Hex(normalized_text).substr(0, 16);
}

}  // namespace xxgk::extract
