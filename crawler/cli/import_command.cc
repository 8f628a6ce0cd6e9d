// `xxgk import PATH...`: adds files (folders recursively, in name order) to the archive.
// Each file becomes a document through the document pipeline; a document already in the archive
// is not stored again (its payload is recorded as a new source when the bytes are new).
// Batches of files are converted on worker threads and committed in one transaction each, so an
// interrupted import keeps every batch it committed and a re-run completes it.
// A file whose format is not converted yet, or that the converter refused (damaged, over a
// limit), is kept *pending*: its payload is stored and `xxgk rebuild` converts it once it can.
// Files over 64 MiB are refused unread and not kept.
// Prints how many files gave new documents, duplicates, failures and payloads kept for later;
// exit 1 when any file gave no document (failed or kept for later).
// `xxgk import --from-archive OTHER` merges another archive instead (ingest::MergeArchive: the
// shards of a harvest into one archive); OTHER is opened read-only. Exit 1 on a doc_id collision
// or damage found in OTHER, 2 on a bad command line.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crawler/cli/cli_error.h"
#include "crawler/cli/archive_options.h"
#include "crawler/cli/command.h"
#include "crawler/cli/interrupt.h"
#include "crawler/cli/option_checks.h"
#include "crawler/cli/input_file.h"
#include "crawler/cli/progress.h"
#include "crawler/ingest/archive_merge.h"
#include "crawler/ingest/document_pipeline.h"
#include "crawler/ingest/parallel_for.h"
#include "extract/text/doc_identity.h"
#include "store/archive.h"

namespace xxgk::cli {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBatchFiles = 256;
constexpr size_t kBatchBytes = size_t{64} << 20;

struct ImportOptions {
  ArchiveLocation location;
  std::vector<std::string> paths;
  unsigned jobs = ingest::DefaultJobs();
  ingest::ConvertOptions convert;  // --max-input-bytes, --no-office, --soffice
  bool json = false;               // the summary as one JSON object, for cron jobs
  std::string from_archive;        // --from-archive: merge this archive instead of reading files
  size_t batch = 256;              // --batch: entries per transaction of a merge
  bool follow_symlinks = false;    // read symbolic links met inside folders
};

struct Tally {
  uint64_t files = 0, added = 0, duplicates = 0, failed = 0, collisions = 0, sources = 0;
  uint64_t unconverted = 0;             // duplicates known by their digest (KnownFiles)
  uint64_t kept = 0, already_kept = 0;  // payloads kept pending (already pending before)
  uint64_t symlinks_skipped = 0;        // met inside folders, without --follow-symlinks
};

void Fail(const std::string& path, const std::string& why, Tally* tally) {
  ErrorLine() << path << ": " << why << "\n";
  ++tally->failed;
}

// Expands PATH arguments: files as given (a symbolic link named on the command line is the
// user's choice and is read), folders walked recursively in name order, hidden entries skipped.
// A symbolic link met inside a folder (to /etc/passwd, say) is skipped and counted, unless
// `follow_symlinks`: then links to files are read and links to folders walked, each folder once.
std::vector<std::string> CollectFiles(const std::vector<std::string>& paths, bool follow_symlinks,
                                      Tally* tally) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      Fail(path, "no such file or directory", tally);
    } else if (fs::is_directory(status)) {
      std::vector<std::string> found;
      std::set<std::pair<dev_t, ino_t>> folders;  // walked already (links can make cycles)
      auto first_visit = [&](const fs::path& folder) {
        struct stat st {};
        return ::stat(folder.c_str(), &st) != 0 || folders.emplace(st.st_dev, st.st_ino).second;
      };
      first_visit(path);
      const auto walk_options =
          fs::directory_options::skip_permission_denied |
          (follow_symlinks ? fs::directory_options::follow_directory_symlink
                           : fs::directory_options::none);
      fs::recursive_directory_iterator it(path, walk_options, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_symlink(ec) && !follow_symlinks) {
          ++tally->symlinks_skipped;
          continue;
        }
        if (it->is_directory(ec)) {
          if (!first_visit(it->path())) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      if (ec) Fail(path, "cannot read the folder: " + ec.message(), tally);
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}

// Names on stderr each file whose payload was kept for later, by what the archive did with it.
void ReportPending(const std::vector<std::string>& files,
                   const std::vector<ingest::PreparedDocument>& prepared, size_t begin,
                   const std::vector<store::PendingPayload>& pending,
                   const std::vector<size_t>& pending_file,
                   const std::vector<store::PendingOutcome>& outcomes, Tally* tally) {
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto& p = pending[i];
    std::cerr << "xxgk: " << files[pending_file[i]] << ": "
              << prepared[pending_file[i] - begin].error
              << (p.outcome == "unsupported" ? " [" + p.code + "]" : "");
    switch (outcomes[i]) {
      case store::PendingOutcome::kKept:
      case store::PendingOutcome::kAlreadyPending:
        std::cerr << (outcomes[i] == store::PendingOutcome::kKept
                          ? "; payload kept for later"
                          : "; payload already kept for later")
                  << " (xxgk rebuild converts it once it can)\n";
        ++tally->kept;
        tally->already_kept += outcomes[i] == store::PendingOutcome::kAlreadyPending;
        break;
      case store::PendingOutcome::kArchived:  // e.g. refused under a lowered --max-input-bytes
        std::cerr << "; its payload is already archived as a document, nothing kept\n";
        ++tally->duplicates;
        break;
    }
  }
}

