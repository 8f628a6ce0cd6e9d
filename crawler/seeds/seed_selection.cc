// Seed selection: the rows a command line names. See seed_selection.h.
#include "crawler/seeds/seed_selection.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

namespace xxgk::seeds {
namespace {

// A URL that is in no seed row: walked as a row of its own (its host's root, and the URL as a
// column unless it is the root).
Status AdHocRow(std::string_view url, SeedRow* row) {
  crawl::CanonicalUrl canonical;
  if (Status s = crawl::CanonicalizeUrl(url, &canonical); !s.ok()) return s;
  row->name = canonical.host();
  row->level = BodyLevel::kCounty;
  if (Status s = crawl::ResolveUrl(canonical, "/", &row->portal_url); !s.ok()) return s;
  row->portal = row->portal_url.spec();
  if (canonical.spec() != row->portal_url.spec()) {
    row->columns.push_back(canonical.spec());
    row->column_urls.push_back(canonical);
  }
  row->notes = "not in the seed list";
  return Status::Ok();
}

}  // namespace

Status ResolveCounty(const SeedList& list, std::string_view query,
                     std::vector<const SeedRow*>* rows, SeedRow* ad_hoc) {
  const SeedMatch match = list.Resolve(query);
  const bool is_url = query.starts_with("http://") || query.starts_with("https://");
  if (match.ambiguous()) {
    std::string error = "\"" + std::string(query) + "\" names " +
                        std::to_string(match.rows.size()) + " rows of " + list.source() + ":";
    for (const SeedRow* row : match.rows) {
      error += "\n  " + row->code + "  " + row->name + "  (" +
               std::string(BodyLevelName(row->level)) + ")";
    }
    error += "\ngive the code or the full name";
    return Status::Error(error);
  }
  if (!match.found()) {
    if (is_url) {
      if (Status s = AdHocRow(query, ad_hoc); !s.ok()) return s;
      rows->push_back(ad_hoc);
      return Status::Ok();
    }
    return Status::Error("no row of " + list.source() + " is named \"" + std::string(query) +
                         "\" or has that code (see `xxgk seeds`)");
  }
  const SeedRow& row = match.row();
  if (row.level == BodyLevel::kCounty) {
    *rows = list.FindByCode(row.code, /*with_sub_bodies=*/true).rows;
  } else {
    rows->push_back(&row);
  }
  return Status::Ok();
}

namespace {

// Adds `rows` as one selection unless each of them is already in one.
void AddSelection(std::vector<const SeedRow*> rows, std::set<const SeedRow*>* taken,
                  std::vector<CountySelection>* out) {
  std::vector<const SeedRow*> fresh;
  for (const SeedRow* row : rows) {
    if (taken->insert(row).second) fresh.push_back(row);
  }
  if (fresh.empty()) return;
  out->push_back(CountySelection{fresh.front()->code, fresh.front()->name, std::move(fresh)});
}

// Every county of the list for which `in(row)` holds, with its bodies, and the bodies there whose
// county has no row of its own, each alone; in file order.
template <typename In>
void AddEveryCounty(const SeedList& list, In in, std::set<const SeedRow*>* taken,
                    std::vector<CountySelection>* out) {
  for (const SeedRow& row : list.rows()) {
    if (taken->count(&row) != 0 || !in(row)) continue;
    if (row.level == BodyLevel::kCounty) {
      AddSelection(list.FindByCode(row.code, /*with_sub_bodies=*/true).rows, taken, out);
    } else if (list.FindByCode(row.county_code()).rows.empty()) {
      AddSelection({&row}, taken, out);  // a body whose county has no row of its own
    }
  }
}

}  // namespace

bool RegionNamed(std::string_view region, std::string_view query) {
  if (query.empty()) return false;
  if (region == query) return true;
  if (!region.starts_with(query)) return false;
  const std::string_view rest = region.substr(query.size());
  // The administrative word a region's name ends with, and what may stand before it.
  static constexpr std::string_view kWhole[] = {"省", "市", "自治区", "特别行政区", "地区", "盟"};
  for (std::string_view word : kWhole) {
    if (rest == word) return true;
  }
  // 广西壮族自治区, 延边朝鲜族自治州: the peoples' names (…族) before the word go too.
  for (std::string_view word : {std::string_view("自治区"), std::string_view("自治州")}) {
    if (!rest.ends_with(word)) continue;
    const std::string_view peoples = rest.substr(0, rest.size() - word.size());
    if (peoples.ends_with("族") && query.size() >= 6) return true;  // at least two characters
  }
  return false;
}

Status SelectCounties(const SeedList& list, const std::vector<std::string>& queries,
                      std::vector<CountySelection>* out) {
  out->clear();
  std::set<const SeedRow*> taken;
  if (queries.empty()) {
    AddEveryCounty(list, [](const SeedRow&) { return true; }, &taken, out);
    return Status::Ok();
  }
  for (const std::string& query : queries) {
    const auto in_region = [&](const SeedRow& row) {
      return RegionNamed(row.province, query) || RegionNamed(row.prefecture, query);
    };
    if (std::any_of(list.rows().begin(), list.rows().end(), in_region)) {
      AddEveryCounty(list, in_region, &taken, out);
      continue;
    }
    std::vector<const SeedRow*> rows;
    SeedRow ad_hoc;
    if (Status s = ResolveCounty(list, query, &rows, &ad_hoc); !s.ok()) {
      if (list.Resolve(query).ambiguous()) return s;
      return Status::Error(s.message() + ", and no province or prefecture has that name");
    }
    if (rows.size() == 1 && rows.front() == &ad_hoc) {
      return Status::Error("\"" + query + "\" is in no row of " + list.source() +
                           "; a harvest walks the seed list (`xxgk fetch URL` walks a portal "
                           "that is not in it)");
    }
    AddSelection(std::move(rows), &taken, out);
  }
  return Status::Ok();
}

Status ParseShard(std::string_view text, Shard* shard) {
  const size_t slash = text.find('/');
  const auto number = [](std::string_view digits, uint32_t* value) {
    if (digits.empty() || digits.size() > 6) return false;
    const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), *value);
    return err == std::errc() && end == digits.data() + digits.size();
  };
  Shard parsed;
  if (slash == std::string_view::npos || !number(text.substr(0, slash), &parsed.index) ||
      !number(text.substr(slash + 1), &parsed.count)) {
    return Status::Error("must be K/N (part K of N, counted from 0), not '" + std::string(text) +
                         "'");
  }
  if (parsed.count < 1 || parsed.count > 100000) {
    return Status::Error("N must be 1 to 100000, not " + std::to_string(parsed.count));
  }
  if (parsed.index >= parsed.count) {
    return Status::Error("K must be 0 to " + std::to_string(parsed.count - 1) + " (parts are " +
                         "counted from 0), not " + std::to_string(parsed.index));
  }
  *shard = parsed;
  return Status::Ok();
}

bool InShard(std::string_view code, const Shard& shard) {
  if (shard.count <= 1) return true;
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64: fixed, so shards never move
  for (const char c : code.substr(0, 6)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash % shard.count == shard.index;
}

}  // namespace xxgk::seeds
