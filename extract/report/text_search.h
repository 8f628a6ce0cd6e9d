// Substring search over folded report text, for label matching (table rows, chrome markers).
// Written here because libstdc++'s string_view::find and rfind compare the needle with memcmp at
// every position where its first byte occurs, and in UTF-8 Chinese the first byte of an
// ideograph (0xE4-0xE9) occurs at every third byte: label matching spent a fifth of extraction
// there. These use glibc's memmem (two-way search) instead. Thread-safe: pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace xxgk::extract {

// Where the last occurrence of `needle` in `text` begins, or npos (as text.rfind(needle)). Steps
// forward with memmem, so it costs about one pass over `text`.
size_t LastFind(std::string_view text, std::string_view needle);

// True when `needle` occurs in `text` (as text.find(needle) != npos; an empty needle always does).
bool Contains(std::string_view text, std::string_view needle);

// True when any of `needles` occurs in `text`. For a long text (the chrome markers are looked for
// in whole lines, and a converted page may be one line) its byte pairs are taken first, so that
// most needles are not searched.
bool ContainsAny(std::string_view text, std::span<const std::string_view> needles);

// The byte pairs of a text, hashed into 1,024 bits: a needle with a pair the text lacks cannot
// occur in it. The table reader asks every row's labels of every segment; most are absent, and
// this answers them without a search. A "maybe" is then searched: the answer is never changed.
class BytePairs {
 public:
  explicit BytePairs(std::string_view text);
  // False when `needle` certainly does not occur in the text; true when it may. A needle of one
  // byte, or none, may always occur.
  bool MayContain(std::string_view needle) const;

 private:
  static size_t Slot(unsigned char a, unsigned char b) { return (a * 67u + b) & 1023u; }
  bool Has(size_t slot) const { return (bits_[slot >> 6] >> (slot & 63)) & 1u; }
  std::array<uint64_t, 16> bits_{};
};

}  // namespace xxgk::extract
