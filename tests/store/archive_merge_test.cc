// Archive::Merge and what `import --from-archive` needs of the store: a batch of another
// archive's entries in one transaction, each part idempotent — a doc_id collision refused and
// the stored document untouched, sources a union, first_seen the earliest, the URL index keeping
// the later fetch, fetch log entries logged once even when this archive logged them itself (by a
// crawl, keyed by IndexFetchLog); KeptPayloads; OpenReadOnly never creates or writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/archive.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

NewDocument Doc(const std::string& id, char sha, const std::string& payload_sha,
                const std::string& seen) {
  NewDocument d;
  d.doc_id = id;
  d.text_sha256 = id + std::string(48, sha);
  d.text = "text of " + id + sha;
  d.source = {"file", "/in/" + payload_sha, payload_sha, "text/html", seen};
  d.payload = "<p>" + payload_sha + "</p>";
  return d;
}

FetchEntry Entry(const std::string& url, const std::string& time) {
  FetchEntry f;
  f.url = url;
  f.time = time;
  f.http_status = 200;
  return f;
}

class ArchiveMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-merge-store-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(Archive::Open((dir_ / "a").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(dir_);
  }
  MergeResult Merge(const MergeBatch& batch) {
    MergeResult result;
    const Status s = archive_->Merge(batch, &result);
    EXPECT_TRUE(s.ok()) << s.message();
    return result;
  }
  uint64_t LogSize() {
    ArchiveCounts c;
    EXPECT_TRUE(archive_->Counts(&c).ok());
    return c.fetches;
  }

  fs::path dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(ArchiveMergeTest, ACollisionIsRefusedAndTheStoredDocumentUntouched) {
  std::vector<AddResult> added;
  ASSERT_TRUE(archive_->AddDocuments(std::vector{Doc("aaaaaaaaaaaaaaaa", '1', "p1", "2026-01-02T00:00:00Z")}, &added).ok());
  MergeBatch batch;
  batch.documents = {Doc("aaaaaaaaaaaaaaaa", '2', "p2", "2026-01-01T00:00:00Z")};
  const MergeResult r = Merge(batch);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].outcome, AddOutcome::kCollision);
  EXPECT_NE(r.documents[0].detail.find("different text"), std::string::npos);
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(archive_->GetDocument("aaaaaaaaaaaaaaaa", &doc).ok());
  EXPECT_EQ(doc->text, "text of aaaaaaaaaaaaaaaa1");
  EXPECT_EQ(doc->info.first_seen, "2026-01-02T00:00:00Z");  // not the colliding one's
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  EXPECT_EQ(sources.size(), 1u);
  bool absent = false;
  std::string bytes;
  EXPECT_FALSE(archive_->GetPayload("p2", &bytes, &absent).ok());
  EXPECT_TRUE(absent);
}

TEST_F(ArchiveMergeTest, SourcesAreAUnionAndFirstSeenTheEarliest) {
  std::vector<AddResult> added;
  ASSERT_TRUE(archive_->AddDocuments(std::vector{Doc("bbbbbbbbbbbbbbbb", '1', "p1", "2026-03-01T00:00:00Z")}, &added).ok());
  MergeBatch batch;
  batch.documents = {Doc("bbbbbbbbbbbbbbbb", '1', "p1", "2026-02-01T00:00:00Z"),
                     Doc("bbbbbbbbbbbbbbbb", '1', "p2", "2026-02-01T00:00:00Z"),
                     Doc("cccccccccccccccc", '1', "p3", "2026-02-05T00:00:00Z")};
  for (int pass = 0; pass < 2; ++pass) {
    const MergeResult r = Merge(batch);
    EXPECT_EQ(r.documents[0].outcome, AddOutcome::kDuplicate);
    EXPECT_EQ(r.documents[1].source_added, pass == 0);
    EXPECT_EQ(r.documents[2].outcome, pass == 0 ? AddOutcome::kNew : AddOutcome::kDuplicate);
    EXPECT_EQ(r.documents[2].seq, 1u);
  }
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("bbbbbbbbbbbbbbbb", &sources).ok());
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[1].payload_sha256, "p2");
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(archive_->GetDocument("bbbbbbbbbbbbbbbb", &doc).ok());
  EXPECT_EQ(doc->info.first_seen, "2026-02-01T00:00:00Z");
  EXPECT_EQ(doc->text, "text of bbbbbbbbbbbbbbbb1");  // the text survives the rewrite
  std::vector<bool> kept;
  ASSERT_TRUE(archive_->KeptPayloads(std::vector<std::string>{"p1", "p2", "p9"}, &kept).ok());
  EXPECT_EQ(kept, (std::vector<bool>{true, true, false}));
}

