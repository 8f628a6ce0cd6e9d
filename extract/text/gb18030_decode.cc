// The WHATWG gb18030 decoder and its indexes. See gb18030_decode.h.
#include "extract/text/gb18030_decode.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace xxgk::extract {
namespace {

constexpr uint32_t kTwoBytePointers = 126 * 190;  // leads 0x81…0xFE × trails 0x40…0x7E, 0x80…0xFE
constexpr char32_t kReplacement = 0xFFFD;

// Where the standard's index gb18030 differs from ICU 72's GB18030-2005 two-byte table.
constexpr std::pair<uint32_t, char32_t> kIndexOverrides[] = {
    {6555, 0x3000},  // A3 A0: U+3000 for deployed content, not U+E5E5
    // GB18030-2022 (whatwg/encoding#336): vertical forms and ideographs out of private use.
    {7182, 0xFE10}, {7183, 0xFE12}, {7184, 0xFE11}, {7185, 0xFE13}, {7186, 0xFE14},
    {7187, 0xFE15}, {7188, 0xFE16}, {7201, 0xFE17}, {7202, 0xFE18}, {7208, 0xFE19},
    {23775, 0x9FB4}, {23783, 0x9FB5}, {23788, 0x9FB6}, {23789, 0x9FB7}, {23795, 0x9FB8},
    {23812, 0x9FB9}, {23829, 0x9FBA}, {23845, 0x9FBB},
};

// index gb18030 ranges: {pointer, code point} where a run of consecutive code points starts.
constexpr std::pair<uint32_t, char32_t> kRanges[] = {
    {0, 0x0080}, {36, 0x00A5}, {38, 0x00A9}, {45, 0x00B2}, {50, 0x00B8}, {81, 0x00D8},
    {89, 0x00E2}, {95, 0x00EB}, {96, 0x00EE}, {100, 0x00F4}, {103, 0x00F8}, {104, 0x00FB},
    {105, 0x00FD}, {109, 0x0102}, {126, 0x0114}, {133, 0x011C}, {148, 0x012C}, {172, 0x0145},
    {175, 0x0149}, {179, 0x014E}, {208, 0x016C}, {306, 0x01CF}, {307, 0x01D1}, {308, 0x01D3},
    {309, 0x01D5}, {310, 0x01D7}, {311, 0x01D9}, {312, 0x01DB}, {313, 0x01DD}, {341, 0x01FA},
    {428, 0x0252}, {443, 0x0262}, {544, 0x02C8}, {545, 0x02CC}, {558, 0x02DA}, {741, 0x03A2},
    {742, 0x03AA}, {749, 0x03C2}, {750, 0x03CA}, {805, 0x0402}, {819, 0x0450}, {820, 0x0452},
    {7922, 0x2011}, {7924, 0x2017}, {7925, 0x201A}, {7927, 0x201E}, {7934, 0x2027}, {7943, 0x2031},
    {7944, 0x2034}, {7945, 0x2036}, {7950, 0x203C}, {8062, 0x20AD}, {8148, 0x2104}, {8149, 0x2106},
    {8152, 0x210A}, {8164, 0x2117}, {8174, 0x2122}, {8236, 0x216C}, {8240, 0x217A}, {8262, 0x2194},
    {8264, 0x219A}, {8374, 0x2209}, {8380, 0x2210}, {8381, 0x2212}, {8384, 0x2216}, {8388, 0x221B},
    {8390, 0x2221}, {8392, 0x2224}, {8393, 0x2226}, {8394, 0x222C}, {8396, 0x222F}, {8401, 0x2238},
    {8406, 0x223E}, {8416, 0x2249}, {8419, 0x224D}, {8424, 0x2253}, {8437, 0x2262}, {8439, 0x2268},
    {8445, 0x2270}, {8482, 0x2296}, {8485, 0x229A}, {8496, 0x22A6}, {8521, 0x22C0}, {8603, 0x2313},
    {8936, 0x246A}, {8946, 0x249C}, {9046, 0x254C}, {9050, 0x2574}, {9063, 0x2590}, {9066, 0x2596},
    {9076, 0x25A2}, {9092, 0x25B4}, {9100, 0x25BE}, {9108, 0x25C8}, {9111, 0x25CC}, {9113, 0x25D0},
    {9131, 0x25E6}, {9162, 0x2607}, {9164, 0x260A}, {9218, 0x2641}, {9219, 0x2643}, {11329, 0x2E82},
    {11331, 0x2E85}, {11334, 0x2E89}, {11336, 0x2E8D}, {11346, 0x2E98}, {11361, 0x2EA8}, {11363, 0x2EAB},
    {11366, 0x2EAF}, {11370, 0x2EB4}, {11372, 0x2EB8}, {11375, 0x2EBC}, {11389, 0x2ECB}, {11682, 0x2FFC},
    {11686, 0x3004}, {11687, 0x3018}, {11692, 0x301F}, {11694, 0x302A}, {11714, 0x303F}, {11716, 0x3094},
    {11723, 0x309F}, {11725, 0x30F7}, {11730, 0x30FF}, {11736, 0x312A}, {11982, 0x322A}, {11989, 0x3232},
    {12102, 0x32A4}, {12336, 0x3390}, {12348, 0x339F}, {12350, 0x33A2}, {12384, 0x33C5}, {12393, 0x33CF},
    {12395, 0x33D3}, {12397, 0x33D6}, {12510, 0x3448}, {12553, 0x3474}, {12851, 0x359F}, {12962, 0x360F},
    {12973, 0x361B}, {13738, 0x3919}, {13823, 0x396F}, {13919, 0x39D1}, {13933, 0x39E0}, {14080, 0x3A74},
    {14298, 0x3B4F}, {14585, 0x3C6F}, {14698, 0x3CE1}, {15583, 0x4057}, {15847, 0x4160}, {16318, 0x4338},
    {16434, 0x43AD}, {16438, 0x43B2}, {16481, 0x43DE}, {16729, 0x44D7}, {17102, 0x464D}, {17122, 0x4662},
    {17315, 0x4724}, {17320, 0x472A}, {17402, 0x477D}, {17418, 0x478E}, {17859, 0x4948}, {17909, 0x497B},
    {17911, 0x497E}, {17915, 0x4984}, {17916, 0x4987}, {17936, 0x499C}, {17939, 0x49A0}, {17961, 0x49B8},
    {18664, 0x4C78}, {18703, 0x4CA4}, {18814, 0x4D1A}, {18962, 0x4DAF}, {19043, 0x9FA6}, {33469, 0xE76C},
    {33470, 0xE7C8}, {33471, 0xE7E7}, {33484, 0xE815}, {33485, 0xE819}, {33490, 0xE81F}, {33497, 0xE827},
    {33501, 0xE82D}, {33505, 0xE833}, {33513, 0xE83C}, {33520, 0xE844}, {33536, 0xE856}, {33550, 0xE865},
    {37845, 0xF92D}, {37921, 0xF97A}, {37948, 0xF996}, {38029, 0xF9E8}, {38038, 0xF9F2}, {38064, 0xFA10},
    {38065, 0xFA12}, {38066, 0xFA15}, {38069, 0xFA19}, {38075, 0xFA22}, {38076, 0xFA25}, {38078, 0xFA2A},
    {39108, 0xFE32}, {39109, 0xFE45}, {39113, 0xFE53}, {39114, 0xFE58}, {39115, 0xFE67}, {39116, 0xFE6C},
    {39265, 0xFF5F}, {39394, 0xFFE6},
    {189000, 0x10000},
};

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// index gb18030, from ICU's GB18030 converter plus kIndexOverrides; 0 marks "no code point".
std::vector<char16_t> BuildIndex() {
  std::vector<char16_t> index(kTwoBytePointers, 0);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open("GB18030", &status));
  if (U_SUCCESS(status)) {
    for (uint32_t pointer = 0; pointer < kTwoBytePointers; ++pointer) {
      const uint32_t trail = pointer % 190;
      const char bytes[2] = {static_cast<char>(0x81 + pointer / 190),
                             static_cast<char>(trail + (trail < 0x3F ? 0x40 : 0x41))};
      UChar units[4];
      status = U_ZERO_ERROR;
      ucnv_reset(converter.get());
      const int32_t n = ucnv_toUChars(converter.get(), units, 4, bytes, 2, &status);
      // Every two-byte code of GB18030 is a BMP character; anything else stays unmapped.
      if (U_SUCCESS(status) && n == 1 && units[0] != 0xFFFD && units[0] != 0x1A) {
        index[pointer] = static_cast<char16_t>(units[0]);
      }
    }
  }
  for (const auto& [pointer, code_point] : kIndexOverrides) {
    index[pointer] = static_cast<char16_t>(code_point);
  }
  return index;
}