// Which files of a batch need no conversion, from their digest: their bytes are an archived
// document's text (a re-import of normalised .txt reports or of an export), or the payload an
// archived document was made from (Archive::PayloadDocuments: an HTML, PDF or DOCX file, a .txt
// that normalisation changes, imported or fetched before). Only when that document's record is
// current and the file is within --max-input-bytes (over it, the import reports it as refused).
// AddDocuments would find each a duplicate and add nothing (the payload is its text, or a source
// it has), and a current record needs no extraction, so such a file costs a read and a hash. Any
// other file is converted as usual; so is every file when the index is missing or partial.
Status KnownFiles(const store::Archive& archive,
                  const std::vector<std::optional<std::string>>& bytes,
                  const std::vector<std::string>& digests, const ImportOptions& options,
                  std::vector<bool>* known) {
  known->assign(bytes.size(), false);
  std::vector<bool> archived;
  if (Status s = archive.ArchivedTexts(digests, &archived); !s.ok()) return s;
  std::vector<std::string> made;
  if (Status s = archive.PayloadDocuments(digests, &made); !s.ok()) return s;
  std::vector<std::string> doc_ids;
  std::vector<size_t> at;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (!bytes[i] || bytes[i]->size() > options.convert.limits.max_input_bytes) continue;
    if (!archived[i] && made[i].empty()) continue;
    doc_ids.push_back(archived[i] ? digests[i].substr(0, 16) : made[i]);
    at.push_back(i);
  }
  std::vector<int> versions;
  if (Status s = archive.RecordVersions(doc_ids, &versions); !s.ok()) return s;
  for (size_t k = 0; k < at.size(); ++k) (*known)[at[k]] = versions[k] >= ingest::kRecordVersion;
  return Status::Ok();
}

