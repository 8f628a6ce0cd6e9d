// The hand-written WARC writer (store/warc_writer.h), its records (store/warc_records.h), CDXJ
// and SURT (store/warc_cdxj.h) on known vectors, and ExportWarc on fetch log entries the crawl
// test does not make: a gzip-encoded response (Content-Encoding dropped, Content-Length
// rewritten), an entry logged without a status line (a resource record), a fetch that got no
// response (skipped), a payload missing from the archive (a problem, left out), redirect hops
// (their own request and response records, a body not kept, old entries without hops). WarcRoller
// (store/warc_roller.h) handed batches out of their log order, after a gap that never fills, and
// from several writer threads at once: the records export makes, in log order.
#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "store/archive.h"
#include "store/warc_cdxj.h"
#include "store/warc_export.h"
#include "store/warc_records.h"
#include "store/warc_roller.h"
#include "store/warc_writer.h"
#include "tests/cli/warc_reader.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

std::string Sha256Hex(std::string_view s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

TEST(WarcWriterTest, Base32AndSha1MatchKnownVectors) {
  // RFC 4648 section 10.
  EXPECT_EQ(Base32(""), "");
  EXPECT_EQ(Base32("f"), "MY======");
  EXPECT_EQ(Base32("fo"), "MZXQ====");
  EXPECT_EQ(Base32("foobar"), "MZXW6YTBOI======");
  // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d.
  EXPECT_EQ(WarcSha1("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(WarcSha1(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST(WarcWriterTest, RecordIdsAreUuidsStableForAName) {
  const std::string id = WarcRecordId("x");
  EXPECT_EQ(id, WarcRecordId("x"));
  EXPECT_NE(id, WarcRecordId("y"));
  ASSERT_EQ(id.size(), 47u);  // <urn:uuid:8-4-4-4-12>
  EXPECT_EQ(id.substr(0, 10), "<urn:uuid:");
  EXPECT_EQ(id[24], '5');  // version 5
}

TEST(WarcWriterTest, ARecordIsItsFieldsALengthAndTheBlockInOneGzipMember) {
  WarcRecord r;
  r.Add("WARC-Type", "resource");
  r.Add("WARC-Target-URI", "file:a\r\nb");
  r.block = "hello";
  EXPECT_EQ(SerializeWarcRecord(r),
            "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: file:a  b\r\n"
            "Content-Length: 5\r\n\r\nhello\r\n\r\n");
  char tmpl[] = "/tmp/xxgk-warc-writer-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/t.warc.gz";
  WarcWriter writer;
  ASSERT_TRUE(writer.Open(path).ok());
  uint64_t o1 = 9, l1 = 0, o2 = 0, l2 = 0;
  ASSERT_TRUE(writer.Write(r, &o1, &l1).ok());
  r.block = std::string(100000, 'z');
  ASSERT_TRUE(writer.Write(r, &o2, &l2).ok());
  ASSERT_TRUE(writer.Close().ok());
  EXPECT_EQ(o1, 0u);
  EXPECT_EQ(o2, l1);
  EXPECT_EQ(fs::file_size(path), l1 + l2);
  const auto records = testing::ReadWarcGz(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].block, "hello");
  EXPECT_EQ(records[1].block, std::string(100000, 'z'));
  EXPECT_TRUE(records[1].complete);
  EXPECT_EQ(records[1].length, l2);
  fs::remove_all(tmpl);
}

// Each expected key is what getSurt of warcio 2.4.11 (tests/warc/) gives for the same URL.
TEST(WarcCdxjTest, SurtFollowsWarcio) {
  EXPECT_EQ(Surt("http://www.fenxi.gov.cn/zfxxgk/a.html"), "cn,gov,fenxi)/zfxxgk/a.html");
  EXPECT_EQ(Surt("https://www2.Fenxi.GOV.cn/A.HTML"), "cn,gov,fenxi)/a.html");
  EXPECT_EQ(Surt("https://WWW2.Fenxi.GOV.cn/A.HTML"), "cn,gov,fenxi,www2)/a.html");  // as warcio
  EXPECT_EQ(Surt("http://fenxi.gov.cn"), "cn,gov,fenxi)/");
  EXPECT_EQ(Surt("http://fenxi.gov.cn:8080/x?b=2&a=1#frag"), "cn,gov,fenxi:8080)/x?a=1&b=2");
  EXPECT_EQ(Surt("https://fenxi.gov.cn:443/x?"), "cn,gov,fenxi)/x");
  EXPECT_EQ(Surt("http://wwwx.a.cn/"), "cn,a,wwwx)/");
  EXPECT_EQ(Surt("http://a.cn/a b"), "cn,a)/a%20b");
  EXPECT_EQ(Surt("file:///tmp/a.txt"), "file:///tmp/a.txt");
}

TEST(WarcCdxjTest, LinesAreWarciosFieldsInItsOrderSorted) {
  CdxjEntry e{"http://www.a.gov.cn/b", "2026-12-02T08:00:00Z", "text/html", 200, "ABC", 10, 20, "f.warc.gz"};
  EXPECT_EQ(CdxjLine(e),
            "cn,gov,a)/b 20261202080000 {\"url\":\"http://www.a.gov.cn/b\",\"mime\":\"text/html\","
            "\"status\":\"200\",\"digest\":\"ABC\",\"length\":\"10\",\"offset\":\"20\",\"filename\":\"f.warc.gz\"}\n");
  CdxjEntry r{"file:x", "2026-12-02T08:00:00Z", "", 0, "", 1, 0, "f"};
  EXPECT_EQ(CdxjLine(r), "file:x 20261202080000 {\"url\":\"file:x\",\"length\":\"1\",\"offset\":\"0\",\"filename\":\"f\"}\n");
  const std::string index = CdxjIndex({e, r});
  EXPECT_EQ(index.substr(0, 2), "cn");
}

TEST(WarcCdxjTest, APostIsKeyedWithItsBodyAsWarcioKeysIt) {
  CdxjEntry e{"http://www.a.gov.cn/dp.jsp?startrecord=4", "2026-12-02T08:00:00Z", "text/xml", 200,
              "ABC", 10, 20, "f.warc.gz", "webid=1&path=%2F&name=%E5%8E%BF&q=a%20b"};
  // decodeURI: %2F (reserved) kept, then lower-cased; 县 and the space decoded, then re-encoded
  // by the SURT; the fields sorted.
  EXPECT_EQ(CdxjLine(e),
            "cn,gov,a)/dp.jsp?__wb_method=post&name=%E5%8E%BF&path=%2f&q=a%20b&startrecord=4&webid=1 "
            "20261202080000 {\"url\":\"http://www.a.gov.cn/dp.jsp?startrecord=4\",\"mime\":"
            "\"text/xml\",\"status\":\"200\",\"digest\":\"ABC\",\"length\":\"10\",\"offset\":\"20\","
            "\"filename\":\"f.warc.gz\",\"method\":\"POST\",\"requestBody\":"
            "\"webid=1&path=%2F&name=%E5%8E%BF&q=a%20b\"}\n");
  e.request_body = "a=%E5";  // not UTF-8: warcio keys the URL with nothing appended after the method
  EXPECT_EQ(CdxjLine(e).substr(0, CdxjLine(e).find(' ')), "cn,gov,a)/dp.jsp?&__wb_method=post&startrecord=4");
}

TEST(WarcRecordsTest, TheResponseHeadDropsContentEncodingAndSetsTheDecodedLength) {
  FetchEntry e;
  e.status_line = "HTTP/1.1 200 OK";
  e.headers = {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"},
               {"Content-Length", "12"}, {"Transfer-Encoding", "chunked"}, {"ETag", "\"1\""}};
  std::vector<std::string> changed;
  EXPECT_EQ(ResponseHead(e, 40, &changed),
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 40\r\nETag: \"1\"\r\n\r\n");
  EXPECT_EQ(changed, (std::vector<std::string>{"Content-Encoding: gzip", "Content-Length: 12",
                                               "Transfer-Encoding: chunked"}));
  e.headers = {{"Content-Type", "text/html"}};
  EXPECT_EQ(ResponseHead(e, 3), "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(RequestHead("http://www.a.gov.cn/x/y?q=1#f", "HTTP/1.1"),
            "GET /x/y?q=1 HTTP/1.1\r\nHost: www.a.gov.cn\r\n\r\n");
  EXPECT_EQ(RequestHead("http://a.cn", "HTTP/2"), "GET / HTTP/2\r\nHost: a.cn\r\n\r\n");
  EXPECT_EQ(RequestHead("http://a.cn/dp.jsp?s=4", "HTTP/1.1", "webid=1&columnid=7"),
            "POST /dp.jsp?s=4 HTTP/1.1\r\nHost: a.cn\r\nContent-Type: "
            "application/x-www-form-urlencoded\r\nContent-Length: 18\r\n\r\nwebid=1&columnid=7");
  EXPECT_EQ(FileUri("/data/汾西 2023.txt"), "file:///data/%E6%B1%BE%E8%A5%BF%202023.txt");
  EXPECT_EQ(FileUri("r/a.txt"), "file:r/a.txt");
}

// The value of a record's field `name`, "" when it has none.
std::string FieldOf(const WarcRecord& record, std::string_view name) {
  for (const auto& [n, v] : record.fields) {
    if (n == name) return v;
  }
  return "";
}

TEST(WarcRecordsTest, TheAddressTheResponseCameFromIsWarcIpAddressOnBothRecords) {
  FetchEntry e;
  e.url = "http://www.a.gov.cn/x";
  e.time = "2026-12-02T08:00:00Z";
  e.status_line = "HTTP/1.1 200 OK";
  e.ip = "202.96.0.9";
  FetchRecords records = RecordsOfFetch(e, 1, "body", nullptr);
  EXPECT_EQ(FieldOf(records.response, "WARC-IP-Address"), "202.96.0.9");
  EXPECT_EQ(FieldOf(records.request, "WARC-IP-Address"), "202.96.0.9");
  e.ip.clear();  // unknown (entries logged before the address was kept): no field at all
  records = RecordsOfFetch(e, 1, "body", nullptr);
  EXPECT_EQ(SerializeWarcRecord(records.response).find("WARC-IP-Address"), std::string::npos);
  EXPECT_EQ(SerializeWarcRecord(records.request).find("WARC-IP-Address"), std::string::npos);
}

class WarcExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-warc-export-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(Archive::Open((dir_ / "a").string(), {}, &archive_).ok());
  }
  void TearDown() override {
    archive_.reset();
    fs::remove_all(dir_);
  }
  static NewFetch Fetch(std::string url, std::string payload, std::string status_line) {
    NewFetch f;
    f.entry.url = std::move(url);
    f.entry.time = "2026-12-02T08:00:00Z";
    f.entry.http_status = 200;
    f.entry.status_line = std::move(status_line);
    if (!payload.empty()) f.entry.payload_sha256 = Sha256Hex(payload);
    f.payload = std::move(payload);
    return f;
  }
  fs::path dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(WarcExportTest, OlderEntriesFailedFetchesAndMissingPayloadsAreHandled) {
  IngestBatch batch;
  NewFetch gz = Fetch("http://www.a.gov.cn/gz.html", "<html>decoded</html>", "HTTP/1.1 200 OK");
  gz.entry.headers = {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}, {"Content-Length", "7"}};
  batch.fetches.push_back(gz);
  batch.fetches.push_back(Fetch("http://www.a.gov.cn/old.html", "<html>old</html>", ""));  // no head kept
  NewFetch failed = Fetch("http://www.a.gov.cn/down", "", "");
  failed.entry.http_status = 0;
  failed.entry.error = "connection refused";
  batch.fetches.push_back(failed);
  NewFetch redirected = Fetch("http://www.a.gov.cn/r", "<html>decoded</html>", "HTTP/1.1 200 OK");
  redirected.entry.final_url = "http://www.a.gov.cn/gz2.html";
  batch.fetches.push_back(redirected);
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(batch, &result).ok());
  FetchEntry lost;  // logged without its payload (RecordFetch keeps no bytes)
  lost.url = "http://www.a.gov.cn/lost";
  lost.time = "2026-12-02T09:00:00Z";
  lost.http_status = 200;
  lost.status_line = "HTTP/1.1 200 OK";
  lost.payload_sha256 = Sha256Hex("gone");
  ASSERT_TRUE(archive_->RecordFetch(lost).ok());

  WarcExportOptions options{(dir_ / "x.warc.gz").string(), (dir_ / "x.cdxj").string(), "xxgk/test", ""};
  WarcExportStats stats;
  ASSERT_TRUE(ExportWarc(*archive_, options, &stats).ok());
  EXPECT_EQ(stats.responses, 1u);
  EXPECT_EQ(stats.revisits, 1u);  // the redirected fetch's payload is the first's
  EXPECT_EQ(stats.requests, 2u);
  EXPECT_EQ(stats.resources, 1u);
  EXPECT_EQ(stats.skipped, 1u);
  ASSERT_EQ(stats.problems.size(), 1u);
  EXPECT_NE(stats.problems[0].find("http://www.a.gov.cn/lost"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }

  const auto records = testing::ReadWarcGz(options.warc_path);
  ASSERT_EQ(records.size(), 6u);  // warcinfo, request+response, resource, request+revisit
  EXPECT_EQ(records[0].Field("WARC-Type"), "warcinfo");
  EXPECT_NE(records[0].block.find("software: xxgk/test\r\n"), std::string::npos);
  const auto& response = records[2];
  EXPECT_EQ(response.Field("WARC-Type"), "response");
  EXPECT_EQ(response.block, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n<html>decoded</html>");
  EXPECT_EQ(response.Field("WARC-Payload-Digest"), WarcSha1("<html>decoded</html>"));
  EXPECT_EQ(response.Field("XXGK-Original-Headers"), "Content-Encoding: gzip, Content-Length: 7");
  const auto& old = records[3];
  EXPECT_EQ(old.Field("WARC-Type"), "resource");
  EXPECT_EQ(old.Field("WARC-Target-URI"), "http://www.a.gov.cn/old.html");
  EXPECT_EQ(old.block, "<html>old</html>");
  EXPECT_EQ(old.Field("XXGK-HTTP-Status"), "200");
  const auto& revisit = records[5];
  EXPECT_EQ(revisit.Field("WARC-Type"), "revisit");
  EXPECT_EQ(revisit.Field("WARC-Target-URI"), "http://www.a.gov.cn/gz2.html");
  EXPECT_EQ(revisit.Field("XXGK-Requested-URI"), "http://www.a.gov.cn/r");
  EXPECT_EQ(revisit.Field("WARC-Refers-To"), response.Field("WARC-Record-ID"));
  EXPECT_EQ(revisit.Field("WARC-Refers-To-Target-URI"), "http://www.a.gov.cn/gz.html");
  EXPECT_EQ(revisit.Field("WARC-Profile"), std::string(kRevisitProfile));
  EXPECT_EQ(revisit.block, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n");
  EXPECT_EQ(revisit.Field("WARC-Payload-Digest"), response.Field("WARC-Payload-Digest"));
  for (const auto& r : records) {
    EXPECT_EQ(WarcSha1(r.block), r.Field("WARC-Block-Digest"));
    if (&r != &records[0]) EXPECT_EQ(r.Field("WARC-Warcinfo-ID"), records[0].Field("WARC-Record-ID"));
  }
}

// A fetch redirected twice, then answered: each hop is a request and a response record at the
// hop's URL, time and address, in the order the hops happened, before the final pair; the hop's
// block is its head as received (Content-Length set to the body kept) and its body; a body not
// kept gives the head only, WARC-Truncated and no payload digest; the CDXJ has a line per hop
// response with its 3xx status. A fetch whose final request got no answer still writes its
// hops. An entry without hop responses (logged before they were kept) writes none.
TEST_F(WarcExportTest, RedirectHopsAreRequestAndResponseRecordsBeforeTheFinalPair) {
  IngestBatch batch;
  NewFetch moved = Fetch("http://www.a.gov.cn/old", "<html>final</html>", "HTTP/1.1 200 OK");
  moved.entry.final_url = "http://www.a.gov.cn/new.html";
  moved.entry.time = "2026-12-02T08:00:05Z";
  moved.entry.ip = "192.0.2.9";
  moved.entry.headers = {{"Content-Type", "text/html"}};
  moved.entry.redirects = {"301 http://www.a.gov.cn/old", "302 http://b.a.gov.cn/mid?x=1"};
  moved.entry.hops = {
      HopResponse{"HTTP/1.1 301 Moved Permanently",
                  {{"Content-Type", "text/html"}, {"Location", "http://b.a.gov.cn/mid?x=1"},
                   {"Content-Length", "22"}},
                  "192.0.2.7", "2026-12-02T08:00:01Z", "<html>moved \xff</html>", 20, ""},
      HopResponse{"HTTP/1.1 302 Found", {{"Location", "/new.html"}, {"Content-Length", "20000"}},
                  "", "2026-12-02T08:00:03Z", "", 20000, ""}};
  batch.fetches.push_back(moved);
  NewFetch dead = Fetch("http://www.a.gov.cn/to-dead", "", "");  // redirected to nothing
  dead.entry.http_status = 0;
  dead.entry.error = "connection refused";
  dead.entry.final_url = "http://www.a.gov.cn:1/";
  dead.entry.redirects = {"302 http://www.a.gov.cn/to-dead"};
  dead.entry.hops = {HopResponse{"HTTP/1.1 302 Found", {{"Location", "http://www.a.gov.cn:1/"}},
                                 "192.0.2.9", "2026-12-02T08:00:06Z", "", 0, ""}};
  batch.fetches.push_back(dead);
  NewFetch old = Fetch("http://www.a.gov.cn/o", "<html>o</html>", "HTTP/1.1 200 OK");
  old.entry.final_url = "http://www.a.gov.cn/o.html";
  old.entry.redirects = {"302 http://www.a.gov.cn/o"};  // as logged before hops were kept
  batch.fetches.push_back(old);
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(batch, &result).ok());

  WarcExportOptions options{(dir_ / "x.warc.gz").string(), (dir_ / "x.cdxj").string(), "xxgk/test", ""};
  WarcExportStats stats;
  ASSERT_TRUE(ExportWarc(*archive_, options, &stats).ok());
  const auto records = testing::ReadWarcGz(options.warc_path);
  std::vector<std::string> shape;
  for (const auto& r : records) shape.push_back(r.Field("WARC-Type") + " " + r.Field("WARC-Target-URI"));
  EXPECT_EQ(shape, (std::vector<std::string>{
                       "warcinfo ",
                       "request http://www.a.gov.cn/old", "response http://www.a.gov.cn/old",
                       "request http://b.a.gov.cn/mid?x=1", "response http://b.a.gov.cn/mid?x=1",
                       "request http://www.a.gov.cn/new.html", "response http://www.a.gov.cn/new.html",
                       "request http://www.a.gov.cn/to-dead", "response http://www.a.gov.cn/to-dead",
                       "request http://www.a.gov.cn/o.html", "response http://www.a.gov.cn/o.html"}));
  ASSERT_EQ(records.size(), 11u);
  EXPECT_EQ(stats.responses, 5u);
  EXPECT_EQ(stats.requests, 5u);
  EXPECT_EQ(stats.skipped, 1u);  // the dead end's final request: no answer

  const auto& hop1 = records[2];
  EXPECT_EQ(hop1.Field("WARC-Date"), "2026-12-02T08:00:01Z");
  EXPECT_EQ(hop1.Field("WARC-IP-Address"), "192.0.2.7");
  EXPECT_EQ(hop1.block,
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html\r\n"
            "Location: http://b.a.gov.cn/mid?x=1\r\nContent-Length: 20\r\n\r\n<html>moved \xff</html>");
  EXPECT_EQ(hop1.Field("WARC-Payload-Digest"), WarcSha1("<html>moved \xff</html>"));
  EXPECT_EQ(hop1.Field("XXGK-Original-Headers"), "Content-Length: 22");
  EXPECT_EQ(hop1.Field("WARC-Truncated"), "");
  EXPECT_EQ(hop1.Field("WARC-Concurrent-To"), records[1].Field("WARC-Record-ID"));
  EXPECT_EQ(records[1].Field("WARC-Concurrent-To"), hop1.Field("WARC-Record-ID"));
  EXPECT_EQ(records[1].Field("WARC-Date"), "2026-12-02T08:00:01Z");
  EXPECT_EQ(records[1].Field("WARC-IP-Address"), "192.0.2.7");
  EXPECT_EQ(records[1].block, "GET /old HTTP/1.1\r\nHost: www.a.gov.cn\r\n\r\n");

  const auto& hop2 = records[4];  // its body was not kept
  EXPECT_EQ(hop2.block, "HTTP/1.1 302 Found\r\nLocation: /new.html\r\nContent-Length: 20000\r\n\r\n");
  EXPECT_EQ(hop2.Field("WARC-Truncated"), "length");
  EXPECT_EQ(hop2.Field("XXGK-Body-Not-Kept"), "20000 bytes");
  EXPECT_EQ(hop2.Field("WARC-Payload-Digest"), "");
  EXPECT_EQ(hop2.Field("WARC-IP-Address"), "");
  EXPECT_EQ(records[3].block, "GET /mid?x=1 HTTP/1.1\r\nHost: b.a.gov.cn\r\n\r\n");

  const auto& final = records[6];
  EXPECT_EQ(final.Field("WARC-Date"), "2026-12-02T08:00:05Z");
  EXPECT_EQ(final.Field("XXGK-Requested-URI"), "http://www.a.gov.cn/old");
  EXPECT_EQ(final.Field("WARC-Payload-Digest"), WarcSha1("<html>final</html>"));
  EXPECT_EQ(records[8].block, "HTTP/1.1 302 Found\r\nLocation: http://www.a.gov.cn:1/\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(records[8].Field("WARC-Payload-Digest"), WarcSha1(""));
  EXPECT_EQ(records[10].Field("XXGK-Requested-URI"), "http://www.a.gov.cn/o");
  std::set<std::string> ids;
  for (const auto& r : records) {
    EXPECT_EQ(WarcSha1(r.block), r.Field("WARC-Block-Digest")) << r.Field("WARC-Target-URI");
    EXPECT_TRUE(ids.insert(r.Field("WARC-Record-ID")).second);
  }

  std::ifstream in(options.cdxj_path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u);
  const std::string expected[] = {
      "cn,gov,a,b)/mid?x=1 20261202080003 {\"url\":\"http://b.a.gov.cn/mid?x=1\",\"status\":\"302\",\"length\":\"" +
          std::to_string(hop2.length) + "\",\"offset\":\"" + std::to_string(hop2.offset) + "\",\"filename\":\"x.warc.gz\"}",
      "cn,gov,a)/old 20261202080001 {\"url\":\"http://www.a.gov.cn/old\",\"mime\":\"text/html\",\"status\":\"301\",\"digest\":\"" +
          hop1.Field("WARC-Payload-Digest").substr(5) + "\",\"length\":\"" + std::to_string(hop1.length) +
          "\",\"offset\":\"" + std::to_string(hop1.offset) + "\",\"filename\":\"x.warc.gz\"}"};
  // Sorted byte-wise: "cn,gov,a)" before "cn,gov,a,b)".
  EXPECT_EQ(lines[4], expected[0]);
  EXPECT_EQ(lines[2], expected[1]);
  EXPECT_EQ(lines[3].rfind("cn,gov,a)/to-dead 20261202080006 ", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find("\"status\":\"302\""), std::string::npos) << lines[3];
}

// The response/revisit/resource records of `files` (warcinfo and requests left out).
std::vector<testing::ReadRecord> Responses(const std::vector<std::string>& files) {
  std::vector<testing::ReadRecord> out;
  for (const std::string& file : files) {
    for (testing::ReadRecord& r : testing::ReadWarcGz(file)) {
      if (r.Field("WARC-Type") != "warcinfo" && r.Field("WARC-Type") != "request") out.push_back(std::move(r));
    }
  }
  return out;
}

void ExpectSameRecords(const std::vector<testing::ReadRecord>& live,
                       const std::vector<testing::ReadRecord>& exported) {
  ASSERT_EQ(live.size(), exported.size());
  for (size_t i = 0; i < live.size(); ++i) {
    SCOPED_TRACE(exported[i].Field("WARC-Target-URI"));
    for (const char* name : {"WARC-Type", "WARC-Record-ID", "WARC-Target-URI", "WARC-Concurrent-To",
                             "WARC-Refers-To", "WARC-Payload-Digest", "WARC-Block-Digest"}) {
      EXPECT_EQ(live[i].Field(name), exported[i].Field(name)) << name << " of record " << i;
    }
  }
}

class WarcRollerTest : public WarcExportTest {
 protected:
  std::vector<testing::ReadRecord> Exported() {
    WarcExportOptions options{(dir_ / "x.warc.gz").string(), "", "xxgk/test", ""};
    WarcExportStats stats;
    EXPECT_TRUE(ExportWarc(*archive_, options, &stats).ok());
    return Responses({options.warc_path});
  }
  static IngestBatch Batch(const std::string& name, int pages, const std::string& payload = "") {
    IngestBatch batch;
    for (int i = 0; i < pages; ++i) {
      const std::string url = "http://www." + name + ".gov.cn/" + std::to_string(i) + ".html";
      batch.fetches.push_back(Fetch(url, payload.empty() ? "<html>" + url + "</html>" : payload, "HTTP/1.1 200 OK"));
    }
    return batch;
  }
};

TEST_F(WarcRollerTest, IngestSaysTheFirstFetchNumberItLogged) {
  FetchEntry before;  // one fetch logged outside Ingest: numbers are the log's, not a count
  before.url = "http://www.a.gov.cn/x";
  ASSERT_TRUE(archive_->RecordFetch(before).ok());
  uint64_t next = 0;
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  EXPECT_EQ(next, 1u);
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(Batch("a", 3), &result).ok());
  EXPECT_EQ(result.first_fetch, 1u);
  ASSERT_TRUE(archive_->Ingest(Batch("b", 2), &result).ok());
  EXPECT_EQ(result.first_fetch, 4u);
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  EXPECT_EQ(next, 6u);
}

// Batch B committed after A but handed on first (two writer threads): B waits for A, so the
// files are export's, in log order, and of A's and B's identical payloads A's is the response.
TEST_F(WarcRollerTest, ABatchHandedOnBeforeAnEarlierOneWaitsForIt) {
  FetchEntry before;
  before.url = "http://www.a.gov.cn/x";
  ASSERT_TRUE(archive_->RecordFetch(before).ok());  // a fetch without a response: no record
  uint64_t next = 0;
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  const IngestBatch a = Batch("a", 3, "<html>same</html>");
  const IngestBatch b = Batch("b", 2, "<html>same</html>");
  IngestResult ra, rb;
  ASSERT_TRUE(archive_->Ingest(a, &ra).ok());
  ASSERT_TRUE(archive_->Ingest(b, &rb).ok());
  WarcRoller roller((dir_ / "live").string(), 1 << 20, "xxgk/test", next);
  ASSERT_TRUE(roller.Add(rb.first_fetch, b.fetches).ok());
  EXPECT_FALSE(fs::exists(dir_ / "live"));  // nothing written yet: B waits for A
  ASSERT_TRUE(roller.Add(ra.first_fetch, a.fetches).ok());
  ASSERT_TRUE(roller.Close().ok());
  const std::vector<testing::ReadRecord> live = Responses(roller.files());
  ExpectSameRecords(live, Exported());
  ASSERT_EQ(live.size(), 5u);
  EXPECT_EQ(live[0].Field("WARC-Type"), "response");
  EXPECT_EQ(live[0].Field("WARC-Target-URI"), "http://www.a.gov.cn/0.html");
  EXPECT_EQ(live[4].Field("WARC-Type"), "revisit");
}

// While crawling, a redirected fetch's hops are written as export writes them: same records,
// in the same place (before the final response), also for a fetch that ended without an answer.
TEST_F(WarcRollerTest, RedirectHopsAreWrittenAsExportWritesThem) {
  uint64_t next = 0;
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  IngestBatch batch = Batch("a", 2);
  NewFetch& moved = batch.fetches[1];
  moved.entry.final_url = moved.entry.url;
  moved.entry.url = "http://www.a.gov.cn/moved";
  moved.entry.redirects = {"301 http://www.a.gov.cn/moved"};
  moved.entry.hops = {HopResponse{"HTTP/1.1 301 Moved Permanently", {{"Location", "/1.html"}},
                                  "192.0.2.1", "2026-12-02T07:59:59Z", "<a href=/1.html>", 16, ""}};
  NewFetch dead = Fetch("http://www.a.gov.cn/dead", "", "");
  dead.entry.http_status = 0;
  dead.entry.redirects = {"302 http://www.a.gov.cn/dead"};
  dead.entry.hops = {HopResponse{"HTTP/1.1 302 Found", {{"Location", "http://x.a.gov.cn/"}}, "",
                                 "2026-12-02T08:00:00Z", "", 0, ""}};
  batch.fetches.push_back(dead);
  IngestResult result;
  ASSERT_TRUE(archive_->Ingest(batch, &result).ok());
  WarcRoller roller((dir_ / "live").string(), 1 << 20, "xxgk/test", next);
  ASSERT_TRUE(roller.Add(result.first_fetch, batch.fetches).ok());
  ASSERT_TRUE(roller.Close().ok());
  const std::vector<testing::ReadRecord> live = Responses(roller.files());
  ExpectSameRecords(live, Exported());
  ASSERT_EQ(live.size(), 4u);
  EXPECT_EQ(live[1].Field("WARC-Target-URI"), "http://www.a.gov.cn/moved");
  EXPECT_EQ(live[1].block.substr(0, 30), "HTTP/1.1 301 Moved Permanently");
  EXPECT_EQ(live[2].Field("WARC-Target-URI"), "http://www.a.gov.cn/1.html");
  EXPECT_EQ(live[3].Field("WARC-Target-URI"), "http://www.a.gov.cn/dead");
}

// Fetches logged by someone who never hands them to the roller: the batches after the gap are
// written once more than kMaxWaiting wait (and the rest at Close), with the log's ids.
TEST_F(WarcRollerTest, AGapThatNeverFillsHoldsNothingBackForLong) {
  uint64_t next = 0;
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  ASSERT_TRUE(archive_->Ingest(Batch("gap", 2), nullptr).ok());  // never handed on
  WarcRoller roller((dir_ / "live").string(), 1 << 20, "xxgk/test", next);
  std::vector<IngestBatch> batches;
  for (size_t i = 0; i < WarcRoller::kMaxWaiting + 3; ++i) {
    IngestBatch batch = Batch("c" + std::to_string(i), 1);
    IngestResult r;
    ASSERT_TRUE(archive_->Ingest(batch, &r).ok());
    ASSERT_TRUE(roller.Add(r.first_fetch, batch.fetches).ok());
    if (i < WarcRoller::kMaxWaiting) EXPECT_FALSE(fs::exists(dir_ / "live")) << i;
  }
  EXPECT_TRUE(fs::exists(dir_ / "live"));  // the gap was skipped
  ASSERT_TRUE(roller.Close().ok());
  std::vector<testing::ReadRecord> exported = Exported();
  ASSERT_EQ(exported.size(), WarcRoller::kMaxWaiting + 5);
  exported.erase(exported.begin(), exported.begin() + 2);  // the gap's fetches
  ExpectSameRecords(Responses(roller.files()), exported);
}

// Two rollers into one DIR, as two runs started in the same second would be: never one file
// for both (a name held by the other, as NAME or NAME.open, is skipped).
TEST_F(WarcRollerTest, TwoRollersIntoOneFolderNeverShareAFile) {
  IngestBatch batch = Batch("two", 3);
  IngestResult r;
  ASSERT_TRUE(archive_->Ingest(batch, &r).ok());
  WarcRoller a((dir_ / "live").string(), 1 << 20, "xxgk/test", r.first_fetch);
  WarcRoller b((dir_ / "live").string(), 1 << 20, "xxgk/test", r.first_fetch);
  ASSERT_TRUE(a.Add(r.first_fetch, batch.fetches).ok());  // a's .open file exists now
  ASSERT_TRUE(b.Add(r.first_fetch, batch.fetches).ok());
  ASSERT_TRUE(a.Close().ok());
  ASSERT_TRUE(b.Close().ok());
  ASSERT_EQ(a.files().size(), 1u);
  ASSERT_EQ(b.files().size(), 1u);
  EXPECT_NE(a.files()[0], b.files()[0]);
  EXPECT_EQ(Responses(a.files()).size(), 3u);
  EXPECT_EQ(Responses(b.files()).size(), 3u);
}

// Several writers, each its own thread, Ingest and hand on at once, as a harvest's counties do:
// one series of files holding export's records, in log order, with unique names.
TEST_F(WarcRollerTest, SeveralWritersAtOnceGiveExportsRecordsInLogOrder) {
  uint64_t next = 0;
  ASSERT_TRUE(archive_->NextFetch(&next).ok());
  auto roller = std::make_shared<WarcRoller>((dir_ / "live").string(), 4000, "xxgk/test", next);
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 12; ++i) {
        // Every writer's third batch repeats one payload: which copy is the response is the log's.
        const IngestBatch batch = Batch("w" + std::to_string(w) + "b" + std::to_string(i), 1 + i % 3,
                                        i % 3 == 0 ? "<html>shared</html>" : "");
        IngestResult r;
        ASSERT_TRUE(archive_->Ingest(batch, &r).ok());
        ASSERT_TRUE(roller->Add(r.first_fetch, batch.fetches).ok());
      }
    });
  }
  for (std::thread& t : writers) t.join();
  ASSERT_TRUE(roller->Close().ok());
  const std::vector<std::string> files = roller->files();
  EXPECT_GT(files.size(), 3u);  // rotated
  std::set<std::string> names(files.begin(), files.end());
  EXPECT_EQ(names.size(), files.size());
  size_t on_disk = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "live")) {
    EXPECT_EQ(entry.path().extension(), ".gz") << entry.path();
    ++on_disk;
  }
  EXPECT_EQ(on_disk, files.size());
  const std::vector<testing::ReadRecord> exported = Exported();
  EXPECT_EQ(exported.size(), 4u * (4 * 1 + 4 * 2 + 4 * 3));
  ExpectSameRecords(Responses(files), exported);
}

}  // namespace
}  // namespace xxgk::store
