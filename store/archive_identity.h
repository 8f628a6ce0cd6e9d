// Archive identity: whether a directory's data.mdb is an xxgk archive, decided before LMDB is
// allowed to write anything (not even lock.mdb). See docs/archive.md, "Recognising an archive".
//
// The rule:
//   - data.mdb must be a non-empty LMDB file (its first meta page has LMDB's magic); a 0-byte file
//     is refused, never re-created as an empty archive.
//   - It is opened with MDB_RDONLY|MDB_NOLOCK (no byte written, no lock file) and must not be
//     truncated (its pages must fit in the file).
//   - Marked: meta "marker" is kArchiveMarker. Only xxgk writes it.
//   - Legacy (made before the marker existed): no marker, and positively ours: every name in the
//     main database is one of xxgk's tables, `meta` holds exactly format = "xxgk-archive", a
//     schema_version and optionally the counters next_seq / next_fetch, nothing else.
//   - Empty: an LMDB environment with no table at all (a creation cut short before its first
//     commit): there is nothing to lose, so a creating open initialises it.
//   - Anything else is foreign and refused.
// Thread-safe (no shared state).
#pragma once

#include <string>

#include "base/status.h"

namespace xxgk::store {

struct ArchiveIdentity {
  enum Kind { kEmpty, kMarked, kLegacy } kind = kEmpty;
  std::string schema_version;  // as stored (kMarked, kLegacy); ArchiveEnv checks it
};

// Checks `dir`/data.mdb, which must exist. Errors are messages without the directory name.
Status ProbeArchiveIdentity(const std::string& dir, ArchiveIdentity* identity);

}  // namespace xxgk::store