// Reads and converts files[begin, end) on worker threads, then stores them in one archive step
// (Archive::Ingest, as a crawl does): the documents and the payloads kept for later together.
Status ImportBatch(store::Archive& archive, const std::vector<std::string>& files,
                          size_t begin, size_t end, const ImportOptions& options, Tally* tally) {
  const unsigned jobs = options.jobs;
  const size_t count = end - begin;
  std::vector<ingest::PreparedDocument> prepared(count);
  std::vector<std::optional<std::string>> bytes(count);
  std::vector<std::string> digests(count);
  ingest::ParallelFor(count, jobs, [&](size_t i) {
    std::string error;
    bytes[i] = ReadInputFile(files[begin + i], &error);
    if (!bytes[i]) {
      prepared[i].error = error;
      return;
    }
    digests[i] = extract::Sha256Hex(*bytes[i]);
  });
  std::vector<bool> known;
  if (Status s = KnownFiles(archive, bytes, digests, options, &known); !s.ok()) return s;
  ingest::ParallelFor(count, jobs, [&](size_t i) {
    if (!bytes[i] || known[i]) return;
    prepared[i] = ingest::PrepareDocument(std::move(*bytes[i]),
                                          ingest::PayloadOrigin{"file", files[begin + i], "", ""},
                                          /*with_record=*/false, options.convert);
  });
  const auto unconverted = static_cast<uint64_t>(std::count(known.begin(), known.end(), true));
  tally->duplicates += unconverted;
  tally->unconverted += unconverted;
  store::IngestBatch batch;
  std::vector<size_t> pending_file;
  for (size_t i = 0; i < prepared.size(); ++i) {
    if (!prepared[i].pending) continue;
    batch.pending.push_back(std::move(*prepared[i].pending));
    pending_file.push_back(begin + i);
  }
  std::vector<store::NewDocument>& docs = batch.documents;
  std::vector<size_t> doc_file;
  for (size_t i = 0; i < prepared.size(); ++i) {
    if (known[i]) continue;
    if (prepared[i].document) {
      docs.push_back(std::move(*prepared[i].document));
      doc_file.push_back(begin + i);
    } else if (std::find(pending_file.begin(), pending_file.end(), begin + i) ==
               pending_file.end()) {
      Fail(files[begin + i], prepared[i].error, tally);
    }
  }
  // Extract only documents without a current record: a re-run over archived files (after an
  // interruption, or a scheduled re-import) then costs reading and hashing, not extraction.
  std::vector<std::string> doc_ids;
  for (const auto& doc : docs) doc_ids.push_back(doc.doc_id);
  std::vector<int> versions;
  if (Status s = archive.RecordVersions(doc_ids, &versions); !s.ok()) return s;
  ingest::ParallelFor(docs.size(), jobs, [&](size_t i) {
    if (versions[i] < ingest::kRecordVersion) docs[i].record = ingest::MakeRecord(docs[i].text);
  });
  store::IngestResult ingested;
  if (Status s = archive.Ingest(batch, &ingested); !s.ok()) return s;
  ReportPending(files, prepared, begin, batch.pending, pending_file, ingested.pending, tally);
  const std::vector<store::AddResult>& results = ingested.documents;
  for (size_t i = 0; i < results.size(); ++i) {
    switch (results[i].outcome) {
      case store::AddOutcome::kNew: ++tally->added; break;
      case store::AddOutcome::kDuplicate: ++tally->duplicates; break;
      case store::AddOutcome::kCollision:
        ++tally->collisions;
        Fail(files[doc_file[i]], "collision: " + results[i].detail, tally);
        break;
    }
    tally->sources += results[i].source_added && results[i].outcome == store::AddOutcome::kDuplicate;
  }
  return Status::Ok();
}

