// `xxgk rebuild`: re-derives and verifies everything the archive knows from what it holds, with
// no network. For every document, in sequence order:
//   1. its text must have its full SHA-256 and doc_id;
//   2. every payload it came from must be present with its digest;
//   3. the text is re-derived from the payload: a damaged text is repaired from an intact payload
//      when that gives the right digest; a different text (a changed converter) is reported and
//      the stored one kept (the doc_id names the stored text);
//   4. the extractor runs again; a record that is missing, made by an older extractor version or
//      different from the new one is rewritten.
// Then every payload kept for later (pending) is verified against its digest and converted again:
// one that converts now becomes a document (with its source and record) and stops being pending,
// in the same transaction; the others stay pending.
// Work is done in batches, each committed in one transaction: an interrupted rebuild keeps what
// it wrote and a re-run simply checks again. Exit 1 when anything is damaged or missing.
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/input_file.h"
#include "crawler/cli/progress.h"
#include "crawler/ingest/document_pipeline.h"
#include "crawler/ingest/parallel_for.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"
#include "store/archive.h"

namespace xxgk::cli {
namespace {

constexpr size_t kBatch = 256;

struct RebuildOptions {
  ArchiveLocation location;
  unsigned jobs = ingest::DefaultJobs();
  ingest::ConvertOptions convert;  // --max-input-bytes, --no-office, --soffice
};

struct RebuildTally {
  uint64_t documents = 0, texts_ok = 0, texts_repaired = 0, texts_damaged = 0, texts_differ = 0;
  uint64_t payloads_ok = 0, payloads_missing = 0, payloads_damaged = 0;
  uint64_t records_unchanged = 0, records_missing = 0, records_outdated = 0, records_changed = 0;
  uint64_t pending_converted = 0, pending_still = 0, pending_damaged = 0;
};

// The outcome for one document, computed on a worker thread.
struct DocumentCheck {
  std::vector<std::string> problems;  // for stderr
  bool text_ok = false, text_repaired = false, text_differs = false;
  uint64_t payloads_ok = 0, payloads_missing = 0, payloads_damaged = 0;
  std::string repaired_text;
  std::optional<store::StoredRecord> new_record;  // to write
  enum { kUnchanged, kMissing, kOutdated, kChanged } record_state = kUnchanged;
};

DocumentCheck CheckDocument(const store::Archive& archive, const store::StoredDocument& doc,
                            const ingest::ConvertOptions& convert) {
  DocumentCheck check;
  const std::string name = "document #" + std::to_string(doc.info.seq) + " " + doc.info.doc_id;
  check.text_ok = doc.text_error.empty() && extract::Sha256Hex(doc.text) == doc.info.text_sha256 &&
                  doc.info.text_sha256.substr(0, 16) == doc.info.doc_id;
  if (!check.text_ok) {
    check.problems.push_back(name + ": stored text is damaged" +
                             (doc.text_error.empty() ? " (digest mismatch)" : " (" + doc.text_error + ")"));
  }
  std::vector<store::DocumentSource> sources;
  if (Status s = archive.GetSources(doc.info.doc_id, &sources); !s.ok()) {
    check.problems.push_back(name + ": " + s.message());
  }
  std::optional<std::string> derived;  // the text re-derived from the first intact payload
  for (const store::DocumentSource& source : sources) {
    if (source.payload_sha256 == doc.info.text_sha256) {  // the payload is the text itself
      ++(check.text_ok ? check.payloads_ok : check.payloads_damaged);
      continue;
    }
    std::string payload;
    bool absent = false;
    if (Status s = archive.GetPayload(source.payload_sha256, &payload, &absent); !s.ok()) {
      ++(absent ? check.payloads_missing : check.payloads_damaged);
      check.problems.push_back(name + ": " + s.message() + " (from " + source.origin + ")");
      continue;
    }
    if (extract::Sha256Hex(payload) != source.payload_sha256) {
      ++check.payloads_damaged;
      check.problems.push_back(name + ": payload " + source.payload_sha256 +
                               " is damaged (digest mismatch; from " + source.origin + ")");
      continue;
    }
    ++check.payloads_ok;
    if (derived || source.copy) continue;  // another copy (a PDF beside HTML) has its own text
    std::string content_type, error;
    derived = ingest::PayloadText(
        payload,
        ingest::PayloadOrigin{source.kind, source.origin, source.content_type, source.seen},
        &content_type, &error, nullptr, convert);
    if (!derived) check.problems.push_back(name + ": payload gives no text now: " + error);
  }
  if (sources.empty()) check.problems.push_back(name + ": no source recorded");
  const std::string* text = check.text_ok ? &doc.text : nullptr;
  if (derived && extract::Sha256Hex(*derived) == doc.info.text_sha256) {
    if (!check.text_ok) {
      check.text_repaired = true;
      check.repaired_text = *derived;
      text = &check.repaired_text;
    }
  } else if (derived && check.text_ok) {
    check.text_differs = true;
  }
  if (!text) return check;  // nothing trustworthy to extract from

  std::optional<store::StoredRecord> stored;
  (void)archive.GetRecord(doc.info.doc_id, &stored);
  store::StoredRecord fresh = ingest::MakeRecord(*text);
  if (!stored) {
    check.record_state = DocumentCheck::kMissing;
  } else if (stored->extractor_version < fresh.extractor_version) {
    check.record_state = DocumentCheck::kOutdated;
  } else if (stored->json != fresh.json) {
    check.record_state = DocumentCheck::kChanged;
  }
  if (check.record_state != DocumentCheck::kUnchanged) check.new_record = std::move(fresh);
  return check;
}

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

void PrintSummary(const std::string& dir, const RebuildTally& t, double seconds) {
  std::cout << "rebuilt " << dir << ": " << t.documents << " documents in " << seconds << " s ("
            << (seconds > 0 ? static_cast<double>(t.documents) / seconds : 0) << " /s)\n"
            << "  texts:    " << t.texts_ok << " verified, " << t.texts_repaired
            << " repaired from their payload, " << t.texts_damaged << " damaged, " << t.texts_differ
            << " differ from what their payload gives now (kept)\n"
            << "  payloads: " << t.payloads_ok << " verified, " << t.payloads_missing << " missing, "
            << t.payloads_damaged << " damaged\n"
            << "  records:  " << t.records_unchanged << " unchanged, " << t.records_outdated
            << " rewritten (older extractor), " << t.records_missing << " written (missing), "
            << t.records_changed << " rewritten (differed)\n"
            << "  pending:  converted " << t.pending_converted << ", still pending "
            << t.pending_still << ", " << t.pending_damaged << " missing or damaged\n";
}

// One pending payload converted again, on a worker thread.
struct PendingRetry {
  std::optional<store::NewDocument> document;  // it converts now
  std::string problem;                         // its payload is missing or damaged
};

PendingRetry RetryPending(const store::Archive& archive, const store::PendingPayload& pending,
                          const ingest::ConvertOptions& convert) {
  PendingRetry retry;
  const std::string& digest = pending.source.payload_sha256;
  const std::string name = "pending payload " + digest + " (from " + pending.source.origin + ")";
  std::string payload;
  if (Status s = archive.GetPayload(digest, &payload); !s.ok()) {
    retry.problem = name + ": " + s.message();
    return retry;
  }
  if (extract::Sha256Hex(payload) != digest) {
    retry.problem = name + " is damaged (digest mismatch)";
    return retry;
  }
  const store::DocumentSource& source = pending.source;
  ingest::PreparedDocument prepared = ingest::PrepareDocument(
      std::move(payload),
      ingest::PayloadOrigin{source.kind, source.origin, source.content_type, source.seen},
      /*with_record=*/true, convert);
  retry.document = std::move(prepared.document);
  return retry;
}

// Converts every pending payload that converts now; AddDocuments removes their pending entries
// in the transaction that adds them. Returns false on an archive error (already reported).
bool RebuildPending(store::Archive& archive, const RebuildOptions& options, Progress& progress,
                    RebuildTally* tally) {
  std::vector<store::PendingPayload> batch;
  std::string next;
  do {
    // Converted entries leave the table, so each scan resumes from the key past the last batch.
    if (Status s = archive.ScanPending(next, kBatch, &batch, &next); !s.ok()) {
      progress.Finish();
      std::cerr << "xxgk: error: " << s.message() << "\n";
      return false;
    }
    std::vector<PendingRetry> retries(batch.size());
    ingest::ParallelFor(batch.size(), options.jobs, [&](size_t i) {
      retries[i] = RetryPending(archive, batch[i], options.convert);
    });
    std::vector<store::NewDocument> docs;
    for (PendingRetry& retry : retries) {
      if (retry.document) {
        docs.push_back(std::move(*retry.document));
        continue;
      }
      if (!retry.problem.empty()) {
        progress.Finish();
        std::cerr << "xxgk: " << retry.problem << "\n";
        ++tally->pending_damaged;
      }
      ++tally->pending_still;
    }
    std::vector<store::AddResult> results;
    if (Status s = archive.AddDocuments(docs, &results); !s.ok()) {
      progress.Finish();
      std::cerr << "xxgk: error: " << s.message() << "\n";
      return false;
    }
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].outcome == store::AddOutcome::kCollision) {
        progress.Finish();
        std::cerr << "xxgk: pending payload " << docs[i].source.payload_sha256
                  << ": collision: " << results[i].detail << " (still pending)\n";
        ++tally->pending_still;
      } else {
        ++tally->pending_converted;
      }
    }
  } while (!next.empty());
  return true;
}

