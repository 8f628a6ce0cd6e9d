// The WHATWG gb18030 decoder (extract/text/gb18030_decode.h): every two-byte code, every four-byte
// BMP code, the standard's error recovery, and the decoder in use for GBK pages.
#include "extract/text/gb18030_decode.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "extract/text/charset_decode.h"

namespace xxgk::extract {
namespace {

std::u32string Decode(std::string_view bytes, size_t* errors = nullptr) {
  std::string utf8;
  const size_t e = DecodeGb18030(bytes, &utf8);
  if (errors != nullptr) *errors = e;
  std::u32string cps;
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    cps.push_back(cp);
    i += n;
  }
  return cps;
}

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

// ICU's GB18030-2005 reading of a complete sequence (one code point), as the independent oracle.
char32_t IcuCodePoint(const std::string& bytes) {
  struct Closer {
    void operator()(UConverter* c) const { ucnv_close(c); }
  };
  static thread_local std::unique_ptr<UConverter, Closer> converter = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<UConverter, Closer>(ucnv_open("GB18030", &status));
  }();
  UChar units[4];
  UErrorCode status = U_ZERO_ERROR;
  ucnv_reset(converter.get());
  const int32_t n = ucnv_toUChars(converter.get(), units, 4, bytes.data(),
                                  static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status) || n < 1) return 0;
  if (n == 2) return 0x10000 + ((units[0] - 0xD800) << 10) + (units[1] - 0xDC00);
  return units[0];
}

// The standard's two-byte codes where it differs from GB18030-2005 (and so from ICU 72).
const std::map<std::string, char32_t>& StandardDifferences() {
  static const std::map<std::string, char32_t> differences = {
      {"\xA3\xA0", 0x3000}, {"\xA6\xD9", 0xFE10}, {"\xA6\xDA", 0xFE12}, {"\xA6\xDB", 0xFE11},
      {"\xA6\xDC", 0xFE13}, {"\xA6\xDD", 0xFE14}, {"\xA6\xDE", 0xFE15}, {"\xA6\xDF", 0xFE16},
      {"\xA6\xEC", 0xFE17}, {"\xA6\xED", 0xFE18}, {"\xA6\xF3", 0xFE19}, {"\xFE\x59", 0x9FB4},
      {"\xFE\x61", 0x9FB5}, {"\xFE\x66", 0x9FB6}, {"\xFE\x67", 0x9FB7}, {"\xFE\x6D", 0x9FB8},
      {"\xFE\x7E", 0x9FB9}, {"\xFE\x90", 0x9FBA}, {"\xFE\xA0", 0x9FBB},
  };
  return differences;
}

TEST(Gb18030Decode, SingleBytes) {
  for (int b = 0; b < 0x80; ++b) EXPECT_EQ(Decode(Bytes({b})), std::u32string(1, char32_t(b)));
  EXPECT_EQ(Decode("\x80"), U"\u20AC");  // the euro sign, as windows-936
  size_t errors = 0;
  EXPECT_EQ(Decode("\xFF", &errors), U"\uFFFD");
  EXPECT_EQ(errors, 1u);
  for (int lead = 0x81; lead <= 0xFE; ++lead) EXPECT_EQ(Decode(Bytes({lead})), U"\uFFFD") << lead;
}

TEST(Gb18030Decode, EveryTwoByteCode) {
  size_t valid = 0;
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x00; trail <= 0xFF; ++trail) {
      const std::string bytes = Bytes({lead, trail});
      size_t errors = 0;
      const std::u32string got = Decode(bytes, &errors);
      const bool is_trail = (trail >= 0x40 && trail <= 0x7E) || (trail >= 0x80 && trail <= 0xFE);
      if (is_trail) {
        auto it = StandardDifferences().find(bytes);
        const char32_t expected = it != StandardDifferences().end() ? it->second : IcuCodePoint(bytes);
        ASSERT_EQ(got, std::u32string(1, expected)) << std::hex << lead << " " << trail;
        EXPECT_EQ(errors, 0u);
        ++valid;
      } else if (trail >= 0x30 && trail <= 0x39) {  // the start of a four-byte code, cut off
        ASSERT_EQ(got, U"\uFFFD") << std::hex << lead << " " << trail;
      } else if (trail < 0x80) {  // an ASCII byte is not swallowed by the bad lead
        ASSERT_EQ(got, std::u32string(U"\uFFFD") + char32_t(trail)) << std::hex << lead << " " << trail;
        EXPECT_EQ(errors, 1u);
      } else {  // 0xFF
        ASSERT_EQ(got, U"\uFFFD") << std::hex << lead << " " << trail;
      }
    }
  }
  EXPECT_EQ(valid, 126u * 190u);
}

