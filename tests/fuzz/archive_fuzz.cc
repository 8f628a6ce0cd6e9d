// libFuzzer target for damaged archive files (issue 17): the input is a data.mdb (the corpus:
// small real archives). It is read as `xxgk stats` reads: every table walked in child processes
// first (store/archive_walk.h), and only an archive that walked clean opened in this process
// and read through the Archive API (counts, documents with their texts, records, pending
// payloads, the fetch log), decoding every value. Neither the walk nor the reading may crash,
// hang or leak; LMDB faults must stay inside the children.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/archive.h"
#include "store/archive_walk.h"

namespace {

namespace fs = std::filesystem;

std::string& Dir() {
  static std::string dir = [] {
    char tmpl[] = "/tmp/xxgk-archive-fuzz-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    return std::string(tmpl);
  }();
  return dir;
}

void ReadAll(const xxgk::store::Archive& archive) {
  using namespace xxgk::store;
  ArchiveCounts counts;
  (void)archive.Counts(&counts);
  ArchiveSizes sizes;
  (void)archive.Sizes(&sizes);
  std::vector<StoredDocument> docs;
  for (uint64_t next = 0, rounds = 0; rounds < 64; ++rounds) {
    const uint64_t from = next;
    if (!archive.ScanDocuments(from, 64, &docs, &next).ok() || docs.empty() || next <= from) break;
    for (const StoredDocument& d : docs) {
      std::vector<DocumentSource> sources;
      (void)archive.GetSources(d.info.doc_id, &sources);
      std::optional<StoredRecord> record;
      (void)archive.GetRecord(d.info.doc_id, &record);
      std::vector<std::string> digests;
      for (const DocumentSource& s : sources) {
        std::string bytes;
        (void)archive.GetPayload(s.payload_sha256, &bytes);
        digests.push_back(s.payload_sha256);
      }
      std::vector<std::string> made;  // payload_docs, checked against the sources
      (void)archive.PayloadDocuments(digests, &made);
    }
  }
  std::vector<std::pair<std::string, StoredRecord>> records;
  std::string next_key;
  for (int rounds = 0; rounds < 64; ++rounds) {
    if (!archive.ScanRecords(next_key, 64, &records, &next_key).ok() || next_key.empty()) break;
  }
  std::vector<PendingPayload> pending;
  next_key.clear();
  for (int rounds = 0; rounds < 64; ++rounds) {
    if (!archive.ScanPending(next_key, 64, &pending, &next_key).ok() || next_key.empty()) break;
  }
  std::vector<FetchEntry> fetches;
  for (uint64_t next = 0, rounds = 0; rounds < 64; ++rounds) {
    const uint64_t from = next;
    if (!archive.ScanFetchLog(from, 64, &fetches, &next).ok() || fetches.empty() || next <= from) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& dir = Dir();
  {
    std::ofstream out(fs::path(dir) / "data.mdb", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::error_code ec;
  fs::remove(fs::path(dir) / "lock.mdb", ec);
  xxgk::store::WalkReport report;
  const xxgk::Status walked = xxgk::store::WalkArchive(
      dir, xxgk::store::WalkOptions{.skip_damage = false, .stall_ms = 2000},
      [](xxgk::store::Table, std::string_view, std::string_view) { return xxgk::Status::Ok(); },
      &report);
  if (!walked.ok()) std::abort();  // only pipe/fork failures: not the input's doing
  if (!report.ok()) return 0;      // refused or damaged: reported, nothing read here
  std::unique_ptr<xxgk::store::Archive> archive;
  if (!xxgk::store::Archive::Open(dir, {.create = false, .read_only = true}, &archive).ok()) return 0;
  ReadAll(*archive);
  return 0;
}
