// Seed selection: which seed rows a command line names. `xxgk fetch COUNTY` names one county (or
// one body, or a URL); `xxgk harvest [COUNTY…]` names several, or every county of the list, and
// `--shard K/N` keeps a stable part of them. Both look names up the same way
// (SeedList::Resolve): a county comes with its towns and departments, so a county's bodies are
// always walked together (and always fall in the same shard).
// Thread-safe (reads the SeedList only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crawler/seeds/seed_list.h"

namespace xxgk::seeds {

// The rows `query` names, as `xxgk fetch` takes it: a county with its towns and departments, or
// the one town or department named; a URL on a row's host (SeedList::FindByUrl); a URL no row
// has is walked as a one-off row of its own, written to `*ad_hoc` (its host's root, and the URL
// as a column unless it is the root), which `*rows` then points to. An ambiguous name lists the
// candidates with their codes; an unknown one names the seed file.
Status ResolveCounty(const SeedList& list, std::string_view query,
                     std::vector<const SeedRow*>* rows, SeedRow* ad_hoc);

// One unit of a harvest: the rows walked together — a county with its towns and departments
// (county first), or the one town or department a query named.
struct CountySelection {
  std::string code;  // the first row's code
  std::string name;  // the first row's name
  std::vector<const SeedRow*> rows;  // point into the SeedList
};

// The counties `queries` name, in the order given. A query that names a province or a prefecture
// (RegionNamed) stands for every county of it, in file order, with their bodies, and the towns
// and departments there whose county has no row; any other query is taken as ResolveCounty takes
// it. A body named twice (or named and also part of a county named) is walked once, with the
// first selection that has it. `queries` empty: every county row of the list with its bodies, in
// file order, and the towns and departments whose county has no row, each on its own. A URL that
// is in no row is refused (a harvest walks the seed list; `xxgk fetch URL` walks a one-off portal).
Status SelectCounties(const SeedList& list, const std::vector<std::string>& queries,
                      std::vector<CountySelection>* out);

// Whether `query` names the province or prefecture `region` (a seed row's column): the full name
// ("山西省", "长治市"), or the name without its last administrative word — 省, 市, 自治区 (with
// the people named before it: 广西壮族自治区 → 广西), 特别行政区, 地区, 自治州 (延边朝鲜族自治州 →
// 延边), 盟 — as people write them. Never a mere prefix: "长" names nothing, and "长治县" (a
// county) is not 长治市.
bool RegionNamed(std::string_view region, std::string_view query);

// `--shard K/N`: part K (0 ≤ K < N) of N. A county is in the shard its code's hash falls in —
// the first 6 characters (the county code), FNV-1a 64 modulo N — so the split depends on nothing
// but the code: the same on every machine and run, every county in exactly one of the N shards,
// whatever the order of the file or the other rows.
struct Shard {
  uint32_t index = 0;
  uint32_t count = 1;  // 1: everything
};

// Parses "K/N" (decimal, 1 ≤ N ≤ 100000, 0 ≤ K < N); the error says what is wrong.
Status ParseShard(std::string_view text, Shard* shard);

// True when the county of `code` (its first 6 characters) is in `shard`.
bool InShard(std::string_view code, const Shard& shard);

}  // namespace xxgk::seeds
