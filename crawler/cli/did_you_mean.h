// Did-you-mean for mistyped command and option names: the candidate nearest to what was typed by
// edit distance (Levenshtein: insertions, deletions, substitutions), when it is near enough to
// be a typo — at most 2 edits, or a third of the word's length for long words.
// Thread-safe: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::cli {

// The nearest candidate, or "" when none is near enough.
std::string ClosestName(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace xxgk::cli