int RunRebuild(const RebuildOptions& options) {
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenArchive(options.location, /*create=*/false, &dir, &exit_code);
  if (!archive) return exit_code;
  const auto start = std::chrono::steady_clock::now();
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  Progress progress("rebuilding", counts.documents);
  RebuildTally tally;
  std::vector<store::StoredDocument> batch;
  uint64_t next = 0;
  for (;;) {
    if (Status s = archive->ScanDocuments(next, kBatch, &batch, &next); !s.ok()) {
      progress.Finish();
      std::cerr << "xxgk: error: " << s.message() << "\n";
      return kExitFailure;
    }
    if (batch.empty()) break;
    std::vector<DocumentCheck> checks(batch.size());
    ingest::ParallelFor(batch.size(), options.jobs, [&](size_t i) {
      checks[i] = CheckDocument(*archive, batch[i], options.convert);
    });
    std::vector<std::pair<std::string, store::StoredRecord>> records;
    for (size_t i = 0; i < batch.size(); ++i) {
      for (const std::string& problem : checks[i].problems) {
        progress.Finish();
        std::cerr << "xxgk: " << problem << "\n";
      }
      if (checks[i].text_repaired) {
        if (Status s = archive->RepairText(batch[i].info.doc_id, checks[i].repaired_text); !s.ok()) {
          std::cerr << "xxgk: error: " << s.message() << "\n";
          return kExitFailure;
        }
      }
      if (checks[i].new_record) records.emplace_back(batch[i].info.doc_id, std::move(*checks[i].new_record));
      Tally(checks[i], &tally);
    }
    if (Status s = archive->PutRecords(records); !s.ok()) {
      progress.Finish();
      std::cerr << "xxgk: error: " << s.message() << "\n";
      return kExitFailure;
    }
    progress.Update(tally.documents);
  }
  if (!RebuildPending(*archive, options, progress, &tally)) return kExitFailure;
  progress.Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSummary(dir, tally, seconds);
  const uint64_t damage = tally.texts_damaged + tally.payloads_missing + tally.payloads_damaged +
                          tally.pending_damaged;
  return damage > 0 ? kExitFailure : kExitOk;
}

}  // namespace

Command AddRebuildCommand(CLI::App& parent) {
  auto options = std::make_shared<RebuildOptions>();
  CLI::App* app = parent.add_subcommand(
      "rebuild",
      "Verify every stored text and payload against its digest, repair texts from their payloads, "
      "and re-run the extractor, rewriting records that are missing, outdated or different; "
      "convert the payloads kept for later that convert now. No network; safe to interrupt and "
      "re-run.");
  AddArchiveOptions(app, &options->location);
  app->add_option("--jobs", options->jobs, "worker threads")->check(CLI::Range(1u, 256u));
  AddConversionOptions(app, &options->convert);
  return Command{app, [options] { return RunRebuild(*options); }};
}

}  // namespace xxgk::cli
