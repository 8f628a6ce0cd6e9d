// Substring search over folded report text. See text_search.h.
#include "extract/report/text_search.h"

#include <string.h>  // memmem (GNU)

#include <optional>

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

bool Contains(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  return memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

bool ContainsAny(std::string_view text, std::span<const std::string_view> needles) {
  // Below this, searching every needle costs less than taking the pairs.
  constexpr size_t kPairsFrom = 96;
  std::optional<BytePairs> pairs;
  if (text.size() >= kPairsFrom) pairs.emplace(text);
  for (std::string_view needle : needles) {
    if ((!pairs || pairs->MayContain(needle)) && Contains(text, needle)) return true;
  }
  return false;
}

BytePairs::BytePairs(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    const size_t slot = Slot(static_cast<unsigned char>(text[i - 1]), static_cast<unsigned char>(text[i]));
    bits_[slot >> 6] |= uint64_t{1} << (slot & 63);
  }
}

bool BytePairs::MayContain(std::string_view needle) const {
  for (size_t i = 1; i < needle.size(); ++i) {
    if (!Has(Slot(static_cast<unsigned char>(needle[i - 1]), static_cast<unsigned char>(needle[i])))) {
      return false;
    }
  }
  return true;
}

}  // namespace xxgk::extract
