// Archive: dedupe by doc_id, collisions, sources per payload, sequence numbers, records,
// URL index and fetch log, damaged values, and the zstd/key codecs underneath.
#include "store/archive.h"

#include <gtest/gtest.h>
#include <lmdb.h>
#include <unistd.h>

#include <filesystem>

#include "base/request_key.h"
#include "store/value_codec.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

// Digests here are fixed strings: the archive stores what callers give it and never hashes.
NewDocument Doc(std::string doc_id, std::string sha, std::string text, std::string payload_sha,
                std::string origin = "a.txt") {
  NewDocument d;
  d.doc_id = std::move(doc_id);
  d.text_sha256 = std::move(sha);
  d.text = std::move(text);
  d.payload = "raw:" + d.text;
  d.source = DocumentSource{"file", std::move(origin), std::move(payload_sha), "text/plain",
                            "2026-11-22T00:00:00Z"};
  return d;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-archive-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    Reopen();
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(root_);
  }
  void Reopen() {
    archive_.reset();
    Status s = Archive::Open((root_ / "a").string(), {}, &archive_);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::vector<AddResult> Add(std::vector<NewDocument> docs) {
    std::vector<AddResult> results;
    Status s = archive_->AddDocuments(docs, &results);
    EXPECT_TRUE(s.ok()) << s.message();
    return results;
  }
  std::vector<StoredDocument> All() {
    std::vector<StoredDocument> out, batch;
    uint64_t next = 0;
    do {
      EXPECT_TRUE(archive_->ScanDocuments(next, 2, &batch, &next).ok());
      out.insert(out.end(), batch.begin(), batch.end());
    } while (!batch.empty());
    return out;
  }

  fs::path root_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(ArchiveTest, NumbersNewDocumentsInOrderFromZeroAndStoresEachOnce) {
  auto r = Add({Doc("aaaaaaaaaaaaaaaa", "A", "first", "P1"), Doc("bbbbbbbbbbbbbbbb", "B", "second", "P2"),
                Doc("aaaaaaaaaaaaaaaa", "A", "first", "P1")});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].outcome, AddOutcome::kNew);
  EXPECT_EQ(r[0].seq, 0u);
  EXPECT_EQ(r[1].outcome, AddOutcome::kNew);
  EXPECT_EQ(r[1].seq, 1u);
  EXPECT_EQ(r[2].outcome, AddOutcome::kDuplicate);  // within the same batch
  EXPECT_EQ(r[2].seq, 0u);
  Reopen();
  r = Add({Doc("cccccccccccccccc", "C", "third", "P3"), Doc("bbbbbbbbbbbbbbbb", "B", "second", "P2")});
  EXPECT_EQ(r[0].seq, 2u);  // the counter survives reopening
  EXPECT_EQ(r[1].outcome, AddOutcome::kDuplicate);
  const auto all = All();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].text, "first");
  EXPECT_EQ(all[1].info.doc_id, "bbbbbbbbbbbbbbbb");
  EXPECT_EQ(all[2].info.seq, 2u);
  EXPECT_EQ(all[2].info.first_seen, "2026-11-22T00:00:00Z");
  ArchiveCounts counts;
  ASSERT_TRUE(archive_->Counts(&counts).ok());
  EXPECT_EQ(counts.documents, 3u);
  EXPECT_EQ(counts.payloads, 3u);
  EXPECT_EQ(counts.sources, 3u);
}

TEST_F(ArchiveTest, RefusesACollisionAndKeepsTheStoredText) {
  Add({Doc("aaaaaaaaaaaaaaaa", "A-full", "original", "P1")});
  auto r = Add({Doc("aaaaaaaaaaaaaaaa", "A-other", "impostor", "P2")});
  EXPECT_EQ(r[0].outcome, AddOutcome::kCollision);
  EXPECT_NE(r[0].detail.find("different text"), std::string::npos);
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(archive_->GetDocument("aaaaaaaaaaaaaaaa", &doc).ok());
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->text, "original");
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  EXPECT_EQ(sources.size(), 1u);  // the impostor's payload is not recorded as a source
  std::string payload;
  EXPECT_FALSE(archive_->GetPayload("P2", &payload).ok());
}

