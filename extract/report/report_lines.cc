// Report lines: NFKC folding and removal of converter decoration. See report_lines.h.
#include "extract/report/report_lines.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <stdexcept>

namespace xxgk::extract {
namespace {

const icu::Normalizer2& Nfkc() {
  static const icu::Normalizer2* nfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normaliser is unavailable");
    return instance;
  }();
  return *nfkc;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Strips one dash-like character (-, –, —, ―, ─) from the front or the back.
bool StripDash(std::string_view* s, bool front) {
  static constexpr std::string_view kDashes[] = {"-", "\u2013", "\u2014", "\u2015", "\u2500"};
  for (std::string_view d : kDashes) {
    if (front ? s->starts_with(d) : s->ends_with(d)) {
      front ? s->remove_prefix(d.size()) : s->remove_suffix(d.size());
      return true;
    }
  }
  return false;
}

// "- 3 -", "— 12 —", "-3-", "第 3 页", "第3页共8页", "第 3 页 / 共 8 页".
bool IsPageNumberLine(std::string_view line) {
  std::string compact = Compact(line);
  std::string_view s = compact;
  if (s.empty()) return false;
  std::string_view dashed = s;
  if (StripDash(&dashed, true)) {
    while (StripDash(&dashed, true)) {
    }
    if (StripDash(&dashed, false)) {
      while (StripDash(&dashed, false)) {
      }
      return IsAsciiDigits(dashed) && dashed.size() <= 4;
    }
    return false;
  }
  static constexpr std::string_view kDi = "第", kYe = "页", kGong = "共";
  if (!s.starts_with(kDi)) return false;
  s.remove_prefix(kDi.size());
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 4) return false;
  s.remove_prefix(n);
  if (!s.starts_with(kYe)) return false;
  s.remove_prefix(kYe.size());
  if (s.empty()) return true;
  if (s.starts_with("/")) s.remove_prefix(1);
  if (!s.starts_with(kGong)) return false;
  s.remove_prefix(kGong.size());
  n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return n > 0 && s.substr(n) == kYe;
}

// A Markdown rule or table separator: only '-', '=', ':', '|', '+' and white space, with a run of
// at least three '-' or '=' ("---", "| --- | :-: |"). A row of single dashes ("-\t-\t-") is a row
// of placeholder cells, not a rule.
bool IsRuleLine(std::string_view line) {
  int run = 0;
  int longest = 0;
  for (char c : line) {
    if (c == '-' || c == '=') {
      longest = std::max(longest, ++run);
      continue;
    }
    run = 0;
    if (c != ':' && c != '|' && c != '+' && !IsAsciiSpace(c)) return false;
  }
  return longest >= 3;
}

void EraseAll(std::string* s, std::string_view what) {
  size_t pos = 0;
  while ((pos = s->find(what, pos)) != std::string::npos) s->erase(pos, what.size());
}

std::string CleanLine(std::string_view raw) {
  std::string_view trimmed = Trim(raw);
  if (trimmed.empty() || IsPageNumberLine(trimmed) || IsRuleLine(trimmed)) return {};
  std::string_view body = raw;
  // Markdown heading and quote marks at the start of the line.
  std::string_view lead = Trim(body);
  if (lead.starts_with('#') || lead.starts_with('>')) {
    while (!lead.empty() && (lead.front() == '#' || lead.front() == '>')) lead.remove_prefix(1);
    body = lead;
  }
  std::string line(body);
  EraseAll(&line, "**");
  EraseAll(&line, "__");
  return line;
}

}  // namespace

std::string FoldNfkc(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  icu::StringByteSink<std::string> sink(&folded);
  UErrorCode status = U_ZERO_ERROR;
  Nfkc().normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink,
                       nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error("NFKC normalisation failed");
  return folded;
}

std::string Compact(std::string_view text) {
  std::string out(text.size(), '\0');
  char* end = out.data();
  for (char c : text) {
    *end = c;
    end += !IsAsciiSpace(c);
  }
  out.resize(static_cast<size_t>(end - out.data()));
  return out;
}

std::vector<std::string> PrepareReportLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = text.substr(pos, eol - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    // NFKC per line keeps memory bounded for huge inputs; ICU's UTF-8 path skips normalised runs.
    bool ascii = true;
    for (char c : raw) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      lines.push_back(CleanLine(raw));
    } else if (raw.size() <= static_cast<size_t>(INT32_MAX)) {
      lines.push_back(CleanLine(FoldNfkc(raw)));
    } else {
      lines.emplace_back();  // a single line over 2 GiB cannot be a table row
    }
    if (eol == text.size()) break;
    pos = eol + 1;
  }
  return lines;
}

}  // namespace xxgk::extract
