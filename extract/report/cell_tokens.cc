// Cell tokens: splitting report lines into classified cells. See cell_tokens.h.
#include "extract/report/cell_tokens.h"

#include <unicode/utf8.h>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

constexpr std::string_view kUnits[] = {"万元", "件", "个", "条", "项", "次", "人", "起", "元"};
constexpr std::string_view kPlaceholders[] = {"/",  "\\",     "-",      "--",     "\u2014",
                                              "\u2014\u2014", "\u2013", "\u2015", "\u2500"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses [+-]? (d{1,3}(,d{3})+ | d+) (.d+)? into `token`; the unit was already split off.
bool ParseNumber(std::string_view s, CellToken* token) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::string digits;
  size_t i = 0;
  size_t group = 0;
  bool grouped = false;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == ',')) {
    if (s[i] == ',') {
      // A thousands separator needs 1-3 digits before the first one and exactly 3 between.
      if (group == 0 || group > 3 || (grouped && group != 3)) return false;
      grouped = true;
      group = 0;
    } else {
      digits.push_back(s[i]);
      ++group;
    }
    ++i;
  }
  if (digits.empty() || (grouped && group != 3)) return false;
  bool decimal = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t fraction = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++fraction;
    if (fraction == 0) return false;
    decimal = true;
  }
  if (i != s.size()) return false;
  token->kind = TokenKind::kNumber;
  token->integral = !decimal;
  if (!decimal) {
    if (digits.size() > 15) return false;  // no report cell is that large: treat as unreadable
    int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    token->value = negative ? -v : v;
  }
  return true;
}

bool IsOrdinal(std::string_view w) {
  // "1." "12." "1、" "1)" "(1)"
  if (w.starts_with('(') && w.ends_with(')')) w = w.substr(1, w.size() - 2);
  else if (w.ends_with('.') || w.ends_with(')')) w.remove_suffix(1);
  else if (w.ends_with("\u3001")) w.remove_suffix(3);
  else return false;
  return !w.empty() && w.size() <= 2 && IsDigit(w[0]) && (w.size() == 1 || IsDigit(w[1]));
}

// True when `w` holds a CJK character (radicals, punctuation, kana, ideographs, full-width forms).
bool HasCjk(std::string_view w) {
  const auto* s = reinterpret_cast<const uint8_t*>(w.data());
  const auto n = static_cast<int32_t>(w.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0x2E80 && c != 0xFFFD) return true;
  }
  return false;
}

bool IsAsciiWord(std::string_view w) {
  if (w.size() < 2) return false;
  for (char c : w) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

void AppendWords(std::string_view cell, uint32_t line, bool positioned, uint32_t column,
                 std::vector<CellToken>* out) {
  size_t pos = 0;
  while (pos < cell.size()) {
    while (pos < cell.size() && IsAsciiSpace(cell[pos])) ++pos;
    size_t end = pos;
    while (end < cell.size() && !IsAsciiSpace(cell[end])) ++end;
    if (end == pos) break;
    const std::string_view word = cell.substr(pos, end - pos);
    if (word.find_first_not_of('|') == std::string_view::npos) {
      pos = end;  // a bar inside a tab cell ("\t\t0  | ") ends a cell; it is no value
      continue;
    }
    CellToken token = ClassifyWord(word);
    token.line = line;
    token.positioned = positioned;
    token.column = token.last_column = column;
    if (token.kind == TokenKind::kText && !out->empty() && out->back().kind == TokenKind::kText &&
        out->back().line == line) {
      out->back().text += token.text;  // join label words of one line
      out->back().last_column = column;
    } else {
      out->push_back(std::move(token));
    }
    pos = end;
  }
}

bool IsValueCell(const CellToken& t) {
  return t.kind == TokenKind::kNumber || t.kind == TokenKind::kPlaceholder ||
         t.kind == TokenKind::kGarbled;
}

}  // namespace