TEST_F(ArchiveTest, RecordsOneSourcePerDistinctPayload) {
  Add({Doc("aaaaaaaaaaaaaaaa", "A", "t", "P1", "one.txt")});
  auto r = Add({Doc("aaaaaaaaaaaaaaaa", "A", "t", "P1", "copy-of-one.txt"),  // same bytes
                Doc("aaaaaaaaaaaaaaaa", "A", "t", "P2", "one.html"),         // new bytes, same text
                Doc("aaaaaaaaaaaaaaaa", "A", "t", "A", "export/000.txt")});  // the text itself
  EXPECT_FALSE(r[0].source_added);
  EXPECT_TRUE(r[1].source_added);
  EXPECT_FALSE(r[2].source_added);
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].origin, "one.txt");
  EXPECT_EQ(sources[1].origin, "one.html");
  EXPECT_EQ(sources[1].payload_sha256, "P2");
}

TEST_F(ArchiveTest, APageTitleAndDateAreKeptWithTheirSource) {
  NewDocument page = Doc("aaaaaaaaaaaaaaaa", "A", "t", "P1", "https://xxgk.example.gov.cn/a.html");
  page.source.title = "测试县2023年政府信息公开工作年度报告";
  page.source.published = "2024-01-29";
  Add({page, Doc("aaaaaaaaaaaaaaaa", "A", "t", "P2", "b.txt")});
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0], page.source);  // every field, title and date included
  EXPECT_EQ(sources[1].title, "");
  EXPECT_EQ(sources[1].published, "");
}

TEST_F(ArchiveTest, SourcesOfNeighbouringDocumentsStaySeparate) {
  Add({Doc("aaaaaaaaaaaaaaaa", "A", "t", "P1"), Doc("aaaaaaaaaaaaaaab", "B", "u", "P2"),
       Doc("aaaaaaaaaaaaaaaa", "A", "t", "P3")});
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  EXPECT_EQ(sources.size(), 2u);
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaab", &sources).ok());
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].payload_sha256, "P2");
}

TEST_F(ArchiveTest, APayloadThatIsTheTextItselfIsKeptOnlyAsTheText) {
  Add({Doc("aaaaaaaaaaaaaaaa", "A", "plain", "A")});
  std::vector<DocumentSource> sources;
  ASSERT_TRUE(archive_->GetSources("aaaaaaaaaaaaaaaa", &sources).ok());
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].payload_sha256, "A");
  ArchiveCounts counts;
  ASSERT_TRUE(archive_->Counts(&counts).ok());
  EXPECT_EQ(counts.payloads, 0u);
}

TEST_F(ArchiveTest, PayloadsAreStoredOnceAndReturnedByteExact) {
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) % 251);
  NewDocument d = Doc("aaaaaaaaaaaaaaaa", "A", "t", "PBIG");
  d.payload = big;
  NewDocument e = Doc("bbbbbbbbbbbbbbbb", "B", "u", "PBIG");  // another text from the same bytes
  e.payload = big;
  Add({d, e});
  std::string back;
  ASSERT_TRUE(archive_->GetPayload("PBIG", &back).ok());
  EXPECT_EQ(back, big);
  ArchiveCounts counts;
  ASSERT_TRUE(archive_->Counts(&counts).ok());
  EXPECT_EQ(counts.payloads, 1u);
  ArchiveSizes sizes;
  ASSERT_TRUE(archive_->Sizes(&sizes).ok());
  EXPECT_EQ(sizes.payload_raw_bytes, big.size());
}

TEST_F(ArchiveTest, KeepsTheNewestRecordVersionAndRewritesOnRequest) {
  NewDocument d = Doc("aaaaaaaaaaaaaaaa", "A", "t", "P1");
  d.record = StoredRecord{1, R"({"v":1})"};
  Add({d});
  d.record = StoredRecord{2, R"({"v":2})"};
  Add({d});  // a duplicate carrying a newer record replaces the older one
  std::optional<StoredRecord> r;
  ASSERT_TRUE(archive_->GetRecord("aaaaaaaaaaaaaaaa", &r).ok());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->extractor_version, 2);
  d.record = StoredRecord{1, R"({"v":"old"})"};
  Add({d});  // but never an older one
  ASSERT_TRUE(archive_->GetRecord("aaaaaaaaaaaaaaaa", &r).ok());
  EXPECT_EQ(r->json, R"({"v":2})");
  std::vector<std::pair<std::string, StoredRecord>> batch = {{"aaaaaaaaaaaaaaaa", {3, "{}"}}};
  ASSERT_TRUE(archive_->PutRecords(batch).ok());
  std::string next;
  ASSERT_TRUE(archive_->ScanRecords("", 10, &batch, &next).ok());
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].second.extractor_version, 3);
  EXPECT_TRUE(next.empty());
}

