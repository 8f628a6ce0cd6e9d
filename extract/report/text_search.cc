// Substring search over folded report text. See text_search.h.
#include "extract/report/text_search.h"

#include <string.h>  // memmem (GNU)

namespace xxgk::extract {

size_t LastFind(std::string_view text, std::string_view needle) {
  if (needle.empty()) return text.size();
  size_t last = std::string_view::npos;
  size_t from = 0;
  while (from + needle.size() <= text.size()) {
    const void* hit =
        memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
    if (hit == nullptr) break;
    last = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    from = last + 1;
  }
  return last;
}

}  // namespace xxgk::extract
