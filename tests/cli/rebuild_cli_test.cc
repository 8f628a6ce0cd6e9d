// `xxgk rebuild` on a damaged archive: the five samples are imported with the real binary, then
// the archive is damaged behind its back through the store's own tables (as a disk error or an
// older xxgk would leave it), and rebuild must find and report each problem, repair what a payload
// can repair, rewrite outdated and missing records, and exit 1 while damage remains.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "store/archive.h"
#include "store/archive_env.h"
#include "store/value_codec.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out;
};

CliRun Xxgk(const std::string& args) {
  CliRun run;
  FILE* pipe = popen((std::string(XXGK_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class RebuildCli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-rebuild-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = (root_ / "a").string();
    const CliRun import = Xxgk("import --archive " + dir_ + " " + XXGK_SOURCE_DIR + "/seeds/reports");
    ASSERT_EQ(import.exit_code, 0) << import.out;
  }
  void TearDown() override { fs::remove_all(root_); }

  // The documents in archive order, with their sources.
  std::vector<std::pair<StoredDocument, std::vector<DocumentSource>>> Documents() {
    std::unique_ptr<Archive> archive;
    EXPECT_TRUE(Archive::Open(dir_, ArchiveOptions{.create = false}, &archive).ok());
    std::vector<StoredDocument> docs;
    uint64_t next = 0;
    EXPECT_TRUE(archive->ScanDocuments(0, 100, &docs, &next).ok());
    std::vector<std::pair<StoredDocument, std::vector<DocumentSource>>> out;
    for (auto& doc : docs) {
      std::vector<DocumentSource> sources;
      EXPECT_TRUE(archive->GetSources(doc.info.doc_id, &sources).ok());
      out.emplace_back(std::move(doc), std::move(sources));
    }
    return out;
  }

  void Damage(const std::function<Status(WriteTxn&)>& body) {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(ArchiveEnv::Open(dir_, ArchiveOptions{.create = false}, &env).ok());
    Status s = env->Write(body);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  fs::path root_;
  std::string dir_;
};

TEST_F(RebuildCli, ReportsRepairsAndRewritesWhatIsDamaged) {
  const auto docs = Documents();
  ASSERT_EQ(docs.size(), 5u);
  // Documents whose payload is stored apart from their text (the samples with CR LF or trailing
  // spaces): a damaged text can be repaired from them.
  std::vector<size_t> with_payload;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].second.at(0).payload_sha256 != docs[i].first.info.text_sha256) with_payload.push_back(i);
  }
  ASSERT_GE(with_payload.size(), 3u);
  const auto& repairable = docs[with_payload[0]].first.info;
  const auto& payload_lost = docs[with_payload[1]].second.at(0).payload_sha256;
  const auto& payload_flipped = docs[with_payload[2]].second.at(0).payload_sha256;
  const std::string outdated = docs[0].first.info.doc_id, missing = docs[1].first.info.doc_id;

  Damage([&](WriteTxn& txn) -> Status {
    // A text replaced by other words: a well-formed value whose digest is wrong.
    std::string_view header, body;
    const std::string value(*txn.Get(Table::kDocuments, repairable.doc_id));
    EXPECT_TRUE(Unframe(value, &header, &body));
    Status s = txn.Put(Table::kDocuments, repairable.doc_id,
                       Frame(header, CompressBlob("这不是原来的报告")));
    // A payload gone, another with a flipped byte (caught by the zstd checksum).
    if (s.ok()) s = txn.Delete(Table::kPayloads, payload_lost);
    std::string flipped(*txn.Get(Table::kPayloads, payload_flipped));
    flipped[flipped.size() / 2] ^= 0x20;
    if (s.ok()) s = txn.Put(Table::kPayloads, payload_flipped, flipped);
    // A record from an older extractor, and one that is missing.
    std::string record(*txn.Get(Table::kRecords, outdated));
    record.replace(0, record.find('\n'), R"({"extractor_version":0})");
    if (s.ok()) s = txn.Put(Table::kRecords, outdated, record);
    if (s.ok()) s = txn.Delete(Table::kRecords, missing);
    return s;
  });

  CliRun rebuild = Xxgk("rebuild --archive " + dir_);
  EXPECT_EQ(rebuild.exit_code, 1) << rebuild.out;
  EXPECT_NE(rebuild.out.find("4 verified, 1 repaired from their payload, 0 damaged"), std::string::npos)
      << rebuild.out;
  EXPECT_NE(rebuild.out.find("1 missing, 1 damaged"), std::string::npos) << rebuild.out;
  EXPECT_NE(rebuild.out.find("1 rewritten (older extractor), 1 written (missing)"), std::string::npos)
      << rebuild.out;
  EXPECT_NE(rebuild.out.find(payload_lost + " is missing"), std::string::npos) << rebuild.out;

  // The repaired text is the original again: its export has the right name and content.
  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(dir_, ArchiveOptions{.create = false}, &archive).ok());
  std::optional<StoredDocument> repaired;
  ASSERT_TRUE(archive->GetDocument(repairable.doc_id, &repaired).ok());
  EXPECT_EQ(repaired->text, docs[with_payload[0]].first.text);
  std::optional<StoredRecord> record;
  ASSERT_TRUE(archive->GetRecord(missing, &record).ok());
  ASSERT_TRUE(record);
  EXPECT_NE(record->json.find(missing), std::string::npos);
  archive.reset();

  // A second run repairs nothing more; the lost payloads are still reported.
  rebuild = Xxgk("rebuild --archive " + dir_);
  EXPECT_EQ(rebuild.exit_code, 1) << rebuild.out;
  EXPECT_NE(rebuild.out.find("5 verified, 0 repaired"), std::string::npos) << rebuild.out;
  EXPECT_NE(rebuild.out.find("5 unchanged, 0 rewritten"), std::string::npos) << rebuild.out;
}

