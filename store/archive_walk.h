// WalkArchive: reads every table of an archive in child processes, so that a damaged data.mdb
// (LMDB does not checksum its pages: a damaged B-tree page can make it read wild memory) is
// reported, never crashes the caller. `xxgk verify`, `xxgk salvage`, and `stats` / `rebuild`
// before they read (docs/archive.md, "Damaged archives").
//
// How: a child (fork) opens the archive read-only and walks one table with a cursor from a start
// key, sending each entry (key, and value when asked; otherwise it still reads every value byte)
// over a pipe. The parent never maps the file. When the child dies (a signal), stops with an LMDB
// error, sends keys out of order, or falls silent for stall_ms, the entries it sent are kept
// and a new child resumes just past the last key received; if that one cannot read either, the
// walk skips ahead — past the last key's prefixes, longest first (a damaged leaf loses its own
// keys only) — and the range that gave nothing is reported as damaged. So every entry readable
// from some starting point is visited, in key order, once.
// Call from a single-threaded process or before starting threads (it forks).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/archive_env.h"

namespace xxgk::store {

struct WalkOptions {
  bool with_values = false;  // send values (salvage); otherwise the child only reads them
  // Without it, a table's walk ends at its first damage (reported up to the table's end): enough
  // to know that an archive is damaged, in a few processes (stats, rebuild).
  bool skip_damage = true;
  // A child silent this long is taken as hung (a page cycle can make LMDB loop) and killed.
  int stall_ms = 30000;
};

struct DamagedRange {
  Table table = Table::kMeta;
  std::string after;  // the last key read before it ("" : the table's start)
  std::string until;  // the first key read after it ("" : the table's end)
  std::string why;    // "killed by signal 11 (Segmentation fault)", an LMDB error, ...
};

struct WalkReport {
  std::string open_error;  // set when the archive could not be opened at all (nothing walked)
  uint64_t entries[kTableCount] = {};  // entries read, per table
  std::vector<DamagedRange> damaged;
  uint64_t children = 0;   // processes used
  bool ok() const { return open_error.empty() && damaged.empty(); }
};

// Calls `visit` for every readable entry (value empty unless options.with_values). A `visit`
// error ends the walk and is returned; damage is not an error (it is in `*report`).
Status WalkArchive(const std::string& dir, const WalkOptions& options,
                   const std::function<Status(Table, std::string_view key, std::string_view value)>& visit,
                   WalkReport* report);

// A key for people: as is when printable ASCII, else 0x + hex.
std::string PrintableKey(std::string_view key);
// "table documents: unreadable after key K up to key L: why" for one range.
std::string DescribeDamage(const DamagedRange& range);

}  // namespace xxgk::store
