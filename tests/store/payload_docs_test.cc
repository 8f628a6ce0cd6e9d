// The payload_docs index (Archive::PayloadDocuments): the document each payload was converted
// to, written with the source (AddDocuments, Merge) for a new document and a new source of an
// existing one, never for a copy, joined pages or a payload that is the text; the first document
// kept when one payload gave two; an entry believed only when the document has that source;
// filled on a writable open of an archive made without it, read as absent read-only.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/archive.h"
#include "store/archive_env.h"
#include "tests/scratch_dir_test.h"

namespace xxgk::store {
namespace {


// A payload digest: 64 hex digits ending in `tag`.
std::string Payload(const std::string& tag) { return std::string(64 - tag.size(), 'e') + tag; }

NewDocument Doc(const std::string& doc_id, const std::string& payload_tag) {
  NewDocument d;
  d.doc_id = doc_id;
  d.text_sha256 = doc_id + std::string(48, '0');
  d.text = "text of " + doc_id;
  d.payload = "<p>text of " + doc_id + " from " + payload_tag + "</p>";
  d.source = {"file", "/in/" + payload_tag, Payload(payload_tag), "text/html",
              "2026-12-01T00:00:00Z"};
  return d;
}

class PayloadDocsTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    archive_dir_ = (dir_ / "a").string();
    ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    ScratchDirTest::TearDown();
  }
  void Add(const std::vector<NewDocument>& docs) {
    std::vector<AddResult> results;
    const Status s = archive_->AddDocuments(docs, &results);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  static std::vector<std::string> Made(const Archive& archive,
                                       const std::vector<std::string>& digests) {
    std::vector<std::string> doc_ids;
    const Status s = archive.PayloadDocuments(digests, &doc_ids);
    EXPECT_TRUE(s.ok()) << s.message();
    return doc_ids;
  }
  // Runs `body` on the archive's tables with archive_ closed (one environment per process).
  void Lower(const std::function<Status(WriteTxn&)>& body) {
    archive_.reset();
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(ArchiveEnv::Open(archive_dir_, {}, &env).ok());
    ASSERT_TRUE(env->Write(body).ok());
  }
  size_t Entries() {
    std::unique_ptr<ArchiveEnv> env;
    EXPECT_TRUE(
        ArchiveEnv::Open(archive_dir_, ArchiveOptions{.create = false, .read_only = true}, &env).ok());
    size_t n = 0;
    EXPECT_TRUE(env->Read([&](const ReadTxn& txn) {
                     n = txn.Count(Table::kPayloadDocs);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  const std::string d1_ = "00000000000000d1", d2_ = "00000000000000d2";
  std::string archive_dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(PayloadDocsTest, ANewDocumentAndANewSourceAreIndexedNotACopyJoinedPagesOrTheText) {
  NewDocument pdf = Doc(d1_, "pdf");  // a second source of d1
  NewDocument copy = Doc(d1_, "copy");
  copy.source.copy = true;
  NewDocument joined = Doc(d2_, "joined");
  joined.source.joined = {"http://a.gov.cn/1.html", "http://a.gov.cn/1_2.html"};
  NewDocument text = Doc("00000000000000d3", "");
  text.source.payload_sha256 = text.text_sha256;  // a normalised .txt: the payload is the text
  Add({Doc(d1_, "html"), pdf, copy, joined, text});
  EXPECT_EQ(Made(*archive_, {Payload("html"), Payload("pdf"), Payload("copy"), Payload("joined"),
                             text.text_sha256, Payload("none"), "short"}),
            (std::vector<std::string>{d1_, d1_, "", "", "", "", ""}));
  archive_.reset();
  EXPECT_EQ(Entries(), 2u);
}

TEST_F(PayloadDocsTest, APayloadThatGaveTwoDocumentsKeepsTheFirst) {
  Add({Doc(d1_, "html")});
  Add({Doc(d2_, "html")});  // the same bytes, converted otherwise (an older converter)
  EXPECT_EQ(Made(*archive_, {Payload("html")}), std::vector<std::string>{d1_});
}

TEST_F(PayloadDocsTest, AnEntryIsBelievedOnlyWhenItsDocumentHasThatSource) {
  Add({Doc(d1_, "html")});
  Lower([&](WriteTxn& txn) {
    Status s = txn.Put(Table::kPayloadDocs, Payload("stale"), d1_);      // d1 has no such source
    if (s.ok()) s = txn.Put(Table::kPayloadDocs, Payload("gone"), d2_);  // no document d2
    return s;
  });
  ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
  EXPECT_EQ(Made(*archive_, {Payload("stale"), Payload("gone"), Payload("html")}),
            (std::vector<std::string>{"", "", d1_}));
}

TEST_F(PayloadDocsTest, AnArchiveWithoutTheIndexIsFilledOnOpenAndReadAsAbsentReadOnly) {
  NewDocument copy = Doc(d2_, "copy");
  copy.source.copy = true;
  Add({Doc(d1_, "html"), Doc(d1_, "pdf"), Doc(d2_, "doc"), copy});
  // As an archive made before the index: neither its entries nor the mark of its filling.
  Lower([](WriteTxn& txn) {
    Status s = txn.Clear(Table::kPayloadDocs);
    return s.ok() ? txn.Delete(Table::kMeta, "payload_docs_filled") : s;
  });
  ASSERT_EQ(Entries(), 0u);
  const std::vector<std::string> digests = {Payload("html"), Payload("pdf"), Payload("doc"),
                                            Payload("copy")};
  std::unique_ptr<Archive> read_only;
  ASSERT_TRUE(Archive::OpenReadOnly(archive_dir_, &read_only).ok());
  EXPECT_EQ(Made(*read_only, digests), (std::vector<std::string>{"", "", "", ""}));
  read_only.reset();
  EXPECT_EQ(Entries(), 0u);  // nothing written

  ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
  EXPECT_EQ(Made(*archive_, digests), (std::vector<std::string>{d1_, d1_, d2_, ""}));
  archive_.reset();
  EXPECT_EQ(Entries(), 3u);
  ASSERT_TRUE(Archive::OpenReadOnly(archive_dir_, &read_only).ok());  // filled: read-only reads it now
  EXPECT_EQ(Made(*read_only, digests), (std::vector<std::string>{d1_, d1_, d2_, ""}));
}

TEST_F(PayloadDocsTest, AMergeIndexesThePayloadsItAdds) {
  MergeBatch batch;
  NewDocument copy = Doc(d1_, "copy");
  copy.source.copy = true;
  batch.documents = {Doc(d1_, "html"), Doc(d2_, "pdf"), copy};
  MergeResult result;
  ASSERT_TRUE(archive_->Merge(batch, &result).ok());
  EXPECT_EQ(Made(*archive_, {Payload("html"), Payload("pdf"), Payload("copy")}),
            (std::vector<std::string>{d1_, d2_, ""}));
}

TEST_F(PayloadDocsTest, APendingPayloadNamesNoDocument) {
  Add({Doc(d1_, "html")});
  Lower([&](WriteTxn& txn) { return txn.Put(Table::kPending, Payload("html"), "{}"); });
  ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
  EXPECT_EQ(Made(*archive_, {Payload("html")}), std::vector<std::string>{""});
}

}  // namespace
}  // namespace xxgk::store
