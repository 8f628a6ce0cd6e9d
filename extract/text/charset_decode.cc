// Charset decoding to UTF-8 with ICU converters and uchardet. See charset_decode.h.
#include "extract/text/charset_decode.h"

#include "base/ascii_case.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <vector>

#include "extract/text/doc_identity.h"
#include "extract/text/gb18030_decode.h"

namespace xxgk::extract {
namespace {

constexpr size_t kPrescanBytes = 4096;
constexpr size_t kDetectorBytes = 256 * 1024;  // enough for uchardet; keeps detection cheap
// A page declared GBK is taken as UTF-8 only when it is valid UTF-8 with at least this many
// multi-byte characters: a short GBK string can be valid UTF-8 by chance, a page cannot.
constexpr size_t kMismatchMinMultibyte = 8;


bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '"' || s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '"' || s.back() == '\'')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsGbFamily(std::string_view label) {
  std::string key;
  for (char c : label) {
    if (c != '-' && c != '_' && c != ' ') key.push_back(AsciiLower(c));
  }
  static constexpr std::array<std::string_view, 16> kGb = {
      "gb2312",          "gbk",     "xgbk",     "cp936",      "ms936",   "windows936",
      "euccn",           "xeuccn",  "csgb2312", "gb231280",   "isoir58", "chinese",
      "csiso58gb231280", "gb18030", "csgbk",    "gb2312.1980"};
  return std::find(kGb.begin(), kGb.end(), key) != kGb.end();
}

// Latin single-byte labels: servers send them by default, so a header naming one tells nothing.
bool IsServerDefaultLatin(std::string_view canonical) {
  const std::string c = AsciiLowered(canonical);
  return c.starts_with("iso-8859-1") || c.starts_with("windows-1252") || c == "us-ascii" ||
         c.starts_with("ibm-5348") || c.starts_with("iso-8859_1");
}

// Finds `charset` followed by '=' in `s` and returns its value (the WHATWG "extracting a
// character encoding from a meta element" algorithm, simplified).
std::optional<std::string> CharsetParameter(std::string_view s) {
  const std::string lower = AsciiLowered(s);
  size_t pos = 0;
  while ((pos = lower.find("charset", pos)) != std::string::npos) {
    size_t i = pos + 7;
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size()) return std::nullopt;
    size_t end;
    if (s[i] == '"' || s[i] == '\'') {
      const char quote = s[i++];
      end = s.find(quote, i);
      if (end == std::string_view::npos) return std::nullopt;
    } else {
      end = i;
      while (end < s.size() && !IsSpace(s[end]) && s[end] != ';' && s[end] != ',') ++end;
    }
    std::string_view value = Trim(s.substr(i, end - i));
    if (value.empty()) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

// Parses the attributes of a tag starting after its name at `i`; returns the position after '>'.
size_t ReadAttributes(std::string_view s, size_t i,
                      std::vector<std::pair<std::string, std::string>>* attributes) {
  while (i < s.size()) {
    while (i < s.size() && (IsSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size()) break;
    if (s[i] == '>') return i + 1;
    size_t name_end = i;
    while (name_end < s.size() && !IsSpace(s[name_end]) && s[name_end] != '=' &&
           s[name_end] != '>' && s[name_end] != '/') {
      ++name_end;
    }
    std::string name = AsciiLowered(s.substr(i, name_end - i));
    i = name_end;
    while (i < s.size() && IsSpace(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && IsSpace(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i++];
        const size_t end = s.find(quote, i);
        if (end == std::string_view::npos) return s.size();
        value = std::string(s.substr(i, end - i));
        i = end + 1;
      } else {
        const size_t start = i;
        while (i < s.size() && !IsSpace(s[i]) && s[i] != '>') ++i;
        value = std::string(s.substr(start, i - start));
      }
    }
    if (name.empty()) {
      ++i;  // a stray character: skip it so the loop always advances
      continue;
    }
    if (attributes != nullptr) attributes->emplace_back(std::move(name), std::move(value));
  }
  return s.size();
}

// Counts replaced sequences, then substitutes U+FFFD.
void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                        UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to do
  ++*static_cast<size_t*>(const_cast<void*>(context));
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Converts `bytes` from `charset` to UTF-8. Returns false when ICU cannot open the converter.
// GB18030 (and every GBK label) goes through the WHATWG decoder (gb18030_decode.h: ICU's
// converter maps 0x80, A3 A0 and 18 GB18030-2022 codes otherwise), the rest through ICU.
bool Convert(std::string_view bytes, const std::string& charset, std::string* out,
             size_t* invalid) {
  if (charset == "GB18030") {
    out->clear();
    out->reserve(bytes.size() + bytes.size() / 2);
    *invalid = DecodeGb18030(bytes, out);
    return true;
  }
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return false;
  status = U_ZERO_ERROR;
  ConverterPtr target(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return false;
  *invalid = 0;
  status = U_ZERO_ERROR;
  ucnv_setToUCallBack(source.get(), CountingSubstitute, invalid, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;

  out->clear();
  out->reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 4096> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  std::array<char, 16384> chunk{};
  const char* in = bytes.data();
  const char* in_end = bytes.data() + bytes.size();
  bool reset = true;
  while (true) {
    char* chunk_out = chunk.data();
    status = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &chunk_out, chunk.data() + chunk.size(), &in, in_end,
                   pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                   /*flush=*/true, &status);
    reset = false;
    out->append(chunk.data(), static_cast<size_t>(chunk_out - chunk.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    return U_SUCCESS(status);
  }
}

std::optional<std::string> DetectWithUchardet(std::string_view bytes) {
  uchardet_t detector = uchardet_new();
  if (detector == nullptr) return std::nullopt;
  const std::string_view sample = bytes.substr(0, kDetectorBytes);
  std::optional<std::string> result;
  if (uchardet_handle_data(detector, sample.data(), sample.size()) == 0) {
    uchardet_data_end(detector);
    const char* name = uchardet_get_charset(detector);
    if (name != nullptr && *name != '\0') result = std::string(name);
  }
  uchardet_delete(detector);
  return result;
}

// Charsets a Chinese government page can plausibly be in; other guesses (windows-1252, KOI8-R,
// …) are the detector being fooled by short or mixed text.
bool IsPlausibleDetected(std::string_view uchardet_name) {
  const std::string n = AsciiLowered(uchardet_name);
  return IsGbFamily(n) || n.starts_with("big5") || n.starts_with("utf-16") ||
         n.starts_with("utf-32") || n == "euc-tw" || n == "hz-gb-2312" || n == "iso-2022-cn";
}

size_t CountMultibyte(std::string_view valid_utf8) {
  size_t n = 0;
  for (char c : valid_utf8) n += static_cast<unsigned char>(c) >= 0xC2;
  return n;
}

DecodedText Finish(std::string_view bytes, std::string charset, CharsetSource source,
                   std::string declared) {
  DecodedText result;
  result.source = source;
  result.declared = std::move(declared);
  if (charset == "UTF-8" && !FindInvalidUtf8(bytes).has_value()) {
    result.utf8.assign(bytes);  // the common case: no conversion
  } else if (!Convert(bytes, charset, &result.utf8, &result.invalid_sequences)) {
    charset = "UTF-8";  // cannot happen for canonical names; be safe anyway
    Convert(bytes, charset, &result.utf8, &result.invalid_sequences);
  }
  if (std::string_view(result.utf8).starts_with("\xEF\xBB\xBF")) result.utf8.erase(0, 3);
  // U+0000 is never text (it comes from UTF-16 or binary junk): replace and count it too.
  if (result.utf8.find('\0') != std::string::npos) {
    std::string cleaned;
    cleaned.reserve(result.utf8.size());
    for (char c : result.utf8) {
      if (c == '\0') {
        cleaned += "\xEF\xBF\xBD";
        ++result.invalid_sequences;
      } else {
        cleaned += c;
      }
    }
    result.utf8 = std::move(cleaned);
  }
  result.charset = std::move(charset);
  return result;
}

// Applies the "declaration does not fit" overrides to a declared charset.
DecodedText DecodeDeclared(std::string_view bytes, const std::string& charset, CharsetSource source,
                           const std::string& label) {
  const bool valid_utf8 = !FindInvalidUtf8(bytes).has_value();
  if (charset != "UTF-8" && valid_utf8 && CountMultibyte(bytes) >= kMismatchMinMultibyte) {
    return Finish(bytes, "UTF-8", CharsetSource::kDeclaredMismatch, label);
  }
  if (charset == "UTF-8" && !valid_utf8) {
    std::string gb;
    size_t invalid = 0;
    if (Convert(bytes, "GB18030", &gb, &invalid) && invalid == 0) {
      return Finish(bytes, "GB18030", CharsetSource::kDeclaredMismatch, label);
    }
  }
  return Finish(bytes, charset, source, label);
}

}  // namespace

std::string_view CharsetSourceName(CharsetSource source) {
  switch (source) {
    case CharsetSource::kByteOrderMark:
      return "bom";
    case CharsetSource::kHttpHeader:
      return "http_header";
    case CharsetSource::kMetaTag:
      return "meta";
    case CharsetSource::kDeclaredMismatch:
      return "declared_mismatch";
    case CharsetSource::kValidUtf8:
      return "valid_utf8";
    case CharsetSource::kDetected:
      return "detected";
    case CharsetSource::kFallback:
      return "fallback";
  }
  return "fallback";
}

std::optional<std::string> CharsetFromContentType(std::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  return CharsetParameter(content_type.substr(semicolon + 1));
}

std::optional<std::string> PrescanMetaCharset(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, kPrescanBytes);
  size_t i = 0;
  while ((i = s.find('<', i)) != std::string_view::npos) {
    const std::string_view rest = s.substr(i);
    if (rest.starts_with("<!--")) {
      const size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 3;
      continue;
    }
    if (rest.size() >= 5 && AsciiLowered(rest.substr(0, 5)) == "<?xml") {
      const size_t end = s.find("?>", i);
      const std::string_view decl = s.substr(i, end == std::string_view::npos ? end : end - i);
      const size_t enc = AsciiLowered(decl).find("encoding");
      if (enc != std::string_view::npos) {
        std::string_view value = decl.substr(enc + 8);
        const size_t eq = value.find('=');
        if (eq != std::string_view::npos) {
          value = value.substr(eq + 1);
          while (!value.empty() && IsSpace(value.front())) value.remove_prefix(1);
          if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
            const char quote = value.front();
            const size_t close = value.find(quote, 1);
            if (close != std::string_view::npos && close > 1) {
              return std::string(value.substr(1, close - 1));
            }
          }
        }
      }
      i = end == std::string_view::npos ? s.size() : end + 2;
      continue;
    }
    const bool is_meta = rest.size() > 5 && AsciiLowered(rest.substr(0, 5)) == "<meta" &&
                         (IsSpace(rest[5]) || rest[5] == '/');
    if (!is_meta) {
      // Skip any other tag whole (quoted attribute values may hold '<' or '>').
      if (rest.size() > 1 &&
          (std::isalpha(static_cast<unsigned char>(rest[1])) || rest[1] == '/')) {
        size_t name_end = i + 1;
        while (name_end < s.size() && !IsSpace(s[name_end]) && s[name_end] != '>') ++name_end;
        i = ReadAttributes(s, name_end, nullptr);
      } else {
        ++i;
      }
      continue;
    }
    std::vector<std::pair<std::string, std::string>> attributes;
    i = ReadAttributes(s, i + 5, &attributes);
    bool http_equiv_content_type = false;
    std::optional<std::string> charset, content;
    for (const auto& [name, value] : attributes) {
      if (name == "charset" && !charset) charset = std::string(Trim(value));
      if (name == "content" && !content) content = value;
      if (name == "http-equiv" && AsciiLowered(Trim(value)) == "content-type") {
        http_equiv_content_type = true;
      }
    }
    if (charset && !charset->empty()) return charset;
    if (http_equiv_content_type && content) {
      if (auto from_content = CharsetParameter(*content)) return from_content;
    }
  }
  return std::nullopt;
}

std::string CanonicalCharset(std::string_view label) {
  const std::string trimmed(Trim(label));
  if (trimmed.empty()) return "";
  if (IsGbFamily(trimmed)) return "GB18030";
  const std::string lower = AsciiLowered(trimmed);
  if (lower == "utf-8" || lower == "utf8" || lower == "unicode-1-1-utf-8") return "UTF-8";
  if (lower == "x-user-defined") return "";
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(trimmed.c_str(), &status));
  if (U_FAILURE(status) || converter == nullptr) return "";
  status = U_ZERO_ERROR;
  const char* name = ucnv_getName(converter.get(), &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  const std::string canonical = name;
  const std::string c = AsciiLowered(canonical);
  // Encodings that can smuggle markup or are not document encodings.
  for (std::string_view bad : {"utf-7", "imap", "scsu", "bocu", "cesu", "lmbcs"}) {
    if (c.find(bad) != std::string::npos) return "";
  }
  if (c == "utf-8") return "UTF-8";
  return canonical;
}

DecodedText DecodeToUtf8(std::string_view bytes, const CharsetHints& hints) {
  // 1. Byte-order mark.
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    return Finish(bytes.substr(3), "UTF-8", CharsetSource::kByteOrderMark, "");
  }
  if (bytes.starts_with("\xFF\xFE")) {
    return Finish(bytes.substr(2), "UTF-16LE", CharsetSource::kByteOrderMark, "");
  }
  if (bytes.starts_with("\xFE\xFF")) {
    return Finish(bytes.substr(2), "UTF-16BE", CharsetSource::kByteOrderMark, "");
  }
  // 2. HTTP header (a Latin-1 default from the server tells nothing).
  if (auto label = CharsetFromContentType(hints.content_type)) {
    const std::string charset = CanonicalCharset(*label);
    if (!charset.empty() && !IsServerDefaultLatin(charset)) {
      return DecodeDeclared(bytes, charset, CharsetSource::kHttpHeader, *label);
    }
  }
  // 3. <meta> prescan. The HTML standard reads a meta "UTF-16" as UTF-8: the prescan could only
  // have found it in ASCII-compatible bytes.
  if (hints.html) {
    if (auto label = PrescanMetaCharset(bytes)) {
      std::string charset = CanonicalCharset(*label);
      if (AsciiLowered(charset).starts_with("utf-16") || AsciiLowered(charset).starts_with("utf-32")) {
        charset = "UTF-8";
      }
      if (!charset.empty()) return DecodeDeclared(bytes, charset, CharsetSource::kMetaTag, *label);
    }
  }
  // 4. Undeclared bytes.
  if (!FindInvalidUtf8(bytes).has_value()) {
    return Finish(bytes, "UTF-8", CharsetSource::kValidUtf8, "");
  }
  if (auto guess = DetectWithUchardet(bytes); guess && IsPlausibleDetected(*guess)) {
    const std::string charset = CanonicalCharset(*guess);
    if (!charset.empty()) return Finish(bytes, charset, CharsetSource::kDetected, "");
  }
  std::string gb;
  size_t invalid = 0;
  if (Convert(bytes, "GB18030", &gb, &invalid) && invalid == 0) {
    return Finish(bytes, "GB18030", CharsetSource::kFallback, "");
  }
  return Finish(bytes, "UTF-8", CharsetSource::kFallback, "");
}

}  // namespace xxgk::extract
