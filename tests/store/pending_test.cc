// Archive: payloads kept pending (not converted yet) — stored once per digest, scanned in pages,
// resolved by the AddDocuments that makes them a document, and the pending table added on open to
// an archive made before it existed.
#include <gtest/gtest.h>
#include <lmdb.h>
#include <unistd.h>

#include <filesystem>

#include "store/archive.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;
constexpr PendingOutcome kKept = PendingOutcome::kKept;
constexpr PendingOutcome kAlreadyPending = PendingOutcome::kAlreadyPending;
constexpr PendingOutcome kArchived = PendingOutcome::kArchived;

// Digests are fixed strings: the archive stores what callers give it and never hashes.
PendingPayload Pending(std::string digest, std::string payload,
                       std::string code = "unsupported_format") {
  PendingPayload p;
  p.source = DocumentSource{"file", "in/" + digest + ".doc", std::move(digest), "",
                            "2026-11-22T00:00:00Z"};
  p.format = "doc";
  p.outcome = code == "unsupported_format" ? "unsupported" : "refused";
  p.code = std::move(code);
  p.reason = "not converted to text yet";
  p.time = "2026-11-22T00:00:01Z";
  p.payload = std::move(payload);
  return p;
}

NewDocument Doc(std::string doc_id, std::string sha, std::string text, std::string payload_sha,
                std::string payload) {
  NewDocument d;
  d.doc_id = std::move(doc_id);
  d.text_sha256 = std::move(sha);
  d.text = std::move(text);
  d.payload = std::move(payload);
  d.source =
      DocumentSource{"file", "a.doc", std::move(payload_sha), "docx", "2026-11-23T00:00:00Z"};
  return d;
}

class PendingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-pending-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = (root_ / "a").string();
    Reopen();
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  void Reopen() {
    archive_.reset();
    Status s = Archive::Open(dir_, {}, &archive_);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::vector<PendingOutcome> Keep(std::vector<PendingPayload> pending) {
    std::vector<PendingOutcome> outcomes;
    Status s = archive_->AddPending(pending, &outcomes);
    EXPECT_TRUE(s.ok()) << s.message();
    return outcomes;
  }
  std::vector<AddResult> Add(std::vector<NewDocument> docs) {
    std::vector<AddResult> results;
    Status s = archive_->AddDocuments(docs, &results);
    EXPECT_TRUE(s.ok()) << s.message();
    return results;
  }
  std::vector<PendingPayload> AllPending(size_t page = 100) {
    std::vector<PendingPayload> out, batch;
    std::string next;
    do {
      EXPECT_TRUE(archive_->ScanPending(next, page, &batch, &next).ok());
      out.insert(out.end(), batch.begin(), batch.end());
    } while (!next.empty());
    return out;
  }
  ArchiveCounts Counts() {
    ArchiveCounts counts;
    EXPECT_TRUE(archive_->Counts(&counts).ok());
    return counts;
  }

  fs::path root_;
  std::string dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(PendingTest, KeepsEachPayloadOnceWithItsBytesAndWhyItWasNotConverted) {
  // The same digest twice in one batch.
  EXPECT_EQ(Keep({Pending("P1", "\xD0\xCF\x11\xE0 one"), Pending("P2", "two", "pdf_damaged"),
                  Pending("P1", "\xD0\xCF\x11\xE0 one")}),
            (std::vector<PendingOutcome>{kKept, kKept, kAlreadyPending}));
  Reopen();
  const ArchiveCounts counts = Counts();
  EXPECT_EQ(counts.pending, 2u);
  EXPECT_EQ(counts.payloads, 2u);
  EXPECT_EQ(counts.documents, 0u);
  std::string bytes;
  ASSERT_TRUE(archive_->GetPayload("P1", &bytes).ok());
  EXPECT_EQ(bytes, "\xD0\xCF\x11\xE0 one");
  const auto all = AllPending();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, Pending("P1", "").source);
  EXPECT_EQ(all[0].format, "doc");
  EXPECT_EQ(all[0].outcome, "unsupported");
  EXPECT_EQ(all[0].code, "unsupported_format");
  EXPECT_EQ(all[0].reason, "not converted to text yet");
  EXPECT_EQ(all[0].time, "2026-11-22T00:00:01Z");
  EXPECT_TRUE(all[0].payload.empty());  // bytes come from GetPayload
  EXPECT_EQ(all[1].source.payload_sha256, "P2");
  EXPECT_EQ(all[1].outcome, "refused");
  EXPECT_EQ(all[1].code, "pdf_damaged");
}

