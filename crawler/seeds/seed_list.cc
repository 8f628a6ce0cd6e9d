// Reading, validating and looking up the seed list. See seed_list.h.
#include "crawler/seeds/seed_list.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "extract/text/doc_identity.h"  // FindInvalidUtf8

namespace xxgk::seeds {
namespace {

constexpr size_t kFieldCount = 8;
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "code", "province", "prefecture", "name", "level", "portal", "columns", "notes"};
// A refused file lists this many bad lines at most, then says how many more there were.
constexpr size_t kMaxReportedErrors = 20;

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSuffix(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

std::optional<BodyLevel> ParseLevel(std::string_view text) {
  for (BodyLevel level : {BodyLevel::kCounty, BodyLevel::kTown, BodyLevel::kDepartment}) {
    if (text == BodyLevelName(level)) return level;
  }
  return std::nullopt;
}

// Empty when `code` has the shape `level` calls for (seed_list.h), else what is wrong.
std::string CodeProblem(std::string_view code, BodyLevel level) {
  const std::string quoted = "code '" + std::string(code) + "'";
  const std::string_view county = code.substr(0, 6);
  if (county.size() < 6 || !IsDigits(county) || county.substr(4) == "00") {
    return quoted + " does not start with a county's 6-digit code (not ending in 00)";
  }
  const std::string_view rest = code.substr(6);
  switch (level) {
    case BodyLevel::kCounty:
      if (!rest.empty()) return quoted + ": a county's code is its 6-digit code";
      return "";
    case BodyLevel::kTown:
      if ((rest.size() == 3 && IsDigits(rest)) || (rest.size() > 1 && rest[0] == '-' &&
                                                   IsSuffix(rest.substr(1)))) {
        return "";
      }
      return quoted + ": a town's code is its 9-digit code or the county's code, '-' and [a-z0-9]";
    case BodyLevel::kDepartment:
      if (rest.size() > 1 && rest[0] == '-' && IsSuffix(rest.substr(1))) return "";
      return quoted + ": a department's code is the county's code, '-' and [a-z0-9]";
  }
  return quoted + ": unknown level";
}

// The part of a canonical URL that URL lookups compare: the host without a leading "www.",
// the port when it is not the scheme's default, the path and the query. The scheme is left
// out: portals move between http and https.
std::string MatchKey(const crawl::CanonicalUrl& url) {
  std::string_view host = url.host();
  if (host.starts_with("www.")) host.remove_prefix(4);
  std::string key(host);
  const uint16_t default_port = url.scheme() == "https" ? 443 : 80;
  if (url.port() != default_port) key += ":" + std::to_string(url.port());
  key += url.PathAndQuery();
  return key;
}

std::string HostPart(const std::string& key) { return key.substr(0, key.find('/')); }

class RowParser {
 public:
  explicit RowParser(std::string_view source) : source_(source) {}

  void Fail(size_t line, std::string_view problem) {
    if (errors_.size() < kMaxReportedErrors) {
      errors_.push_back(source_ + ":" + std::to_string(line) + ": " + std::string(problem));
    }
    ++error_count_;
  }

  void Header(std::string_view line) {
    if (line != kSeedHeader) {
      Fail(1, "the first line must be the header '" +
                  std::string(kSeedHeader.begin(), kSeedHeader.end()) +
                  "' (tab-separated)");
    }
  }

  void Row(size_t line_number, std::string_view line) {
    const std::vector<std::string_view> fields = Split(line, '\t');
    if (fields.size() != kFieldCount) {
      Fail(line_number, std::to_string(fields.size()) + " tab-separated fields, expected " +
                            std::to_string(kFieldCount));
      return;
    }
    std::array<std::string_view, kFieldCount> f;
    for (size_t i = 0; i < kFieldCount; ++i) f[i] = TrimSpaces(fields[i]);
    for (size_t i = 0; i < 6; ++i) {  // all but columns and notes are required
      if (f[i].empty()) {
        Fail(line_number, "empty " + std::string(kFieldNames[i]));
        return;
      }
    }
    SeedRow row;
    row.line = line_number;
    row.code = f[0];
    row.province = f[1];
    row.prefecture = f[2];
    row.name = f[3];
    row.notes = f[7];
    const std::optional<BodyLevel> level = ParseLevel(f[4]);
    if (!level) {
      Fail(line_number, "level '" + std::string(f[4]) + "' is not county, town or department");
      return;
    }
    row.level = *level;
    if (std::string problem = CodeProblem(row.code, row.level); !problem.empty()) {
      Fail(line_number, problem);
      return;
    }
    if (!Url("portal", f[5], line_number, &row.portal_url)) return;
    row.portal = f[5];
    for (std::string_view column : Split(f[6], ' ')) {
      if (column.empty()) continue;  // runs of spaces
      crawl::CanonicalUrl url;
      if (!Url("column", column, line_number, &url)) return;
      row.columns.emplace_back(column);
      row.column_urls.push_back(std::move(url));
    }
    if (auto [it, inserted] = line_of_code_.emplace(row.code, line_number); !inserted) {
      Fail(line_number, "code " + row.code + " is already on line " + std::to_string(it->second));
      return;
    }
    rows_.push_back(std::move(row));
  }

  Status Finish(std::vector<SeedRow>* rows) {
    if (error_count_ == 0) {
      *rows = std::move(rows_);
      return Status::Ok();
    }
    std::string message;
    for (const std::string& error : errors_) message += (message.empty() ? "" : "\n") + error;
    if (error_count_ > errors_.size()) {
      message += "\n" + source_ + ": " + std::to_string(error_count_ - errors_.size()) +
                 " more bad lines";
    }
    return Status::Error(message);
  }

 private:
  bool Url(std::string_view field, std::string_view text, size_t line, crawl::CanonicalUrl* out) {
    const std::string quoted = std::string(field) + " '" + std::string(text) + "'";
    if (!text.starts_with("http://") && !text.starts_with("https://")) {
      Fail(line, quoted + " is not an absolute http(s) URL");
      return false;
    }
    if (Status s = crawl::CanonicalizeUrl(text, out); !s.ok()) {
      Fail(line, quoted + " is not a valid URL: " + s.message());
      return false;
    }
    return true;
  }

  std::string source_;
  std::vector<std::string> errors_;
  size_t error_count_ = 0;
  std::vector<SeedRow> rows_;
  std::unordered_map<std::string, size_t> line_of_code_;
};

bool StartsWith(std::string_view text, std::string_view prefix) { return text.starts_with(prefix); }

// When `rows` are one county and bodies of that county only, keeps the county alone: "襄垣"
// or the portal's root name the county, not its office.
void PreferTheCounty(std::vector<const SeedRow*>* rows) {
  const auto is_county = [](const SeedRow* r) { return r->level == BodyLevel::kCounty; };
  if (rows->size() < 2 || std::count_if(rows->begin(), rows->end(), is_county) != 1) return;
  const SeedRow* county = *std::find_if(rows->begin(), rows->end(), is_county);
  if (std::all_of(rows->begin(), rows->end(),
                  [&](const SeedRow* r) { return r->county_code() == county->code; })) {
    *rows = {county};
  }
}

}  // namespace

std::string_view BodyLevelName(BodyLevel level) {
  switch (level) {
    case BodyLevel::kCounty: return "county";
    case BodyLevel::kTown: return "town";
    case BodyLevel::kDepartment: return "department";
  }
  return "county";
}

std::string SeedRow::ToTsv() const {
  std::string joined_columns;
  for (const std::string& column : columns) {
    joined_columns += (joined_columns.empty() ? "" : " ") + column;
  }
  std::string tsv = code;
  for (std::string_view field : {std::string_view(province), std::string_view(prefecture),
                                 std::string_view(name), BodyLevelName(level),
                                 std::string_view(portal), std::string_view(joined_columns),
                                 std::string_view(notes)}) {
    (tsv += '\t') += field;
  }
  return tsv;
}

Status SeedList::Parse(std::string_view text, std::string_view source, SeedList* out) {
  RowParser parser(source);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  std::vector<std::string_view> lines = Split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the final line break
  if (lines.empty()) {
    parser.Fail(1, "empty file: the first line must be the header");
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.ends_with('\r')) line.remove_suffix(1);
    const size_t number = i + 1;
    if (std::optional<size_t> bad = extract::FindInvalidUtf8(line)) {
      parser.Fail(number, "not valid UTF-8 (byte " + std::to_string(*bad + 1) + " of the line)");
      continue;
    }
    if (i == 0) {
      parser.Header(line);
    } else if (!line.empty() && line.front() != '#') {
      parser.Row(number, line);
    }
  }
  std::vector<SeedRow> rows;
  if (Status s = parser.Finish(&rows); !s.ok()) return s;
  out->source_ = std::string(source);
  out->rows_ = std::move(rows);
  return Status::Ok();
}

