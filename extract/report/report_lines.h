// Report lines: the document text prepared for reading tables and headings.
//
// Every line is folded with Unicode NFKC (ICU), which turns full-width digits, letters and
// punctuation into ASCII, U+3000 and NBSP into spaces, circled and parenthesised numerals into
// plain ones and the Kangxi radicals that PDF text layers often contain (⼀ ⼆ ⼈) into the ideographs
// they stand for. Then the decoration that PDF, Word and Markdown converters add is removed:
//   - page-number lines ("- 3 -", "— 3 —", "第 3 页", "第3页 共8页") become empty;
//   - Markdown heading marks (#), emphasis (**, __), quote marks (>) and rules (---, | --- |)
//     are dropped.
// The line count is unchanged, so line i of the result is line i+1 of the document.
//
// The folded text is used only for reading; the archived text is never changed by it.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

// REQUIRES: `text` is valid UTF-8.
std::vector<std::string> PrepareReportLines(std::string_view text);

// Folds `text` with NFKC (no other change). REQUIRES: valid UTF-8.
std::string FoldNfkc(std::string_view text);

// `text` with all ASCII white space removed: how labels broken over lines and cells are compared.
std::string Compact(std::string_view text);

// True for ASCII white space (space, tab, CR, LF, VT, FF).
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace xxgk::extract
