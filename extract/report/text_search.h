// Substring search over folded report text, for label matching (table rows, chrome markers).
// Written here because libstdc++'s string_view::find and rfind compare the needle with memcmp at
// every position where its first byte occurs, and in UTF-8 Chinese the first byte of an
// ideograph (0xE4-0xE9) occurs at every third byte: label matching spent a fifth of extraction
// there. These use glibc's memmem (two-way search) instead. Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace xxgk::extract {

// Where the last occurrence of `needle` in `text` begins, or npos (as text.rfind(needle)). Steps
// forward with memmem, so it costs about one pass over `text`.
size_t LastFind(std::string_view text, std::string_view needle);

}  // namespace xxgk::extract
