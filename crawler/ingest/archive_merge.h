// MergeArchive: the whole of `xxgk import --from-archive OTHER` — everything another archive holds
// copied into this one: documents (deduplicated by doc_id, the full SHA-256 compared: a different
// text under a known doc_id is a collision, reported and never merged), their sources (a union:
// one per distinct payload), payloads (once per digest), records (an older extractor version's
// replaced), payloads kept for later (pending), the URL index (the later fetch of each URL wins),
// the fetch log (entries this archive has not logged yet, in the other's order) and the harvest's
// gone marks (per URL the mark whose latest failure is later; a mark here is removed when the
// other archive has none for its URL and has seen the URL answer since the mark's latest failure).
//
// Guarantees:
//   - New documents get this archive's next sequence numbers, in the other archive's order.
//   - Idempotent: merging the same archive again adds nothing (after it grew, only what is new).
//   - Crash-safe: the work is done in batches (options.batch entries), each one transaction
//     (store::Archive::Merge), and every batch is idempotent; a merge killed at any moment (kill
//     -9, power loss) and run again ends with exactly what one uninterrupted merge gives.
//   - The other archive is only read (open it with store::Archive::OpenReadOnly); its texts are
//     verified against their digests, and a damaged text or a missing payload is reported, never
//     copied.
// The merge runs in phases, one per kind of table, each a scan of the other archive in batches.
// A new table is merged by adding one phase to kPhases in archive_merge.cc and its part of
// store::MergeBatch: nothing else changes.
// Thread-safety: call from one thread; the observer is called on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "store/archive.h"

namespace xxgk::ingest {

struct MergeTally {
  // Read from the other archive, and what they added here.
  uint64_t documents = 0, added = 0, duplicates = 0, collisions = 0, sources_added = 0;
  uint64_t pending = 0, pending_added = 0;
  uint64_t urls = 0, urls_updated = 0;
  uint64_t fetches = 0, fetches_added = 0;
  uint64_t gone = 0, gone_updated = 0;  // gone marks (suspected or gone)
  uint64_t gone_cleared = 0;  // marks here whose URL the other archive has since seen answer
  uint64_t damaged = 0;  // entries of the other archive that could not be read and were skipped
  uint64_t batches = 0;  // transactions committed
};

struct MergeObserver {
  std::function<void(const std::string& problem)> problem;  // one line for people, per problem
  // After each batch: entries of the other archive handled so far, of `total`.
  std::function<void(uint64_t done, uint64_t total)> progress;
  std::function<bool()> stop;  // polled between batches: true ends the run early (Ctrl-C)
};

struct MergeOptions {
  size_t batch = 256;  // entries per transaction
};

// An error when `target_dir` and `other_dir` name the same archive (check it before opening
// both: LMDB must not open one environment twice in a process).
Status CheckMergeSource(const std::string& target_dir, const std::string& other_dir);

// Merges `other` into `target`. Refuses (an error, nothing written) when both are the same
// archive directory. A run ended by observer.stop returns Ok with what was done. Returns an error
// only when an archive cannot be read or written; collisions and damage are counted in `*tally`
// and reported to the observer.
//
// Test-only: XXGK_TEST_MERGE_KILL_AFTER=N in the environment kills the process (SIGKILL, as
// kill -9 does) right after its Nth committed batch, for the crash-safety tests.
Status MergeArchive(store::Archive& target, const store::Archive& other, const MergeOptions& options,
                    const MergeObserver& observer, MergeTally* tally);

}  // namespace xxgk::ingest