Status SeedList::ReadFile(const std::string& path, SeedList* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot read: " + std::strerror(errno));
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) {
      return Status::Error(path + ": refused: larger than " + std::to_string(kMaxFileBytes >> 20) +
                           " MiB");
    }
  }
  if (in.bad()) return Status::Error(path + ": read failed");
  return Parse(text, path, out);
}

SeedMatch SeedList::FindByName(std::string_view name) const {
  SeedMatch match;
  if (name.empty()) return match;
  for (const SeedRow& row : rows_) {
    if (row.name == name) match.rows.push_back(&row);
  }
  if (!match.rows.empty()) return match;  // names may repeat across provinces ("城区")
  for (const SeedRow& row : rows_) {
    if (StartsWith(row.name, name)) match.rows.push_back(&row);
  }
  PreferTheCounty(&match.rows);
  return match;
}

SeedMatch SeedList::FindByCode(std::string_view code, bool with_sub_bodies) const {
  SeedMatch match;
  for (const SeedRow& row : rows_) {
    if (row.code == code) match.rows.push_back(&row);
  }
  if (with_sub_bodies && code.size() == 6) {
    for (const SeedRow& row : rows_) {
      if (row.level != BodyLevel::kCounty && row.county_code() == code) match.rows.push_back(&row);
    }
  }
  return match;
}