int RunImport(const ImportOptions& options) {
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(options.location, /*create=*/true, &dir, &exit_code);
  if (!archive) return exit_code;
  Tally tally;
  const std::vector<std::string> files = CollectFiles(options.paths, options.follow_symlinks, &tally);
  tally.files = files.size();
  Progress progress("importing", files.size());
  InterruptWatch interrupt;  // Ctrl-C: stop after the batch in hand, print the summary
  size_t done = 0;
  for (size_t begin = 0; begin < files.size() && !interrupt.interrupted();) {
    // A batch ends at kBatchFiles files or once it holds about kBatchBytes.
    size_t end = begin, bytes = 0;
    while (end < files.size() && end - begin < kBatchFiles && bytes < kBatchBytes) {
      std::error_code ec;
      bytes += static_cast<size_t>(fs::file_size(files[end++], ec));
    }
    if (Status s = ImportBatch(*archive, files, begin, end, options, &tally); !s.ok()) {
      progress.Finish();
      ErrorLine() << dir << ": " << s.message() << " (" << tally.added
                << " new documents before this batch are stored; nothing of the failed batch is)\n";
      return kExitFailure;
    }
    begin = end;
    done = end;
    progress.Update(begin);
  }
  progress.Finish();
  if (interrupt.interrupted()) {
    ErrorLine() << "interrupted: " << done << " of " << files.size() << " files imported; "
                << "every finished batch is stored, a re-run skips what is archived\n";
  }
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  if (options.json) {
    const nlohmann::ordered_json summary = {
        {"command", "import"}, {"archive", dir}, {"interrupted", interrupt.interrupted()},
        {"files", tally.files}, {"done", done}, {"new", tally.added},
        {"duplicates", tally.duplicates}, {"unconverted", tally.unconverted},
        {"new_sources", tally.sources},
        {"failed", tally.failed}, {"collisions", tally.collisions}, {"kept", tally.kept},
        {"already_kept", tally.already_kept}, {"symlinks_skipped", tally.symlinks_skipped},
        {"archive_documents", counts.documents},
        {"archive_pending", counts.pending}};
    std::cout << summary.dump() << "\n";
  } else {
    std::cout << "imported " << tally.files << " files into " << dir << ": " << tally.added
              << " new, " << tally.duplicates << " duplicates";
    if (tally.sources > 0) std::cout << " (" << tally.sources << " with a new source)";
    std::cout << ", " << tally.failed << " failed";
    if (tally.collisions > 0) std::cout << " (" << tally.collisions << " doc_id collisions)";
    std::cout << ", kept for later: " << tally.kept;
    if (tally.already_kept > 0) std::cout << " (" << tally.already_kept << " already kept)";
    if (tally.symlinks_skipped > 0) {
      std::cout << ", symbolic links skipped: " << tally.symlinks_skipped
                << " (--follow-symlinks reads them)";
    }
    std::cout << "; the archive holds " << counts.documents << " documents";
    if (counts.pending > 0) std::cout << " and " << counts.pending << " payloads kept for later";
    std::cout << "\n";
  }
  // Kept payloads are safe, but they are not documents yet: the import did not do all it was
  // asked (docs/archive.md, "Payloads kept for later").
  return tally.failed + tally.kept > 0 || interrupt.interrupted() ? kExitFailure : kExitOk;
}

