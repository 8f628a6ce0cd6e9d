// Whether a converted text is plausibly a document at all, before it is archived as one.
//
// Why: a converter can "succeed" on bytes that are no document. LibreOffice, given random bytes
// behind an OLE2 header, falls back to reading the file as UTF-16 text and writes a DOCX of
// noise: for 40 KB of random bytes 19,723 characters, a third of them CJK ideographs (random
// UTF-16 code units land in the CJK block that often), 17% Hangul, and 12% private-use or
// unassigned code points. The presence of CJK characters alone therefore proves nothing; what
// no real text has is that share of characters that cannot be read: U+FFFD, control characters
// other than tab, line feed, carriage return and form feed, private-use and unassigned code
// points, noncharacters. Real reports have none or a handful (a GBK page's few bad bytes
// replaced): measured, the sample reports and every test fixture of tests/extract/formats have
// none (docs/extractor.md). The private-use range U+F020–U+F0FF is not counted: it is where Word
// and PDF symbol fonts (Symbol, Wingdings) put their bullets and check boxes, one per list item.
//
// The rules (counted over the characters that are not white space):
//   - more than kMaxUnreadableShare (5%) of them unreadable, and at least kMinUnreadable (16) —
//     so a short text with a few odd characters is not refused for its shortness: implausible;
//   - not a single letter (ICU's Alphabetic: CJK ideographs, kana, Latin, …): implausible; a
//     report that is mostly tables of digits still has its labels.
// A text with no character but white space is left to the callers' own "empty" handling.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xxgk::extract {

// The largest share of unreadable characters a document text may have.
inline constexpr double kMaxUnreadableShare = 0.05;
// The fewest unreadable characters that make a text implausible.
inline constexpr size_t kMinUnreadable = 16;

struct TextPlausibility {
  size_t characters = 0;  // code points that are not white space
  size_t unreadable = 0;  // of those: U+FFFD, controls, private-use (but symbol fonts'),
                          // unassigned, noncharacters
  size_t letters = 0;     // of those: Alphabetic (CJK ideographs, kana, Hangul, Latin, …)
};

// Counts the characters of `text`. REQUIRES: `text` is valid UTF-8.
TextPlausibility MeasureText(std::string_view text);

// Empty when `text` is plausibly a document (or has no character but white space); otherwise
// why not, for people ("12.1% of its 19723 characters are unreadable (U+FFFD, control, …)").
// REQUIRES: `text` is valid UTF-8.
std::string ImplausibleTextReason(std::string_view text);

}  // namespace xxgk::extract
