// Archive::Ingest: a crawl step (fetches with their payloads, documents, pending payloads) in one
// transaction; page payloads (fetched, not a document's source) kept and marked, and the mark
// cleared when a document or pending entry takes the payload; fetch entries keep what a WARC
// record needs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/archive.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

NewFetch Fetch(std::string url, std::string payload_sha, std::string payload,
               std::string role = "list") {
  NewFetch f;
  f.entry.url = std::move(url);
  f.entry.time = "2026-12-02T08:00:00Z";
  f.entry.http_status = 200;
  f.entry.payload_sha256 = std::move(payload_sha);
  f.entry.status_line = "HTTP/1.1 200 OK";
  f.entry.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"ETag", "\"x1\""}};
  f.entry.role = std::move(role);
  f.payload = std::move(payload);
  return f;
}

NewDocument Doc(std::string doc_id, std::string sha, std::string payload_sha, std::string url) {
  NewDocument d;
  d.doc_id = std::move(doc_id);
  d.text_sha256 = std::move(sha);
  d.text = "text of " + d.doc_id;
  d.payload = "<html>" + d.doc_id + "</html>";
  d.source.kind = "url";
  d.source.origin = std::move(url);
  d.source.payload_sha256 = std::move(payload_sha);
  d.source.content_type = "text/html";
  d.source.seen = "2026-12-02T08:00:00Z";
  return d;
}

PendingPayload Pending(std::string digest, std::string bytes) {
  PendingPayload p;
  p.source.kind = "url";
  p.source.origin = "https://www.a.gov.cn/nb.ofd";
  p.source.payload_sha256 = std::move(digest);
  p.format = "ofd";
  p.outcome = "unsupported";
  p.code = "unsupported_format";
  p.time = "2026-12-02T08:00:00Z";
  p.payload = std::move(bytes);
  return p;
}

class IngestBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-ingest-batch-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_TRUE(Archive::Open((root_ / "a").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  ArchiveCounts Counts() {
    ArchiveCounts c;
    EXPECT_TRUE(archive_->Counts(&c).ok());
    return c;
  }
  fs::path root_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(IngestBatchTest, OneStepKeepsPagesDocumentsAndTheirFetchesTogether) {
  IngestBatch batch;
  batch.fetches.push_back(Fetch("https://www.a.gov.cn/nb/", "L1", "<ul>list</ul>"));
  NewFetch report = Fetch("https://www.a.gov.cn/nb/t1.html", "P1", "<html>d1</html>", "report");
  report.entry.doc_id = "d1";
  batch.fetches.push_back(report);
  batch.documents.push_back(Doc("d1", "S1", "P1", "https://www.a.gov.cn/nb/t1.html"));
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(batch, &result).ok());
  ASSERT_EQ(result.documents.size(), 1u);
  EXPECT_EQ(result.documents[0].outcome, AddOutcome::kNew);

  const ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.payloads, 2u);       // the list page and the report page
  EXPECT_EQ(c.page_payloads, 1u);  // only the list is a page payload
  EXPECT_EQ(c.fetches, 2u);
  EXPECT_EQ(c.urls, 2u);

  std::string bytes;
  ASSERT_TRUE(archive_->GetPayload("L1", &bytes).ok());
  EXPECT_EQ(bytes, "<ul>list</ul>");
  std::optional<FetchEntry> latest;
  ASSERT_TRUE(archive_->GetLatestFetch("https://www.a.gov.cn/nb/t1.html", &latest).ok());
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, report.entry);  // status line, headers and role survive the round trip
  EXPECT_EQ(latest->headers.size(), 2u);
  EXPECT_EQ(latest->doc_id, "d1");
}

TEST_F(IngestBatchTest, APagePayloadTakenByADocumentOrPendingEntryIsNoLongerMarked) {
  IngestBatch first;
  first.fetches.push_back(Fetch("https://www.a.gov.cn/x.html", "P1", "<html>d1</html>"));
  first.fetches.push_back(Fetch("https://www.a.gov.cn/nb.ofd", "O1", "OFD bytes", "attachment"));
  ASSERT_TRUE(archive_->Ingest(first, nullptr).ok());
  EXPECT_EQ(Counts().page_payloads, 2u);

  // The same bytes turn out to be a report, and an OFD kept for a later build.
  IngestBatch second;
  second.documents.push_back(Doc("d1", "S1", "P1", "https://www.a.gov.cn/x.html"));
  second.pending.push_back(Pending("O1", "OFD bytes"));
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(second, &result).ok());
  ASSERT_EQ(result.pending.size(), 1u);
  EXPECT_EQ(result.pending[0], PendingOutcome::kKept);  // a page payload is not "archived"
  const ArchiveCounts c = Counts();
  EXPECT_EQ(c.page_payloads, 0u);
  EXPECT_EQ(c.payloads, 2u);  // stored once each
  EXPECT_EQ(c.pending, 1u);

  // Pending again: already pending; the document's payload: archived.
  ASSERT_TRUE(archive_->Ingest(IngestBatch{{}, {}, {Pending("O1", "x"), Pending("P1", "y")}},
                               &result).ok());
  EXPECT_EQ(result.pending[0], PendingOutcome::kAlreadyPending);
  EXPECT_EQ(result.pending[1], PendingOutcome::kArchived);
}

TEST_F(IngestBatchTest, ASecondIngestOfTheSameStepAddsFetchesButNoDocument) {
  IngestBatch batch;
  batch.fetches.push_back(Fetch("https://www.a.gov.cn/nb/t1.html", "P1", "<html>d1</html>"));
  batch.documents.push_back(Doc("d1", "S1", "P1", "https://www.a.gov.cn/nb/t1.html"));
  ASSERT_TRUE(archive_->Ingest(batch, nullptr).ok());
  IngestResult again;
  ASSERT_TRUE(archive_->Ingest(batch, &again).ok());
  EXPECT_EQ(again.documents[0].outcome, AddOutcome::kDuplicate);
  EXPECT_FALSE(again.documents[0].source_added);
  const ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.sources, 1u);
  EXPECT_EQ(c.fetches, 2u);  // the log keeps every fetch
  EXPECT_EQ(c.urls, 1u);
}

TEST_F(IngestBatchTest, AFailedStepLeavesNothingBehind) {
  IngestBatch batch;
  batch.fetches.push_back(Fetch("https://www.a.gov.cn/nb/", "L1", "<ul>list</ul>"));
  batch.documents.push_back(Doc("d1", "S1", "P1", "https://www.a.gov.cn/t1.html"));
  batch.pending.push_back(Pending("", "no digest"));  // refused: the whole step is rolled back
  EXPECT_FALSE(archive_->Ingest(batch, nullptr).ok());
  const ArchiveCounts c = Counts();
  EXPECT_EQ(c.documents, 0u);
  EXPECT_EQ(c.payloads, 0u);
  EXPECT_EQ(c.fetches, 0u);
}

}  // namespace
}  // namespace xxgk::store