LineCells SplitLineCells(std::string_view line) {
  LineCells result;
  if (line.find('\t') != std::string_view::npos) {
    result.separator = CellSeparator::kTab;
  } else {
    const size_t first = line.find_first_not_of(' ');
    const size_t last = line.find_last_not_of(' ');
    size_t bars = 0;
    for (char c : line) bars += c == '|';
    if (bars >= 2 || (first != std::string_view::npos && (line[first] == '|' || line[last] == '|'))) {
      result.separator = CellSeparator::kPipe;
      line = line.substr(first, last - first + 1);
    }
  }
  if (result.separator == CellSeparator::kNone) {
    result.cells.push_back(line);
    return result;
  }
  const char separator = result.separator == CellSeparator::kTab ? '\t' : '|';
  size_t pos = 0;
  while (true) {
    size_t next = line.find(separator, pos);
    result.cells.push_back(line.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  if (result.separator == CellSeparator::kPipe) {
    // "| a | b |": the first bar opens the row and the last one closes it.
    if (line.front() == '|') result.cells.erase(result.cells.begin());
    if (line.back() == '|' && !result.cells.empty()) {
      result.cells.pop_back();
      result.closed = true;
    }
  }
  return result;
}

CellToken ClassifyWord(std::string_view word) {
  CellToken token;
  token.text = std::string(word);
  for (std::string_view p : kPlaceholders) {
    if (word == p) {
      token.kind = TokenKind::kPlaceholder;
      return token;
    }
  }
  if (!word.empty() && (IsDigit(word[0]) || word[0] == '+' || word[0] == '-')) {
    std::string_view number = word;
    for (std::string_view unit : kUnits) {
      if (number.size() > unit.size() && number.ends_with(unit)) {
        number.remove_suffix(unit.size());
        token.has_unit = true;
        break;
      }
    }
    if (ParseNumber(number, &token)) return token;
    token.has_unit = false;
  }
  if (IsOrdinal(word) || HasCjk(word) || IsAsciiWord(word)) {
    token.kind = TokenKind::kText;
    return token;
  }
  token.kind = TokenKind::kGarbled;
  return token;
}

std::vector<CellToken> TokenizeLines(const std::vector<std::string>& lines, size_t begin,
                                     size_t end) {
  std::vector<CellToken> tokens;
  for (size_t i = begin; i < end && i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    const auto line_no = static_cast<uint32_t>(i);
    const LineCells split = SplitLineCells(line);
    const bool explicit_cells = split.separator != CellSeparator::kNone;
    const size_t line_start = tokens.size();
    for (size_t c = 0; c < split.cells.size(); ++c) {
      const std::string_view cell = split.cells[c];
      const auto column = static_cast<uint32_t>(c);
      bool blank = true;
      for (char ch : cell) blank = blank && IsAsciiSpace(ch);
      if (blank) {
        if (explicit_cells) {
          CellToken token{TokenKind::kBlank, line_no, {}};
          token.positioned = true;
          token.column = token.last_column = column;
          tokens.push_back(std::move(token));
        }
        continue;
      }
      AppendWords(cell, line_no, explicit_cells, column, &tokens);
    }
    // Keep a blank only between two value cells of this line; other empties are merged cells.
    // value_after[k]: the next non-blank token after position k on this line is a value cell.
    const size_t count = tokens.size() - line_start;
    std::vector<bool> value_after(count, false);
    bool next_is_value = false;
    for (size_t k = count; k-- > 0;) {
      value_after[k] = next_is_value;
      const CellToken& t = tokens[line_start + k];
      if (t.kind != TokenKind::kBlank) next_is_value = IsValueCell(t);
    }
    size_t write = line_start;
    bool previous_is_value = false;  // the last kept token was a value cell or a kept blank
    for (size_t k = 0; k < count; ++k) {
      const size_t r = line_start + k;
      if (tokens[r].kind == TokenKind::kBlank) {
        if (!previous_is_value || !value_after[k]) continue;
      } else {
        previous_is_value = IsValueCell(tokens[r]);
      }
      if (write != r) tokens[write] = std::move(tokens[r]);
      ++write;
    }
    tokens.resize(write);
  }
  return tokens;
}

}  // namespace xxgk::extract