TEST_F(ArchiveMergeTest, TheUrlIndexKeepsTheLaterFetchAndTheLogEachEventOnce) {
  ASSERT_TRUE(archive_->RecordFetch(Entry("http://a.gov.cn/1", "2026-05-01T00:00:00Z")).ok());
  ASSERT_TRUE(archive_->RecordFetch(Entry("http://a.gov.cn/2", "2026-05-01T00:00:00Z")).ok());
  bool done = false;
  ASSERT_TRUE(archive_->IndexFetchLog(1, &done).ok());
  EXPECT_FALSE(done);  // one of two keyed: Merge keys the rest itself
  MergeBatch batch;
  batch.latest = {Entry("http://a.gov.cn/1", "2026-04-01T00:00:00Z"),   // older: kept out
                  Entry("http://a.gov.cn/2", "2026-06-01T00:00:00Z"),   // later: replaces
                  Entry("http://a.gov.cn/3", "2026-04-01T00:00:00Z")};  // new
  batch.fetches = {Entry("http://a.gov.cn/2", "2026-05-01T00:00:00Z"),  // logged here already
                   Entry("http://a.gov.cn/2", "2026-06-01T00:00:00Z"),
                   Entry("http://a.gov.cn/3", "2026-04-01T00:00:00Z")};
  MergeResult r = Merge(batch);
  EXPECT_EQ(r.latest_replaced, 2u);
  EXPECT_EQ(r.fetches_added, 2u);
  EXPECT_EQ(LogSize(), 4u);
  r = Merge(batch);
  EXPECT_EQ(r.latest_replaced, 0u);
  EXPECT_EQ(r.fetches_added, 0u);
  EXPECT_EQ(LogSize(), 4u);
  std::optional<FetchEntry> latest;
  ASSERT_TRUE(archive_->GetLatestFetch("http://a.gov.cn/1", &latest).ok());
  EXPECT_EQ(latest->time, "2026-05-01T00:00:00Z");
  ASSERT_TRUE(archive_->GetLatestFetch("http://a.gov.cn/2", &latest).ok());
  EXPECT_EQ(latest->time, "2026-06-01T00:00:00Z");
  // A crawl logs the same event again afterwards (a new fetch, by the same time and answer): a
  // later merge keys it first, so the merged copy is not logged twice either.
  ASSERT_TRUE(archive_->RecordFetch(Entry("http://a.gov.cn/9", "2026-07-01T00:00:00Z")).ok());
  batch.fetches = {Entry("http://a.gov.cn/9", "2026-07-01T00:00:00Z")};
  EXPECT_EQ(Merge(batch).fetches_added, 0u);
  EXPECT_EQ(LogSize(), 5u);
}

TEST_F(ArchiveMergeTest, OpenReadOnlyNeverCreatesOrWrites) {
  std::unique_ptr<Archive> ro;
  EXPECT_FALSE(Archive::OpenReadOnly((dir_ / "missing").string(), &ro).ok());
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
  fs::create_directories(dir_ / "empty");
  EXPECT_FALSE(Archive::OpenReadOnly((dir_ / "empty").string(), &ro).ok());
  EXPECT_TRUE(fs::is_empty(dir_ / "empty"));
  std::vector<AddResult> added;
  ASSERT_TRUE(archive_->AddDocuments(std::vector{Doc("dddddddddddddddd", '1', "p1", "2026-01-01T00:00:00Z")}, &added).ok());
  const Status opened = Archive::OpenReadOnly((dir_ / "a").string(), &ro);
  ASSERT_TRUE(opened.ok()) << opened.message();
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(ro->GetDocument("dddddddddddddddd", &doc).ok());
  EXPECT_TRUE(doc.has_value());
  const Status write = ro->RecordFetch(Entry("http://a.gov.cn/1", "2026-05-01T00:00:00Z"));
  EXPECT_FALSE(write.ok());
  EXPECT_NE(write.message().find("read-only"), std::string::npos);
}

}  // namespace
}  // namespace xxgk::store