// `--from-archive OTHER`: OTHER merged into the archive, in batches (ingest::MergeArchive).
int RunMerge(const ImportOptions& options) {
  std::string error;
  const std::optional<std::string> target_dir = ResolveArchiveDir(options.location, &error);
  if (!target_dir) {
    ErrorLine() << error << "\n";
    return kExitUsage;
  }
  if (Status s = ingest::CheckMergeSource(*target_dir, options.from_archive); !s.ok()) {
    ErrorLine() << "--from-archive: " << s.message() << "\n";
    return kExitFailure;
  }
  if (!ArchiveReadsClean(options.from_archive, "--from-archive: ")) return kExitFailure;
  std::unique_ptr<store::Archive> other;
  if (Status s = store::Archive::OpenReadOnly(options.from_archive, &other); !s.ok()) {
    ErrorLine() << "--from-archive: " << s.message() << "\n";
    return kExitFailure;
  }
  std::string dir;
  int exit_code = kExitOk;
  const std::unique_ptr<store::Archive> archive =
      OpenVerifiedArchive(options.location, /*create=*/true, &dir, &exit_code);
  if (!archive) return exit_code;
  std::optional<Progress> progress;  // made at the first batch, which knows the total
  InterruptWatch interrupt;  // Ctrl-C: stop after the batch in hand, print the summary
  ingest::MergeObserver observer;
  observer.problem = [&](const std::string& line) {
    if (progress) progress->AddError();
    ErrorLine() << line << "\n";
  };
  observer.progress = [&](uint64_t done, uint64_t total) {
    if (!progress) progress.emplace("merging", total);
    progress->Update(done);
  };
  observer.stop = [&] { return interrupt.interrupted(); };
  ingest::MergeTally tally;
  const Status s =
      ingest::MergeArchive(*archive, *other, ingest::MergeOptions{options.batch}, observer, &tally);
  if (progress) progress->Finish();
  if (!s.ok()) {
    ErrorLine() << dir << ": " << s.message() << " (" << tally.batches
                << " batches before it are stored; the same command run again completes it)\n";
    return kExitFailure;
  }
  if (interrupt.interrupted()) {
    ErrorLine() << "interrupted: every finished batch is stored, a re-run completes the merge\n";
  }
  store::ArchiveCounts counts;
  (void)archive->Counts(&counts);
  if (options.json) {
    const nlohmann::ordered_json summary = {
        {"command", "import"}, {"archive", dir}, {"from_archive", options.from_archive},
        {"interrupted", interrupt.interrupted()}, {"documents", tally.documents},
        {"new", tally.added}, {"duplicates", tally.duplicates},
        {"new_sources", tally.sources_added}, {"collisions", tally.collisions},
        {"pending", tally.pending}, {"pending_added", tally.pending_added},
        {"urls", tally.urls}, {"urls_updated", tally.urls_updated},
        {"fetches", tally.fetches}, {"fetches_added", tally.fetches_added},
        {"gone", tally.gone}, {"gone_updated", tally.gone_updated},
        {"gone_cleared", tally.gone_cleared},
        {"damaged", tally.damaged}, {"batches", tally.batches},
        {"archive_documents", counts.documents}, {"archive_pending", counts.pending}};
    std::cout << summary.dump() << "\n";
  } else {
    std::cout << "merged " << options.from_archive << " into " << dir << ": " << tally.documents
              << " documents (" << tally.added << " new, " << tally.duplicates << " already here";
    if (tally.sources_added > 0) std::cout << ", " << tally.sources_added << " new sources";
    if (tally.collisions > 0) std::cout << ", " << tally.collisions << " doc_id collisions not merged";
    std::cout << "), " << tally.pending_added << " of " << tally.pending << " payloads kept for later, "
              << tally.urls_updated << " of " << tally.urls << " URLs updated, "
              << tally.fetches_added << " of " << tally.fetches << " fetches logged, "
              << tally.gone_updated << " of " << tally.gone << " gone marks updated";
    if (tally.gone_cleared > 0) {
      std::cout << " (" << tally.gone_cleared << " cleared: answered again)";
    }
    if (tally.damaged > 0) std::cout << ", " << tally.damaged << " damaged entries skipped";
    std::cout << "; the archive holds " << counts.documents << " documents\n";
  }
  return tally.collisions + tally.damaged > 0 || interrupt.interrupted() ? kExitFailure : kExitOk;
}

int RunImportCommand(const ImportOptions& options) {
  if (options.from_archive.empty() == options.paths.empty()) {
    ErrorLine() << (options.paths.empty() ? "nothing to import: give PATH... or --from-archive OTHER"
                                          : "PATH and --from-archive: give one or the other")
                << "\n";
    return kExitUsage;
  }
  return options.from_archive.empty() ? RunImport(options) : RunMerge(options);
}

}  // namespace

Command AddImportCommand(CLI::App& parent) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* app = parent.add_subcommand(
      "import",
      "Add report files (folders recursively) to the archive; documents already archived are not "
      "stored again; a file whose format is not converted yet (or that is refused) is kept for a "
      "later rebuild. Prints how many were new, duplicates, failed and kept for later. With "
      "--from-archive OTHER, merges another archive (a harvest shard) into this one instead.");
  AddArchiveOptions(app, &options->location);
  app->add_option("PATH", options->paths, "files or folders to import");
  app->add_option("--from-archive", options->from_archive,
                  "merge this archive (opened read-only) into --archive: documents deduplicated by "
                  "doc_id, sources, payloads, records, URL index, fetch log; idempotent, "
                  "crash-safe")
      ->type_name("OTHER");
  app->add_option("--batch", options->batch, "entries per transaction of --from-archive")
      ->check(Between(1, 100000));
  app->add_option("--jobs", options->jobs, "worker threads for conversion and extraction")
      ->check(Between(1, 256));
  AddConversionOptions(app, &options->convert);
  app->add_flag("--json", options->json, "print the summary as one JSON object");
  app->add_flag("--follow-symlinks", options->follow_symlinks,
                "read symbolic links met inside folders (skipped and counted by default; a link "
                "named as PATH is always read)");
  return Command{app, [options] { return RunImportCommand(*options); }};
}

}  // namespace xxgk::cli