// Callers page with the cursor they got back (`next` passed as `from`): every record exactly once.
TEST_F(ArchiveTest, ScanRecordsPagesThroughEveryRecordOnce) {
  std::vector<std::pair<std::string, StoredRecord>> records;
  for (char c = 'a'; c <= 'e'; ++c) records.emplace_back(std::string(16, c), StoredRecord{1, {c}});
  ASSERT_TRUE(archive_->PutRecords(records).ok());
  std::string seen, next;
  std::vector<std::pair<std::string, StoredRecord>> batch;
  int pages = 0;
  do {
    ASSERT_TRUE(archive_->ScanRecords(next, 2, &batch, &next).ok());
    for (const auto& [doc_id, record] : batch) seen += record.json;
    ASSERT_LT(++pages, 10);
  } while (!next.empty());
  EXPECT_EQ(seen, "abcde");
  EXPECT_EQ(pages, 3);
}

TEST_F(ArchiveTest, UrlIndexKeepsAPostUnderItsUrlAndBody) {
  const std::string proxy = "http://www.a.gov.cn/dataproxy.jsp?startrecord=16";
  FetchEntry one{.url = proxy, .time = "2026-01-01T00:00:00Z", .http_status = 200};
  one.form_body = "columnid=1";
  one.ip = "10.0.0.7";  // kept with the entry (WARC-IP-Address)
  FetchEntry two = one;
  two.form_body = "columnid=2";
  ASSERT_TRUE(archive_->RecordFetch(one).ok());
  ASSERT_TRUE(archive_->RecordFetch(two).ok());
  std::optional<FetchEntry> latest;
  ASSERT_TRUE(archive_->GetLatestFetch(RequestKey(proxy, "columnid=1"), &latest).ok());
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, one);  // form_body kept, and column 2's POST did not replace it
  ASSERT_TRUE(archive_->GetLatestFetch(proxy, &latest).ok());
  EXPECT_FALSE(latest);  // no GET of it was made
}

TEST_F(ArchiveTest, UrlIndexKeepsTheLatestFetchAndTheLogKeepsAll) {
  const std::string long_url = "https://www.fenxi.gov.cn/xxgk/" + std::string(2000, 'x') + ".html";
  FetchEntry first{long_url, "", "2026-01-01T00:00:00Z", 200, "", "\"e1\"", "Mon", "P1", "d1"};
  FetchEntry second = first;
  second.time = "2026-02-01T00:00:00Z";
  second.http_status = 304;
  ASSERT_TRUE(archive_->RecordFetch(first).ok());
  ASSERT_TRUE(archive_->RecordFetch(second).ok());
  ASSERT_TRUE(archive_->RecordFetch(FetchEntry{.url = "https://other.gov.cn/", .time = "t", .error = "timeout"}).ok());
  std::optional<FetchEntry> latest;
  ASSERT_TRUE(archive_->GetLatestFetch(long_url, &latest).ok());
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, second);
  ASSERT_TRUE(archive_->GetLatestFetch("https://never.gov.cn/", &latest).ok());
  EXPECT_FALSE(latest);
  std::vector<FetchEntry> log;
  uint64_t next = 0;
  ASSERT_TRUE(archive_->ScanFetchLog(0, 10, &log, &next).ok());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0], first);
  EXPECT_EQ(log[2].error, "timeout");
  EXPECT_EQ(next, 3u);
}