TEST_F(PendingTest, KeepingTheSameDigestAgainChangesNothing) {
  Keep({Pending("P1", "bytes")});
  PendingPayload again = Pending("P1", "bytes", "input_too_large");
  again.source.origin = "elsewhere/copy.doc";
  again.time = "2027-01-01T00:00:00Z";
  EXPECT_EQ(Keep({again}), std::vector<PendingOutcome>{kAlreadyPending});
  const auto all = AllPending();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].source.origin, "in/P1.doc");
  EXPECT_EQ(all[0].code, "unsupported_format");
  EXPECT_EQ(all[0].time, "2026-11-22T00:00:01Z");
  EXPECT_EQ(Counts().payloads, 1u);
}

TEST_F(PendingTest, ScanPendingPagesThroughEveryEntryOnceInDigestOrder) {
  Keep({Pending("P3", "c"), Pending("P1", "a"), Pending("P5", "e"), Pending("P2", "b"),
        Pending("P4", "d")});
  const auto all = AllPending(/*page=*/2);
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].source.payload_sha256, "P" + std::to_string(i + 1));
  }
}

// A payload refused now (by a lowered limit, or a converter that regressed) that already gave a
// document is not kept: it is archived.
TEST_F(PendingTest, APayloadThatAlreadyGaveADocumentIsNotKept) {
  const std::string sha = std::string(16, 'a') + std::string(48, 'b');
  std::vector<AddResult> results =
      Add({Doc("cccccccccccccccc", "C", "text", "P1", "original bytes"),
           Doc(sha.substr(0, 16), sha, "text is payload", sha, "text is payload")});
  EXPECT_EQ(Keep({Pending("P1", "other bytes that must not replace the stored ones"),
                  Pending(sha, "text is payload"), Pending("P2", "new")}),
            (std::vector<PendingOutcome>{kArchived, kArchived, kKept}));
  std::string bytes;
  ASSERT_TRUE(archive_->GetPayload("P1", &bytes).ok());
  EXPECT_EQ(bytes, "original bytes");
  const ArchiveCounts counts = Counts();
  EXPECT_EQ(counts.payloads, 2u);  // P1 and P2; the text-payload stays kept as its text only
  EXPECT_EQ(counts.pending, 1u);
}

TEST_F(PendingTest, AddDocumentsResolvesThePendingEntryOfItsPayload) {
  Keep({Pending("P1", "doc bytes"), Pending("P2", "other")});
  std::vector<AddResult> results =
      Add({Doc("aaaaaaaaaaaaaaaa", "A", "converted", "P1", "doc bytes")});
  EXPECT_EQ(results[0].outcome, AddOutcome::kNew);
  const auto all = AllPending();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].source.payload_sha256, "P2");
  const ArchiveCounts counts = Counts();
  EXPECT_EQ(counts.pending, 1u);
  EXPECT_EQ(counts.payloads, 2u);  // P1 is now the document's source payload
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].payload_sha256, "P1");
}

TEST_F(PendingTest, ADuplicateDocumentAlsoResolvesItsPayload) {
  std::vector<AddResult> results = Add({Doc("aaaaaaaaaaaaaaaa", "A", "text", "P0", "html bytes")});
  Keep({Pending("P1", "doc bytes")});
  results = Add({Doc("aaaaaaaaaaaaaaaa", "A", "text", "P1", "doc bytes")});
  EXPECT_EQ(results[0].outcome, AddOutcome::kDuplicate);
  EXPECT_TRUE(results[0].source_added);
  EXPECT_EQ(Counts().pending, 0u);
}

TEST_F(PendingTest, ACollisionLeavesThePayloadPending) {
  std::vector<AddResult> results = Add({Doc("aaaaaaaaaaaaaaaa", "A", "text", "P0", "html bytes")});
  Keep({Pending("P1", "doc bytes")});
  results = Add({Doc("aaaaaaaaaaaaaaaa", "B", "another", "P1", "doc bytes")});
  EXPECT_EQ(results[0].outcome, AddOutcome::kCollision);
  EXPECT_EQ(Counts().pending, 1u);
}