TEST_F(RebuildCli, ExportSkipsADamagedTextAndSaysSo) {
  const auto docs = Documents();
  const std::string victim = docs[2].first.info.doc_id;
  Damage([&](WriteTxn& txn) -> Status {
    std::string value(*txn.Get(Table::kDocuments, victim));
    value[value.size() - 3] ^= 0x11;  // inside the compressed text: the frame checksum fails
    return txn.Put(Table::kDocuments, victim, value);
  });
  const CliRun out = Xxgk("export --archive " + dir_ + " --txt " + (root_ / "txt").string());
  EXPECT_EQ(out.exit_code, 1) << out.out;
  EXPECT_NE(out.out.find("document #2: stored text is damaged"), std::string::npos) << out.out;
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ / "txt"), fs::directory_iterator()), 4);
}

// Payloads kept for later whose bytes are gone or damaged: rebuild names them, converts the intact
// one, leaves the others pending and exits 1.
TEST_F(RebuildCli, ReportsPendingPayloadsThatAreMissingOrDamaged) {
  const std::string other = (root_ / "other").string();
  CliRun import = Xxgk("import --archive " + other + " --max-input-bytes 100 " + XXGK_SOURCE_DIR +
                       "/seeds/reports");
  ASSERT_EQ(import.exit_code, 1) << import.out;
  ASSERT_NE(import.out.find("kept for later: 5"), std::string::npos) << import.out;
  std::vector<PendingPayload> pending;
  {
    std::unique_ptr<Archive> archive;
    ASSERT_TRUE(Archive::Open(other, ArchiveOptions{.create = false}, &archive).ok());
    std::string next;
    ASSERT_TRUE(archive->ScanPending("", 100, &pending, &next).ok());
  }
  ASSERT_EQ(pending.size(), 5u);
  const std::string lost = pending[0].source.payload_sha256;
  const std::string flipped = pending[1].source.payload_sha256;
  const std::string replaced = pending[2].source.payload_sha256;
  dir_ = other;
  Damage([&](WriteTxn& txn) -> Status {
    Status s = txn.Delete(Table::kPayloads, lost);
    std::string value(*txn.Get(Table::kPayloads, flipped));
    value[value.size() / 2] ^= 0x20;  // caught by the zstd checksum
    if (s.ok()) s = txn.Put(Table::kPayloads, flipped, value);
    // Well-formed bytes that are not the payload: caught by its digest.
    if (s.ok()) s = txn.Put(Table::kPayloads, replaced, CompressBlob("other bytes"));
    return s;
  });
  const CliRun rebuild = Xxgk("rebuild --archive " + other);
  EXPECT_EQ(rebuild.exit_code, 1) << rebuild.out;
  EXPECT_NE(rebuild.out.find("pending:  converted 2, still pending 3, 3 missing or damaged"),
            std::string::npos) << rebuild.out;
  EXPECT_NE(rebuild.out.find("pending payload " + lost), std::string::npos) << rebuild.out;
  EXPECT_NE(rebuild.out.find(replaced + " (from "), std::string::npos) << rebuild.out;
  EXPECT_NE(rebuild.out.find("is damaged (digest mismatch)"), std::string::npos) << rebuild.out;
  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(other, ArchiveOptions{.create = false}, &archive).ok());
  ArchiveCounts counts;
  ASSERT_TRUE(archive->Counts(&counts).ok());
  EXPECT_EQ(counts.documents, 2u);
  EXPECT_EQ(counts.pending, 3u);
}

