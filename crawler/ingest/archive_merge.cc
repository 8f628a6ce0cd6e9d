// MergeArchive: another archive copied into this one, phase by phase. See archive_merge.h.
#include "crawler/ingest/archive_merge.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "extract/text/doc_identity.h"

namespace xxgk::ingest {
namespace {

namespace fs = std::filesystem;

struct MergeRun {
  store::Archive& target;
  const store::Archive& other;
  const MergeOptions& options;
  const MergeObserver& observer;
  MergeTally& tally;
  uint64_t done = 0, total = 0;
  uint64_t kill_after = 0;  // test-only (XXGK_TEST_MERGE_KILL_AFTER): 0 = never

  void Problem(const std::string& line) {
    if (observer.problem) observer.problem(line);
  }
  bool Stopped() const { return observer.stop && observer.stop(); }

  // Commits one batch and counts it.
  Status Commit(const store::MergeBatch& batch, store::MergeResult* result, uint64_t entries) {
    if (Status s = target.Merge(batch, result); !s.ok()) return s;
    return Counted(entries);
  }
  // Counts a committed batch (Commit's, or another write's of one transaction).
  Status Counted(uint64_t entries) {
    ++tally.batches;
    if (kill_after != 0 && tally.batches >= kill_after) std::raise(SIGKILL);
    done += entries;
    if (observer.progress) observer.progress(done, total);
    return Status::Ok();
  }