TEST_F(PendingTest, APendingPayloadThatIsItsTextIsThenKeptOnlyAsTheText) {
  Keep({Pending("A", "plain text refused by a lowered limit", "input_too_large")});
  std::vector<AddResult> results =
      Add({Doc("aaaaaaaaaaaaaaaa", "A", "plain text refused by a lowered limit", "A",
               "plain text refused by a lowered limit")});
  const ArchiveCounts counts = Counts();
  EXPECT_EQ(counts.pending, 0u);
  EXPECT_EQ(counts.payloads, 0u);
}

// An archive written before the pending table existed: open adds the table, data stays.
TEST_F(PendingTest, OpenAddsThePendingTableToAnArchiveMadeWithoutIt) {
  std::vector<AddResult> results = Add({Doc("aaaaaaaaaaaaaaaa", "A", "text", "P0", "html bytes")});
  archive_.reset();
  auto pending_table_exists = [&] {
    MDB_env* env = nullptr;
    EXPECT_EQ(mdb_env_create(&env), MDB_SUCCESS);
    mdb_env_set_maxdbs(env, 16);
    EXPECT_EQ(mdb_env_open(env, dir_.c_str(), 0, 0644), MDB_SUCCESS);
    MDB_txn* txn = nullptr;
    EXPECT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), MDB_SUCCESS);
    MDB_dbi dbi = 0;
    const bool exists = mdb_dbi_open(txn, "pending", 0, &dbi) == MDB_SUCCESS;
    mdb_txn_abort(txn);
    mdb_env_close(env);
    return exists;
  };
  {  // drop the table, as an archive made before it was added
    ASSERT_TRUE(pending_table_exists());
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), MDB_SUCCESS);
    mdb_env_set_maxdbs(env, 16);
    ASSERT_EQ(mdb_env_open(env, dir_.c_str(), 0, 0644), MDB_SUCCESS);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), MDB_SUCCESS);
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_dbi_open(txn, "pending", 0, &dbi), MDB_SUCCESS);
    ASSERT_EQ(mdb_drop(txn, dbi, /*del=*/1), MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
    mdb_env_close(env);
    ASSERT_FALSE(pending_table_exists());
  }
  Reopen();
  EXPECT_TRUE(pending_table_exists());
  EXPECT_EQ(Counts().pending, 0u);
  EXPECT_EQ(Counts().documents, 1u);
  Keep({Pending("P1", "doc bytes")});
  EXPECT_EQ(Counts().pending, 1u);
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(archive_->GetDocument("aaaaaaaaaaaaaaaa", &doc).ok());
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->text, "text");
}

// What `import` skips converting: bytes whose digest is an archived document's text. A digest
// that names no document, names one whose text has another digest (a doc_id prefix shared), is
// not 64 hex, or is pending (a stale entry AddDocuments would resolve) is not.
TEST_F(PendingTest, ArchivedTextsAreTheDigestsOfArchivedTextsNotPending) {
  const std::string text_digest = "aaaaaaaaaaaaaaaa" + std::string(48, '1');
  const std::string other_digest = "aaaaaaaaaaaaaaaa" + std::string(48, '2');
  const std::string pending_digest = "bbbbbbbbbbbbbbbb" + std::string(48, '3');
  // Kept before a document with its text came from another payload (as an xxgk from before
  // `pending` existed could add it): a stale entry.
  EXPECT_EQ(Keep({Pending(pending_digest, "more")}), std::vector<PendingOutcome>{kKept});
  const std::vector<NewDocument> docs = {
      Doc("aaaaaaaaaaaaaaaa", text_digest, "text", text_digest, "text"),
      Doc("bbbbbbbbbbbbbbbb", pending_digest, "more", "P2", "raw")};
  std::vector<AddResult> results;
  ASSERT_TRUE(archive_->AddDocuments(docs, &results).ok());
  ASSERT_EQ(Counts().pending, 1u);
  const std::vector<std::string> digests = {text_digest,          other_digest,       pending_digest,
                                            std::string(64, 'c'), "aaaaaaaaaaaaaaaa", ""};
  std::vector<bool> archived;
  ASSERT_TRUE(archive_->ArchivedTexts(digests, &archived).ok());
  EXPECT_EQ(archived, (std::vector<bool>{true, false, false, false, false, false}));
}

}  // namespace
}  // namespace xxgk::store