// A file planted in the output folder as a link to somewhere else is replaced, not followed.
TEST_F(RebuildCli, ExportNeverWritesThroughALinkInTheOutputFolder) {
  const auto docs = Documents();
  fs::create_directories(root_ / "txt");
  const fs::path outside = root_ / "outside.txt";
  { FILE* f = fopen(outside.c_str(), "w"); fputs("keep me", f); fclose(f); }
  const fs::path planted = root_ / "txt" / ("000_" + docs[0].first.info.doc_id + ".txt");
  fs::create_symlink(outside, planted);
  const CliRun out = Xxgk("export --archive " + dir_ + " --txt " + (root_ / "txt").string() + " --force");
  EXPECT_EQ(out.exit_code, 0) << out.out;
  EXPECT_FALSE(fs::is_symlink(planted));
  FILE* f = fopen(outside.c_str(), "r");
  char buf[16] = {};
  EXPECT_EQ(fread(buf, 1, sizeof buf - 1, f), 7u);
  fclose(f);
  EXPECT_STREQ(buf, "keep me");
}

// An interrupted rebuild resumes where it stopped (issue 17: repeated kills made no progress):
// the cursor is kept in the archive after every batch; a completed run removes it.
TEST_F(RebuildCli, AnInterruptedRebuildResumesAtItsCursor) {
  CliRun first = Xxgk("rebuild --archive " + dir_ + " --stop-after 2 --json");
  EXPECT_EQ(first.exit_code, 1) << first.out;
  EXPECT_NE(first.out.find("\"documents\":2,"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("a re-run resumes"), std::string::npos) << first.out;
  CliRun second = Xxgk("rebuild --archive " + dir_ + " --stop-after 2 --json");
  EXPECT_EQ(second.exit_code, 1) << second.out;
  EXPECT_NE(second.out.find("\"resumed\":true,\"resumed_from\":2"), std::string::npos) << second.out;
  CliRun third = Xxgk("rebuild --archive " + dir_);
  EXPECT_EQ(third.exit_code, 0) << third.out;
  EXPECT_NE(third.out.find("resumed where an interrupted rebuild stopped: document 4"), std::string::npos)
      << third.out;
  EXPECT_NE(third.out.find(": 1 documents"), std::string::npos) << "only the fifth was left: " << third.out;
  CliRun again = Xxgk("rebuild --archive " + dir_ + " --json");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("\"documents\":5,\"resumed\":false"), std::string::npos)
      << "a completed run starts over: " << again.out;
}

// Damage found before an interruption still fails the run that completes the rebuild.
TEST_F(RebuildCli, DamageFoundBeforeAnInterruptionStillFailsTheRun) {
  Damage([](WriteTxn& txn) -> Status {
    std::string first_key;
    Status s = txn.ForEach(Table::kPayloads, [&](std::string_view key, std::string_view) {
      first_key = std::string(key);
      return false;
    });
    return s.ok() ? txn.Put(Table::kPayloads, first_key, "garbage") : s;
  });
  CliRun first = Xxgk("rebuild --archive " + dir_ + " --stop-after 5");
  EXPECT_EQ(first.exit_code, 1) << first.out;
  // Interrupted after the documents (the pending phase comes next): the damage is remembered.
  CliRun second = Xxgk("rebuild --archive " + dir_);
  EXPECT_EQ(second.exit_code, 1) << second.out;
  EXPECT_NE(second.out.find("problems found before"), std::string::npos) << second.out;
}

}  // namespace
}  // namespace xxgk::store