// A redirected fetch keeps each hop's response (what its WARC records need): status line,
// headers, address, time, body bytes exactly (base64 inside the JSON: any bytes, NUL and GBK
// included) or, for a body not kept, only its size; read back equal from the log and the index.
TEST_F(ArchiveTest, RedirectHopsRoundTripThroughTheFetchLogAndTheUrlIndex) {
  FetchEntry entry{"http://www.a.gov.cn/old", "http://www.a.gov.cn/new", "2026-03-01T00:00:02Z",
                   200, "", "", "", "P1", ""};
  entry.status_line = "HTTP/1.1 200 OK";
  entry.redirects = {"301 http://www.a.gov.cn/old", "302 http://www.a.gov.cn/mid"};
  entry.hops = {
      HopResponse{"HTTP/1.1 301 Moved Permanently",
                  {{"Location", "/mid"}, {"Content-Type", "text/html; charset=gbk"}},
                  "192.0.2.7", "2026-03-01T00:00:01Z", std::string("\xff\0ab\xc4\xe3", 6), 6,
                  "columnid=1"},
      HopResponse{"HTTP/1.1 302 Found", {{"Location", "/new"}}, "", "2026-03-01T00:00:02Z", "",
                  20000, ""}};
  ASSERT_TRUE(archive_->RecordFetch(entry).ok());
  std::optional<FetchEntry> latest;
  ASSERT_TRUE(archive_->GetLatestFetch(entry.url, &latest).ok());
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, entry);
  EXPECT_TRUE(latest->hops[0].body_kept());
  EXPECT_FALSE(latest->hops[1].body_kept());
  std::vector<FetchEntry> log;
  uint64_t next = 0;
  ASSERT_TRUE(archive_->ScanFetchLog(0, 10, &log, &next).ok());
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], entry);
  // The stored form: an optional "hops" beside "redirects", the body in base64.
  archive_.reset();
  std::unique_ptr<ArchiveEnv> env;
  ASSERT_TRUE(ArchiveEnv::Open((root_ / "a").string(), {}, &env).ok());
  std::string value;
  ASSERT_TRUE(env->Read([&](const ReadTxn& txn) -> Status {
                   value = std::string(txn.Get(Table::kFetchLog, EncodeU64Key(0)).value_or(""));
                   return Status::Ok();
                 }).ok());
  EXPECT_NE(value.find("\"redirects\":[\"301 http://www.a.gov.cn/old\""), std::string::npos) << value;
  EXPECT_NE(value.find("\"hops\":[{"), std::string::npos) << value;
  EXPECT_NE(value.find("\"body\":\"/wBhYsTj\""), std::string::npos) << value;
  EXPECT_NE(value.find("\"body_bytes\":20000"), std::string::npos) << value;
}

// Entries logged before hops were kept (only "302 URL" lines) read as before: redirects, no
// hops. So does an entry whose "hops" cannot be matched to its redirects one for one.
TEST_F(ArchiveTest, EntriesWithoutReadableHopsAreReadWithTheirRedirectsOnly) {
  const std::string hop =
      R"({"status_line":"HTTP/1.1 302 Found","headers":[["Location","/b"]],"time":"t","body_bytes":0})";
  const std::string values[] = {
      // As written before this change.
      R"({"url":"http://a.gov.cn/a","final_url":"http://a.gov.cn/b","time":"t","http_status":200,)"
      R"("error":"","etag":"","last_modified":"","payload_sha256":"","doc_id":"",)"
      R"("status_line":"HTTP/1.1 200 OK","redirects":["302 http://a.gov.cn/a"]})",
      // Two hops for one redirect line.
      R"({"url":"http://a.gov.cn/a","redirects":["302 http://a.gov.cn/a"],"hops":[)" + hop + "," + hop + "]}",
      // A body that is not base64.
      R"({"url":"http://a.gov.cn/a","redirects":["302 http://a.gov.cn/a"],"hops":[{"status_line":"x","body":"@@","body_bytes":2}]})",
      // More body than its size says.
      R"({"url":"http://a.gov.cn/a","redirects":["302 http://a.gov.cn/a"],"hops":[{"status_line":"x","body":"YWI=","body_bytes":1}]})",
      // The one readable form, for contrast.
      R"({"url":"http://a.gov.cn/a","redirects":["302 http://a.gov.cn/a"],"hops":[)" + hop + "]}"};
  for (size_t i = 0; i < std::size(values); ++i) {
    ASSERT_TRUE(archive_->RecordFetch(FetchEntry{.url = "u" + std::to_string(i)}).ok());
  }
  archive_.reset();
  {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(ArchiveEnv::Open((root_ / "a").string(), {}, &env).ok());
    ASSERT_TRUE(env->Write([&](WriteTxn& txn) -> Status {
                     for (size_t i = 0; i < std::size(values); ++i) {
                       if (Status s = txn.Put(Table::kFetchLog, EncodeU64Key(i), values[i]); !s.ok()) return s;
                     }
                     return Status::Ok();
                   }).ok());
  }
  Reopen();
  std::vector<FetchEntry> log;
  uint64_t next = 0;
  ASSERT_TRUE(archive_->ScanFetchLog(0, 10, &log, &next).ok());
  ASSERT_EQ(log.size(), std::size(values));
  for (size_t i = 0; i + 1 < log.size(); ++i) {
    EXPECT_EQ(log[i].redirects, std::vector<std::string>{"302 http://a.gov.cn/a"}) << i;
    EXPECT_TRUE(log[i].hops.empty()) << i;
  }
  EXPECT_EQ(log[0].status_line, "HTTP/1.1 200 OK");
  ASSERT_EQ(log.back().hops.size(), 1u);
  EXPECT_EQ(log.back().hops[0].status_line, "HTTP/1.1 302 Found");
  EXPECT_EQ(log.back().hops[0].headers, (std::vector<std::pair<std::string, std::string>>{{"Location", "/b"}}));
}

TEST_F(ArchiveTest, RepairTextReplacesOnlyTheText) {
  Add({Doc("aaaaaaaaaaaaaaaa", "A", "good", "P1")});
  ASSERT_TRUE(archive_->RepairText("aaaaaaaaaaaaaaaa", "good again").ok());
  std::optional<StoredDocument> doc;
  ASSERT_TRUE(archive_->GetDocument("aaaaaaaaaaaaaaaa", &doc).ok());
  EXPECT_EQ(doc->text, "good again");
  EXPECT_EQ(doc->info.seq, 0u);
  EXPECT_EQ(doc->info.text_sha256, "A");
  EXPECT_FALSE(archive_->RepairText("ffffffffffffffff", "x").ok());
}

// Damage a stored text behind the archive's back (as a disk error would): the scan reports it
// instead of returning garbage.
TEST_F(ArchiveTest, ReportsADamagedStoredText) {
  const std::string text(5000, 'z');
  Add({Doc("aaaaaaaaaaaaaaaa", "A", text, "P1")});
  archive_.reset();
  {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(ArchiveEnv::Open((root_ / "a").string(), {}, &env).ok());
    ASSERT_TRUE(env->Write([](WriteTxn& txn) -> Status {
                     std::string value(*txn.Get(Table::kDocuments, "aaaaaaaaaaaaaaaa"));
                     value[value.size() - 5] ^= 0x55;  // inside the compressed text
                     return txn.Put(Table::kDocuments, "aaaaaaaaaaaaaaaa", value);
                   }).ok());
  }
  Reopen();
  const auto all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].text_error.find("damaged"), std::string::npos) << all[0].text_error;
  EXPECT_TRUE(all[0].text.empty());
}

