// RebuildArchive: the whole of `xxgk rebuild` — every document checked and repaired
// (archive_check.h), then every payload kept for later (pending) verified and converted again;
// one that converts now becomes a document (with its source and record) and stops being pending,
// in the same transaction (store::Archive::AddDocuments); the others stay pending.
// Work is done in batches of 256, each committed in one transaction, after which a cursor kept in
// the archive (meta "rebuild_cursor": the phase, the next sequence number or pending digest, the
// damage found so far) says where to go on: an interrupted rebuild resumes there, so repeated
// kills make progress. A run that completes removes the cursor; the next run starts over. No
// network.
// Thread-safety: call from one thread; the checks run on `jobs` worker threads, writes on the
// calling thread; the observer is called on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"
#include "crawler/ingest/document_input.h"
#include "store/archive.h"

namespace xxgk::ingest {

struct RebuildTally {
  uint64_t documents = 0, texts_ok = 0, texts_repaired = 0, texts_damaged = 0, texts_differ = 0;
  uint64_t payloads_ok = 0, payloads_missing = 0, payloads_damaged = 0;
  uint64_t records_unchanged = 0, records_missing = 0, records_outdated = 0, records_changed = 0;
  uint64_t pending_converted = 0, pending_still = 0, pending_damaged = 0;
  // Resumed after an interruption: the first document checked (its sequence number), whether
  // the documents were done already (only pending payloads left), and the damage the earlier
  // runs found (kept in the cursor, so the exit status still says so).
  bool resumed = false, resumed_in_pending = false;
  uint64_t resumed_from = 0, earlier_damage = 0;
  bool stopped = false;  // ended early (observer.stop or stop_after): the cursor is kept

  // Something is damaged or missing (the command exits 1).
  uint64_t Damage() const {
    return texts_damaged + payloads_missing + payloads_damaged + pending_damaged + earlier_damage;
  }
};

struct RebuildObserver {
  std::function<void(const std::string& problem)> problem;  // one line for people, per problem
  std::function<void(const RebuildTally& so_far)> progress;  // after each batch of documents
  std::function<bool()> stop;  // polled between batches: true ends the run early (Ctrl-C)
};

struct RebuildOptions {
  unsigned jobs = 1;
  ConvertOptions convert;
  uint64_t stop_after = 0;  // test knob: stop (as if interrupted) after this many documents
};

// A run ended by `observer.stop` returns Ok with what was done (each batch is committed).
// Returns an error only when the archive cannot be read or written (the tally holds what was
// done until then); damage found is counted in `*tally` and reported to the observer.
Status RebuildArchive(store::Archive& archive, const RebuildOptions& options,
                      const RebuildObserver& observer, RebuildTally* tally);

}  // namespace xxgk::ingest
