// Terminal columns a UTF-8 string takes: CJK characters two, combining marks none (wcwidth
// under the process's UTF-8 LC_CTYPE, which main sets once). For the tables the command line
// prints (`xxgk seeds`, `xxgk report`). A byte that does not decode counts as one column.
// Thread-safe: mbrtowc with its own state.
#pragma once

#include <cwchar>
#include <string_view>

namespace xxgk {

inline size_t DisplayWidth(std::string_view text) {
  std::mbstate_t state{};
  size_t width = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    wchar_t c;
    const size_t n = std::mbrtowc(&c, p, static_cast<size_t>(end - p), &state);
    if (n == 0 || n == static_cast<size_t>(-1) || n == static_cast<size_t>(-2)) {
      ++width;  // not decodable here: one column, move on a byte
      ++p;
      state = std::mbstate_t{};
      continue;
    }
    const int w = ::wcwidth(c);
    width += w > 0 ? static_cast<size_t>(w) : 0;
    p += n;
  }
  return width;
}

}  // namespace xxgk