SeedMatch SeedList::FindByUrl(std::string_view url) const {
  SeedMatch match;
  crawl::CanonicalUrl canonical;
  if (!crawl::CanonicalizeUrl(url, &canonical).ok()) return match;
  const std::string key = MatchKey(canonical);
  const std::string host = HostPart(key);
  // Score per row: the length of its longest portal/column key that is a prefix of `key`;
  // 0 when only the host matches; no score when the host differs.
  size_t best = 0;
  std::vector<std::pair<size_t, const SeedRow*>> scored;
  for (const SeedRow& row : rows_) {
    std::optional<size_t> score;
    auto consider = [&](const crawl::CanonicalUrl& candidate) {
      const std::string candidate_key = MatchKey(candidate);
      if (HostPart(candidate_key) != host) return;
      const size_t length = key.starts_with(candidate_key) ? candidate_key.size() : 0;
      score = std::max(score.value_or(0), length);
    };
    consider(row.portal_url);
    for (const crawl::CanonicalUrl& column : row.column_urls) consider(column);
    if (!score) continue;
    best = std::max(best, *score);
    scored.emplace_back(*score, &row);
  }
  for (const auto& [score, row] : scored) {
    if (score == best) match.rows.push_back(row);
  }
  PreferTheCounty(&match.rows);  // tied rows: a county wins over its own bodies
  return match;
}

SeedMatch SeedList::Resolve(std::string_view query) const {
  if (query.starts_with("http://") || query.starts_with("https://")) return FindByUrl(query);
  if (SeedMatch by_code = FindByCode(query); !by_code.rows.empty()) return by_code;
  return FindByName(query);
}

std::vector<const SeedRow*> SeedList::Filter(const SeedFilter& filter) const {
  std::vector<const SeedRow*> rows;
  for (const SeedRow& row : rows_) {
    if (!StartsWith(row.province, filter.province)) continue;
    if (!StartsWith(row.prefecture, filter.prefecture)) continue;
    if (!StartsWith(row.name, filter.prefix) && !StartsWith(row.code, filter.prefix)) continue;
    rows.push_back(&row);
  }
  return rows;
}

SeedList::LevelCounts SeedList::CountByLevel() const {
  LevelCounts counts;
  for (const SeedRow& row : rows_) {
    switch (row.level) {
      case BodyLevel::kCounty: ++counts.county; break;
      case BodyLevel::kTown: ++counts.town; break;
      case BodyLevel::kDepartment: ++counts.department; break;
    }
  }
  return counts;
}

}  // namespace xxgk::seeds