TEST(ValueCodecTest, BlobsRoundTripAndDetectDamage) {
  const std::string raw = std::string(10000, 'a') + "tail";
  const std::string blob = CompressBlob(raw);
  EXPECT_LT(blob.size(), raw.size() / 10);
  EXPECT_EQ(BlobRawSize(blob), raw.size());
  std::string back;
  ASSERT_TRUE(DecompressBlob(blob, 1 << 20, &back).ok());
  EXPECT_EQ(back, raw);
  EXPECT_FALSE(DecompressBlob(blob, 100, &back).ok());  // declared size above the limit
  std::string damaged = blob;
  damaged[damaged.size() - 2] ^= 1;  // the checksum or the data
  EXPECT_FALSE(DecompressBlob(damaged, 1 << 20, &back).ok());
  EXPECT_FALSE(DecompressBlob("", 10, &back).ok());
  EXPECT_FALSE(DecompressBlob("q123", 10, &back).ok());
  ASSERT_TRUE(DecompressBlob(CompressBlob("tiny"), 10, &back).ok());
  EXPECT_EQ(back, "tiny");
}

TEST(ValueCodecTest, Base64IsRfc4648AndRefusesWhatIsNotPaddedBase64) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}, {std::string("\0\xff", 2), "AP8="}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(Base64Encode(bytes), text);
    std::string back = "junk";
    ASSERT_TRUE(Base64Decode(text, &back)) << text;
    EXPECT_EQ(back, bytes) << text;
  }
  std::string out;
  for (const char* bad : {"Zg=", "Zm9v!A==", " Zm9v", "Zm9v\n", "Zm9", "===="}) {
    EXPECT_FALSE(Base64Decode(bad, &out)) << bad;
  }
}

TEST(ValueCodecTest, IntegerKeysSortNumerically) {
  EXPECT_LT(EncodeU64Key(255), EncodeU64Key(256));
  EXPECT_LT(EncodeU64Key(1), EncodeU64Key(1ull << 40));
  EXPECT_EQ(DecodeU64Key(EncodeU64Key(1234567890123ull)), 1234567890123ull);
  EXPECT_EQ(DecodeU32(EncodeU32(70000)), 70000u);
  std::string_view h, b;
  const std::string framed = Frame("{\"a\":1}", "body\nwith lines");
  ASSERT_TRUE(Unframe(framed, &h, &b));
  EXPECT_EQ(h, "{\"a\":1}");
  EXPECT_EQ(b, "body\nwith lines");
  EXPECT_FALSE(Unframe("no newline", &h, &b));
}

}  // namespace
}  // namespace xxgk::store