TEST(Gb18030Decode, KnownTwoByteCodes) {
  EXPECT_EQ(Decode("\xA3\xA0"), U"\u3000");  // not U+E5E5
  EXPECT_EQ(Decode("\xA1\xA1"), U"\u3000");
  EXPECT_EQ(Decode("\xB0\xA1"), U"\u554A");  // 啊
  EXPECT_EQ(Decode("\x81\x40"), U"\u4E02");
  EXPECT_EQ(Decode("\xA2\xE3"), U"\u20AC");
  EXPECT_EQ(Decode("\xD7\xFA"), U"\uE810");  // still private use in the standard
  EXPECT_EQ(Decode("\xFE\x51"), U"\uE816");  // (its ideograph is outside the BMP)
  EXPECT_EQ(Decode("\xA6\xD9"), U"\uFE10");
  EXPECT_EQ(Decode("\xFE\x59"), U"\u9FB4");
  EXPECT_EQ(*Gb18030IndexCodePoint(6555), U'\u3000');
  EXPECT_EQ(Gb18030IndexCodePoint(23940), std::nullopt);
}

TEST(Gb18030Decode, EveryFourByteBmpCode) {
  for (uint32_t pointer = 0; pointer <= 39419; ++pointer) {
    const int b1 = 0x81 + static_cast<int>(pointer / 12600), b2 = 0x30 + static_cast<int>(pointer % 12600 / 1260);
    const int b3 = 0x81 + static_cast<int>(pointer % 1260 / 10), b4 = 0x30 + static_cast<int>(pointer % 10);
    const std::string bytes = Bytes({b1, b2, b3, b4});
    ASSERT_EQ(Decode(bytes), std::u32string(1, IcuCodePoint(bytes))) << pointer;
  }
  EXPECT_EQ(Decode("\x81\x35\xF4\x37"), U"\uE7C7");  // pointer 7457, special-cased
  EXPECT_EQ(Decode("\x84\x31\xA4\x39"), U"\uFFFF");  // the last BMP pointer, 39419
  size_t errors = 0;
  EXPECT_EQ(Decode("\x84\x31\xA5\x30", &errors), U"\uFFFD");  // 39420: no code point
  EXPECT_EQ(errors, 1u);
}

TEST(Gb18030Decode, SupplementaryPlanes) {
  EXPECT_EQ(Decode("\x90\x30\x81\x30"), U"\U00010000");
  EXPECT_EQ(Decode("\x95\x32\x82\x36"), U"\U00020000");
  EXPECT_EQ(Decode("\xE3\x32\x9A\x35"), U"\U0010FFFF");
  EXPECT_EQ(Decode("\xE3\x32\x9A\x36"), U"\uFFFD");
  EXPECT_EQ(Decode("\x8F\x39\xFE\x39"), U"\uFFFD");  // between the BMP and 189000
}

TEST(Gb18030Decode, ErrorRecoveryReadsRestoredBytesAgain) {
  EXPECT_EQ(Decode("\x81\x20"), U"\uFFFD ");
  EXPECT_EQ(Decode("\x81\x30\x20"), U"\uFFFD" U"0 ");         // second and byte restored
  EXPECT_EQ(Decode("\x81\x30\x81\x20"), U"\uFFFD" U"0\uFFFD ");  // second, third, byte restored
  EXPECT_EQ(Decode("\x81\x30\x81"), U"\uFFFD");                // cut off: one error
  EXPECT_EQ(Decode("\x81\x30\x81\x30" "A"), U"\u0080" U"A");
  EXPECT_EQ(Decode("\xB0\xA1\xFF\xB0\xA1"), U"\u554A\uFFFD\u554A");
}

TEST(Gb18030Decode, IsTheDecoderOfGbkPages) {
  const std::string page = "<meta charset=gbk><p>\xB0\xA1\xA3\xA0\x80</p>";
  const DecodedText decoded = DecodeToUtf8(page, {"", true});
  EXPECT_EQ(decoded.charset, "GB18030");
  EXPECT_EQ(decoded.utf8, "<meta charset=gbk><p>\xE5\x95\x8A\xE3\x80\x80\xE2\x82\xAC</p>");
  EXPECT_EQ(decoded.invalid_sequences, 0u);
}

}  // namespace
}  // namespace xxgk::extract