  // The bytes of each digest this archive does not keep yet, read from the other archive:
  // `*bytes` gets one entry per digest (nullopt: not needed, or missing there and reported).
  Status ReadMissingPayloads(const std::vector<std::string>& digests,
                             std::vector<std::optional<std::string>>* bytes,
                             std::vector<bool>* unreadable) {
    std::vector<bool> kept;
    if (Status s = target.KeptPayloads(digests, &kept); !s.ok()) return s;
    bytes->assign(digests.size(), std::nullopt);
    unreadable->assign(digests.size(), false);
    for (size_t i = 0; i < digests.size(); ++i) {
      if (kept[i] || digests[i].empty()) continue;
      std::string raw;
      bool absent = false;
      if (Status s = other.GetPayload(digests[i], &raw, &absent); !s.ok()) {
        (*unreadable)[i] = true;
        Problem(other.dir() + ": " + s.message() + "; not copied");
        continue;
      }
      (*bytes)[i] = std::move(raw);
    }
    return Status::Ok();
  }
};

// Documents with their sources, payloads and records, in the other archive's sequence order.
Status MergeDocuments(MergeRun& run) {
  uint64_t seq = 0;
  std::vector<store::StoredDocument> docs;
  for (;;) {
    if (run.Stopped()) return Status::Ok();
    uint64_t next = seq;
    if (Status s = run.other.ScanDocuments(seq, run.options.batch, &docs, &next); !s.ok()) return s;
    if (docs.empty()) return Status::Ok();
    seq = next;
    store::MergeBatch batch;
    std::vector<std::string> digests;
    for (store::StoredDocument& doc : docs) {
      ++run.tally.documents;
      const std::string& id = doc.info.doc_id;
      // The full digest is what a collision is told by: a text that does not have its own is
      // damaged, and merging it would put a wrong text under a right name.
      if (!doc.text_error.empty() || extract::Sha256Hex(doc.text) != doc.info.text_sha256 ||
          extract::DocIdOfNormalized(doc.text) != id) {
        ++run.tally.damaged;
        run.Problem(run.other.dir() + ": document " + id + ": " +
                    (doc.text_error.empty() ? "its text does not have its digest" : doc.text_error) +
                    "; not copied (xxgk rebuild --archive " + run.other.dir() + " repairs it)");
        continue;
      }
      std::vector<store::DocumentSource> sources;
      if (Status s = run.other.GetSources(id, &sources); !s.ok()) return s;
      std::optional<store::StoredRecord> record;
      if (Status s = run.other.GetRecord(id, &record); !s.ok()) return s;
      if (sources.empty()) {
        ++run.tally.damaged;
        run.Problem(run.other.dir() + ": document " + id + " has no source; not copied");
        continue;
      }
      for (store::DocumentSource& source : sources) {
        store::NewDocument entry;
        entry.doc_id = id;
        entry.text_sha256 = doc.info.text_sha256;
        entry.text = doc.text;
        entry.source = std::move(source);
        if (batch.documents.empty() || batch.documents.back().doc_id != id) entry.record = record;
        const std::string& digest = entry.source.payload_sha256;
        digests.push_back(digest == entry.text_sha256 ? std::string() : digest);
        batch.documents.push_back(std::move(entry));
      }
    }
    std::vector<std::optional<std::string>> bytes;
    std::vector<bool> unreadable;
    if (Status s = run.ReadMissingPayloads(digests, &bytes, &unreadable); !s.ok()) return s;
    std::vector<store::NewDocument> readable;
    for (size_t i = 0; i < batch.documents.size(); ++i) {
      if (unreadable[i]) {  // the source whose bytes are missing there is not copied
        ++run.tally.damaged;
        continue;
      }
      if (bytes[i]) batch.documents[i].payload = std::move(*bytes[i]);
      readable.push_back(std::move(batch.documents[i]));
    }
    batch.documents = std::move(readable);
    store::MergeResult result;
    if (Status s = run.Commit(batch, &result, docs.size()); !s.ok()) return s;
    // One document's entries are consecutive; its first entry's outcome is the document's.
    std::string last_id;
    store::AddOutcome outcome = store::AddOutcome::kNew;
    for (size_t i = 0; i < result.documents.size(); ++i) {
      const store::AddResult& r = result.documents[i];
      if (batch.documents[i].doc_id != last_id) {
        last_id = batch.documents[i].doc_id;
        outcome = r.outcome;
        switch (outcome) {
          case store::AddOutcome::kNew: ++run.tally.added; break;
          case store::AddOutcome::kDuplicate: ++run.tally.duplicates; break;
          case store::AddOutcome::kCollision:
            ++run.tally.collisions;
            run.Problem("collision: " + r.detail);
            break;
        }
      }
      run.tally.sources_added += r.source_added && outcome == store::AddOutcome::kDuplicate;
    }
  }
}

// Payloads kept for later.
Status MergePending(MergeRun& run) {
  std::string from;
  std::vector<store::PendingPayload> pending;
  do {
    if (run.Stopped()) return Status::Ok();
    std::string next;
    if (Status s = run.other.ScanPending(from, run.options.batch, &pending, &next); !s.ok()) return s;
    from = next;
    std::vector<std::string> digests;
    for (const auto& p : pending) digests.push_back(p.source.payload_sha256);
    std::vector<std::optional<std::string>> bytes;
    std::vector<bool> unreadable;
    if (Status s = run.ReadMissingPayloads(digests, &bytes, &unreadable); !s.ok()) return s;
    store::MergeBatch batch;
    for (size_t i = 0; i < pending.size(); ++i) {
      ++run.tally.pending;
      if (unreadable[i]) {
        ++run.tally.damaged;
        continue;
      }
      if (bytes[i]) pending[i].payload = std::move(*bytes[i]);
      batch.pending.push_back(std::move(pending[i]));
    }
    store::MergeResult result;
    if (Status s = run.Commit(batch, &result, pending.size()); !s.ok()) return s;
    for (store::PendingOutcome o : result.pending) run.tally.pending_added += o == store::PendingOutcome::kKept;
  } while (!from.empty());
  return Status::Ok();
}

// The URL index: the later fetch of each URL.
Status MergeLatestFetches(MergeRun& run) {
  std::string from;
  do {
    if (run.Stopped()) return Status::Ok();
    store::MergeBatch batch;
    std::string next;
    if (Status s = run.other.ScanLatestFetches(from, run.options.batch, &batch.latest, &next); !s.ok()) {
      return s;
    }
    from = next;
    run.tally.urls += batch.latest.size();
    store::MergeResult result;
    if (Status s = run.Commit(batch, &result, batch.latest.size()); !s.ok()) return s;
    run.tally.urls_updated += result.latest_replaced;
  } while (!from.empty());
  return Status::Ok();
}

// The fetch log, with the bytes of the pages it names that no document or pending entry took.
// REQUIRES: documents and pending merged first (their payloads are then kept here already and
// not read again).
Status MergeFetchLog(MergeRun& run) {
  for (bool indexed = false; !indexed;) {  // this archive's own fetches, keyed once
    if (Status s = run.target.IndexFetchLog(run.options.batch * 16, &indexed); !s.ok()) return s;
  }
  uint64_t from = 0;
  for (;;) {
    if (run.Stopped()) return Status::Ok();
    store::MergeBatch batch;
    uint64_t next = from;
    if (Status s = run.other.ScanFetchLog(from, run.options.batch, &batch.fetches, &next); !s.ok()) {
      return s;
    }
    if (batch.fetches.empty()) return Status::Ok();
    from = next;
    run.tally.fetches += batch.fetches.size();
    std::vector<std::string> digests;
    for (const auto& f : batch.fetches) digests.push_back(f.payload_sha256);
    std::vector<std::optional<std::string>> bytes;
    std::vector<bool> unreadable;
    if (Status s = run.ReadMissingPayloads(digests, &bytes, &unreadable); !s.ok()) return s;
    for (size_t i = 0; i < digests.size(); ++i) {
      run.tally.damaged += unreadable[i];
      if (!bytes[i]) continue;
      batch.page_payloads.emplace_back(digests[i], std::move(*bytes[i]));
      for (size_t j = i + 1; j < digests.size(); ++j) {  // one page fetched twice in the batch
        if (digests[j] == digests[i]) bytes[j].reset();
      }
    }
    store::MergeResult result;
    if (Status s = run.Commit(batch, &result, batch.fetches.size()); !s.ok()) return s;
    run.tally.fetches_added += result.fetches_added;
  }
}

// The harvest's gone marks: per URL the mark whose latest failure is later (store::MergeBatch).
Status MergeGoneMarks(MergeRun& run) {
  std::string from;
  do {
    if (run.Stopped()) return Status::Ok();
    store::MergeBatch batch;
    std::string next;
    if (Status s = run.other.ScanGoneMarks(from, run.options.batch, &batch.gone, &next); !s.ok()) {
      return s;
    }
    from = next;
    run.tally.gone += batch.gone.size();
    store::MergeResult result;
    if (Status s = run.Commit(batch, &result, batch.gone.size()); !s.ok()) return s;
    run.tally.gone_updated += result.gone_replaced;
  } while (!from.empty());
  return Status::Ok();
}

// Marks kept here that the other archive has since seen answer: it holds no mark for the URL and
// its latest fetch of it succeeded no earlier than the mark's latest failure. A harvest ends such a
// streak (gone_watch.h: present → no mark); without this a mark a shard cleared (the report came
// back) would live on in the archive its shards are merged into. Each batch is one transaction,
// idempotent (a cleared mark is not seen again).
Status ClearAnsweredMarks(MergeRun& run) {
  std::string from;
  do {
    if (run.Stopped()) return Status::Ok();
    std::vector<store::GoneMark> marks;
    std::string next;
    if (Status s = run.target.ScanGoneMarks(from, run.options.batch, &marks, &next); !s.ok()) {
      return s;
    }
    from = next;
    std::map<std::string, std::string> answered;  // URL -> when the other archive saw it answer
    for (const store::GoneMark& mark : marks) {
      std::optional<store::GoneMark> theirs;
      if (Status s = run.other.GetGoneMark(mark.url, &theirs); !s.ok()) return s;
      if (theirs) continue;  // merged by MergeGoneMarks: the later failure won
      std::optional<store::FetchEntry> latest;
      if (Status s = run.other.GetLatestFetch(mark.url, &latest); !s.ok()) return s;
      if (latest && latest->error.empty() && latest->http_status >= 200 &&
          latest->http_status < 300 && latest->time >= mark.last_failed) {
        answered[mark.url] = latest->time;
      }
    }
    if (answered.empty()) continue;
    std::vector<std::string> urls;
    for (const auto& [url, time] : answered) urls.push_back(url);
    uint64_t cleared = 0;
    // The callback may run again when the write is retried: count from scratch each time.
    Status s = run.target.UpdateGoneMarks(
        urls, [&](std::string_view url, const std::optional<store::GoneMark>& old)
                  -> std::optional<store::GoneMark> {
          if (url == urls.front()) cleared = 0;
          if (!old || old->last_failed > answered.at(std::string(url))) return old;
          ++cleared;
          return std::nullopt;
        });
    if (!s.ok()) return s;
    run.tally.gone_cleared += cleared;
    if (Status c = run.Counted(0); !c.ok()) return c;
  } while (!from.empty());
  return Status::Ok();
}

// The phases, in order. To merge a new table, add its phase here (a scan of the other archive in
// batches committed through run.Commit) and its part of store::MergeBatch.
struct MergePhase {
  const char* table;
  Status (*merge)(MergeRun& run);
};
constexpr MergePhase kPhases[] = {
    {"documents", MergeDocuments},  // first: the later phases rely on its payloads
    {"pending", MergePending},
    {"urls", MergeLatestFetches},
    {"fetch_log", MergeFetchLog},
    {"gone marks", MergeGoneMarks},
    {"gone marks answered again", ClearAnsweredMarks},  // after MergeGoneMarks
};

uint64_t KillAfterFromEnvironment() {
  const char* value = std::getenv("XXGK_TEST_MERGE_KILL_AFTER");
  return value ? std::strtoull(value, nullptr, 10) : 0;
}

}  // namespace

Status CheckMergeSource(const std::string& target_dir, const std::string& other_dir) {
  std::error_code ec;
  if (fs::equivalent(target_dir, other_dir, ec)) {
    return Status::Error(other_dir + " is the archive itself; nothing to merge");
  }
  return Status::Ok();
}

Status MergeArchive(store::Archive& target, const store::Archive& other, const MergeOptions& options,
                    const MergeObserver& observer, MergeTally* tally) {
  *tally = MergeTally{};
  if (Status s = CheckMergeSource(target.dir(), other.dir()); !s.ok()) return s;
  store::ArchiveCounts counts;
  if (Status s = other.Counts(&counts); !s.ok()) return s;
  MergeRun run{target, other, options, observer, *tally};
  run.total = counts.documents + counts.pending + counts.urls + counts.fetches + counts.gone_marks;
  run.kill_after = KillAfterFromEnvironment();
  for (const MergePhase& phase : kPhases) {
    if (Status s = phase.merge(run); !s.ok()) {
      return Status::Error(std::string("merging the ") + phase.table + ": " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace xxgk::ingest
