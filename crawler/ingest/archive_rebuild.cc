// RebuildArchive: documents checked in batches, then pending payloads. See archive_rebuild.h.
#include "crawler/ingest/archive_rebuild.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "crawler/ingest/archive_check.h"
#include "crawler/ingest/parallel_for.h"

namespace xxgk::ingest {
namespace {

constexpr size_t kBatch = 256;

void Tally(const DocumentCheck& c, RebuildTally* t) {
  ++t->documents;
  t->texts_ok += c.text_ok;
  t->texts_repaired += c.text_repaired;
  t->texts_damaged += !c.text_ok && !c.text_repaired;
  t->texts_differ += c.text_differs;
  t->payloads_ok += c.payloads_ok;
  t->payloads_missing += c.payloads_missing;
  t->payloads_damaged += c.payloads_damaged;
  switch (c.record_state) {
    case DocumentCheck::kUnchanged: t->records_unchanged += c.text_ok || c.text_repaired; break;
    case DocumentCheck::kMissing: ++t->records_missing; break;
    case DocumentCheck::kOutdated: ++t->records_outdated; break;
    case DocumentCheck::kChanged: ++t->records_changed; break;
  }
}

bool Stopped(const RebuildObserver& observer) { return observer.stop && observer.stop(); }

void Report(const RebuildObserver& observer, const std::string& problem) {
  if (observer.problem) observer.problem(problem);
}

struct Cursor {
  std::string phase;  // "documents" or "pending"; empty: start over
  uint64_t next_seq = 0;
  std::string next_pending;
  uint64_t damage = 0;
};

Cursor ReadCursor(const store::Archive& archive) {
  std::string text;
  Cursor c;
  if (!archive.RebuildCursor(&text).ok() || text.empty()) return c;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return c;
  c.phase = j.value("phase", std::string());
  c.next_seq = j.value("next_seq", uint64_t{0});
  c.next_pending = j.value("next_pending", std::string());
  c.damage = j.value("damage", uint64_t{0});
  if (c.phase != "documents" && c.phase != "pending") c = Cursor{};
  return c;
}

Status SaveCursor(store::Archive& archive, const std::string& phase, uint64_t next_seq,
                  const std::string& next_pending, const RebuildTally& tally) {
  return archive.SetRebuildCursor(nlohmann::json{{"phase", phase},
                                                 {"next_seq", next_seq},
                                                 {"next_pending", next_pending},
                                                 {"damage", tally.Damage()}}
                                      .dump());
}

bool StopNow(const RebuildOptions& options, const RebuildObserver& observer,
             const RebuildTally& tally) {
  return Stopped(observer) || (options.stop_after > 0 && tally.documents >= options.stop_after);
}

Status RebuildDocuments(store::Archive& archive, const RebuildOptions& options,
                        const RebuildObserver& observer, uint64_t next, RebuildTally* tally,
                        bool* stopped) {
  std::vector<store::StoredDocument> batch;
  while (true) {
    if (StopNow(options, observer, *tally)) {
      *stopped = true;
      return Status::Ok();
    }
    size_t size = kBatch;
    if (options.stop_after > 0) size = std::min<uint64_t>(size, options.stop_after - tally->documents);
    if (Status s = archive.ScanDocuments(next, size, &batch, &next); !s.ok()) return s;
    if (batch.empty()) return Status::Ok();
    std::vector<DocumentCheck> checks(batch.size());
    ParallelFor(batch.size(), options.jobs, [&](size_t i) {
      checks[i] = CheckDocument(archive, batch[i], options.convert);
    });
    std::vector<std::pair<std::string, store::StoredRecord>> records;
    for (size_t i = 0; i < batch.size(); ++i) {
      for (const std::string& problem : checks[i].problems) Report(observer, problem);
      if (checks[i].text_repaired) {
        if (Status s = archive.RepairText(batch[i].info.doc_id, checks[i].repaired_text); !s.ok()) {
          return s;
        }
      }
      if (checks[i].new_record) {
        records.emplace_back(batch[i].info.doc_id, std::move(*checks[i].new_record));
      }
      Tally(checks[i], tally);
    }
    if (Status s = archive.PutRecords(records); !s.ok()) return s;
    if (Status s = SaveCursor(archive, "documents", next, "", *tally); !s.ok()) return s;
    if (observer.progress) observer.progress(*tally);
  }
}

// Converts every pending payload that converts now; AddDocuments removes their pending entries
// in the transaction that adds them.
Status RebuildPending(store::Archive& archive, const RebuildOptions& options,
                      const RebuildObserver& observer, std::string next, RebuildTally* tally,
                      bool* stopped) {
  std::vector<store::PendingPayload> batch;
  do {
    if (Stopped(observer)) {
      *stopped = true;
      return Status::Ok();
    }
    // Converted entries leave the table, so each scan resumes from the key past the last batch.
    if (Status s = archive.ScanPending(next, kBatch, &batch, &next); !s.ok()) return s;
    std::vector<PendingRetry> retries(batch.size());
    ParallelFor(batch.size(), options.jobs, [&](size_t i) {
      retries[i] = RetryPending(archive, batch[i], options.convert);
    });
    std::vector<store::NewDocument> docs;
    for (PendingRetry& retry : retries) {
      if (retry.document) {
        docs.push_back(std::move(*retry.document));
        continue;
      }
      if (!retry.problem.empty()) {
        Report(observer, retry.problem);
        ++tally->pending_damaged;
      }
      ++tally->pending_still;
    }
    std::vector<store::AddResult> results;
    if (Status s = archive.AddDocuments(docs, &results); !s.ok()) return s;
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].outcome == store::AddOutcome::kCollision) {
        Report(observer, "pending payload " + docs[i].source.payload_sha256 +
                             ": collision: " + results[i].detail + " (still pending)");
        ++tally->pending_still;
      } else {
        ++tally->pending_converted;
      }
    }
    if (!next.empty()) {
      if (Status s = SaveCursor(archive, "pending", 0, next, *tally); !s.ok()) return s;
    }
  } while (!next.empty());
  return Status::Ok();
}

}  // namespace

Status RebuildArchive(store::Archive& archive, const RebuildOptions& options,
                      const RebuildObserver& observer, RebuildTally* tally) {
  const Cursor cursor = ReadCursor(archive);
  tally->resumed = !cursor.phase.empty();
  tally->resumed_in_pending = cursor.phase == "pending";
  tally->resumed_from = cursor.next_seq;
  tally->earlier_damage = cursor.damage;
  bool stopped = false;
  if (cursor.phase != "pending") {
    if (Status s = RebuildDocuments(archive, options, observer, cursor.next_seq, tally, &stopped);
        !s.ok() || stopped) {
      tally->stopped = stopped;
      return s;
    }
    if (Status s = SaveCursor(archive, "pending", 0, "", *tally); !s.ok()) return s;
  }
  if (Status s = RebuildPending(archive, options, observer, cursor.next_pending, tally, &stopped);
      !s.ok() || stopped) {
    tally->stopped = stopped;
    return s;
  }
  return archive.SetRebuildCursor("");  // done: the next run starts over
}

}  // namespace xxgk::ingest
