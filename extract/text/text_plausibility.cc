// Counting unreadable characters and letters in a converted text. See text_plausibility.h.
#include "extract/text/text_plausibility.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>

namespace xxgk::extract {
namespace {

// Where symbol fonts' glyphs are mapped (Word's and PDF's Symbol and Wingdings bullets).
bool IsSymbolFontCode(UChar32 c) { return c >= 0xF020 && c <= 0xF0FF; }

bool IsUnreadable(UChar32 c) {
  if (c == 0xFFFD || U_IS_UNICODE_NONCHAR(c)) return true;
  if (IsSymbolFontCode(c)) return false;
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:  // C0 and C1; tab, LF, CR and FF are white space, counted out before
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_SURROGATE:
      return true;
    default:
      return false;
  }
}

}  // namespace

TextPlausibility MeasureText(std::string_view text) {
  TextPlausibility m;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) c = 0xFFFD;  // REQUIRES says valid UTF-8; count a bad byte as unreadable anyway
    if (u_isUWhiteSpace(c)) continue;
    ++m.characters;
    if (IsUnreadable(c)) {
      ++m.unreadable;
    } else if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC)) {
      ++m.letters;
    }
  }
  return m;
}

std::string ImplausibleTextReason(std::string_view text) {
  const TextPlausibility m = MeasureText(text);
  if (m.characters == 0) return "";
  if (m.unreadable >= kMinUnreadable &&
      static_cast<double>(m.unreadable) > kMaxUnreadableShare * static_cast<double>(m.characters)) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%.1f%% of its %zu characters are unreadable (U+FFFD, control, private-use or "
                  "unassigned; a document has at most %.0f%%)",
                  100.0 * static_cast<double>(m.unreadable) / static_cast<double>(m.characters),
                  m.characters, 100.0 * kMaxUnreadableShare);
    return buf;
  }
  if (m.letters == 0) {
    return "not one letter or CJK character in its " + std::to_string(m.characters) + " characters";
  }
  return "";
}

}  // namespace xxgk::extract