const std::vector<char16_t>& Index() {
  static const std::vector<char16_t> index = BuildIndex();
  return index;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool InRange(uint8_t b, uint8_t lo, uint8_t hi) { return b >= lo && b <= hi; }

}  // namespace

std::optional<char32_t> Gb18030IndexCodePoint(uint32_t pointer) {
  if (pointer >= kTwoBytePointers) return std::nullopt;
  const char16_t cp = Index()[pointer];
  if (cp == 0) return std::nullopt;
  return cp;
}

std::optional<char32_t> Gb18030RangesCodePoint(uint32_t pointer) {
  if ((pointer > 39419 && pointer < 189000) || pointer > 1237575) return std::nullopt;
  if (pointer == 7457) return 0xE7C7;
  const auto* after = std::upper_bound(
      std::begin(kRanges), std::end(kRanges), pointer,
      [](uint32_t p, const std::pair<uint32_t, char32_t>& range) { return p < range.first; });
  const auto& [offset, code_point_offset] = *(after - 1);  // kRanges[0] is pointer 0
  return code_point_offset + (pointer - offset);
}

size_t DecodeGb18030(std::string_view bytes, std::string* out) {
  size_t errors = 0;
  auto error = [&] {
    AppendUtf8(kReplacement, out);
    ++errors;
  };
  const size_t n = bytes.size();
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
  while (i < n) {
    const uint8_t lead = at(i);
    if (lead < 0x80) {
      out->push_back(static_cast<char>(lead));
      ++i;
      continue;
    }
    if (lead == 0x80) {
      AppendUtf8(0x20AC, out);
      ++i;
      continue;
    }
    if (lead == 0xFF) {
      error();
      ++i;
      continue;
    }
    // A lead byte 0x81…0xFE. End of input inside a sequence: one error for the whole of it.
    if (i + 1 >= n) {
      error();
      break;
    }
    const uint8_t second = at(i + 1);
    if (InRange(second, 0x30, 0x39)) {
      if (i + 2 >= n) {
        error();
        break;
      }
      const uint8_t third = at(i + 2);
      if (!InRange(third, 0x81, 0xFE)) {  // second and third are read again
        error();
        i += 1;
        continue;
      }
      if (i + 3 >= n) {
        error();
        break;
      }
      const uint8_t fourth = at(i + 3);
      if (!InRange(fourth, 0x30, 0x39)) {  // second, third and fourth are read again
        error();
        i += 1;
        continue;
      }
      const uint32_t pointer = (lead - 0x81u) * (10 * 126 * 10) + (second - 0x30u) * (10 * 126) +
                               (third - 0x81u) * 10 + (fourth - 0x30u);
      i += 4;
      if (const auto cp = Gb18030RangesCodePoint(pointer)) {
        AppendUtf8(*cp, out);
      } else {
        error();
      }
      continue;
    }
    std::optional<char32_t> cp;
    if (InRange(second, 0x40, 0x7E) || InRange(second, 0x80, 0xFE)) {
      const uint32_t offset = second < 0x7F ? 0x40 : 0x41;
      cp = Gb18030IndexCodePoint((lead - 0x81u) * 190 + (second - offset));
    }
    if (cp) {
      AppendUtf8(*cp, out);
      i += 2;
      continue;
    }
    error();
    i += second < 0x80 ? 1 : 2;  // an ASCII byte is read again
  }
  return errors;
}

}  // namespace xxgk::extract
