// The source_hosts index (store/source_host.h, Archive::SourcesOfHost): the host a source is
// filed under — coarse, but never apart from its canonical host — the sources of one host in
// ScanSources's order, and the index filed again on open when it does not hold every source
// (an archive made before it), or read around when the archive is opened read-only.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/archive.h"
#include "store/archive_env.h"
#include "store/source_host.h"
#include "tests/scratch_dir_test.h"

namespace xxgk::store {
namespace {

TEST(UrlHostOf, APlainNameLowerCasedWithoutUserPortOrFinalDot) {
  EXPECT_EQ(UrlHostOf("http://www.fenxi.gov.cn/a/b.html"), "www.fenxi.gov.cn");
  EXPECT_EQ(UrlHostOf("http://WWW.Fenxi.gov.cn:8080/a"), "www.fenxi.gov.cn");
  EXPECT_EQ(UrlHostOf("https://user:pw@fenxi.gov.cn./x?y#z"), "fenxi.gov.cn");
  EXPECT_EQ(UrlHostOf("http://fenxi.gov.cn?q=1"), "fenxi.gov.cn");
  EXPECT_EQ(UrlHostOf("http://fenxi.gov.cn:80"), "fenxi.gov.cn");  // a host key
}

TEST(UrlHostOf, AnythingButAPlainNameIsUnusual) {
  for (const char* url :
       {"http://10.1.2.3/a", "http://0x7f.1/a", "http://[::1]:8080/a", "http://%77ww.gov.cn/a",
        "http://政府.cn/a", "http://a_b.gov.cn/", "fenxi.gov.cn/a", "http:///a", "", "a.txt"}) {
    EXPECT_EQ(UrlHostOf(url), kUnusualHost) << url;
  }
}

TEST(SourceHostOf, ThePageThatLinkedItElseItsOriginAndFilesByKind) {
  DocumentSource page{.kind = "url", .origin = "http://a.gov.cn/gk/1.html"};
  EXPECT_EQ(SourceHostOf(page), "a.gov.cn");
  DocumentSource attachment{
      .kind = "url", .origin = "http://cdn.b.cn/1.pdf", .page = "http://A.gov.cn/gk/1.html"};
  EXPECT_EQ(SourceHostOf(attachment), "a.gov.cn");
  EXPECT_EQ(SourceHostOf(DocumentSource{.kind = "file", .origin = "/tmp/a.txt"}), "file:");
}

NewDocument Fetched(const std::string& doc_id, const std::string& origin,
                    const std::string& page = "") {
  NewDocument d;
  d.doc_id = doc_id;
  d.text_sha256 = doc_id + std::string(48, '0');
  d.text = "text of " + origin;
  d.payload = "bytes of " + origin + page;
  d.source.kind = "url";
  d.source.origin = origin;
  d.source.page = page;
  d.source.payload_sha256 = doc_id + std::string(47, '1') + std::to_string(origin.size() % 10);
  d.source.seen = "2026-12-01T00:00:00Z";
  d.source.seed_code = "s-" + doc_id;
  return d;
}

class SourceHostsTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    archive_dir_ = (dir_ / "a").string();
    ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
    std::vector<NewDocument> docs = {
        Fetched("00000000000000d2", "http://a.gov.cn/gk/2.html"),
        Fetched("00000000000000d1", "http://a.gov.cn/gk/1.html"),
        Fetched("00000000000000d3", "http://b.gov.cn/gk/3.html"),
        Fetched("00000000000000d4", "http://cdn.c.cn/4.pdf", "http://a.gov.cn/gk/4.html"),
        Fetched("00000000000000d5", "http://10.0.0.1/gk/5.html"),
    };
    NewDocument file = Fetched("00000000000000d6", "/tmp/6.txt");
    file.source.kind = "file";
    docs.push_back(file);
    NewDocument second_copy =
        Fetched("00000000000000d1", "http://a.gov.cn/gk/1.pdf", "http://a.gov.cn/gk/1.html");
    second_copy.text = docs[1].text;  // one more source of d1
    docs.push_back(second_copy);
    std::vector<AddResult> results;
    ASSERT_TRUE(archive_->AddDocuments(docs, &results).ok());
  }
  void TearDown() override {
    archive_.reset();
    ScratchDirTest::TearDown();
  }

  // "doc_id origin" of each source of `host`, in the order given.
  static std::vector<std::string> Of(const Archive& archive, std::string_view host) {
    std::vector<std::pair<std::string, DocumentSource>> sources;
    EXPECT_TRUE(archive.SourcesOfHost(host, &sources).ok());
    std::vector<std::string> out;
    for (const auto& [doc_id, source] : sources) out.push_back(doc_id + " " + source.origin);
    return out;
  }
  // The index emptied behind the archive's back, as in an archive made before it.
  // Filed(): the entries of the index. Both with archive_ closed.
  void EmptyTheIndex() {
    archive_.reset();
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(ArchiveEnv::Open(archive_dir_, {}, &env).ok());
    ASSERT_TRUE(env->Write([](WriteTxn& txn) { return txn.Clear(Table::kSourceHosts); }).ok());
  }
  size_t Filed() {
    std::unique_ptr<ArchiveEnv> env;
    const ArchiveOptions read_only{.create = false, .read_only = true};
    EXPECT_TRUE(ArchiveEnv::Open(archive_dir_, read_only, &env).ok());
    size_t n = 0;
    EXPECT_TRUE(env->Read([&](const ReadTxn& txn) {
                     n = txn.Count(Table::kSourceHosts);
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  const std::vector<std::string> a_ = {
      "00000000000000d1 http://a.gov.cn/gk/1.html", "00000000000000d1 http://a.gov.cn/gk/1.pdf",
      "00000000000000d2 http://a.gov.cn/gk/2.html", "00000000000000d4 http://cdn.c.cn/4.pdf"};
  std::string archive_dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(SourceHostsTest, AHostGivesItsOwnSourcesInScanOrder) {
  EXPECT_EQ(Of(*archive_, "a.gov.cn"), a_);
  EXPECT_EQ(Of(*archive_, "b.gov.cn"),
            std::vector<std::string>{"00000000000000d3 http://b.gov.cn/gk/3.html"});
  EXPECT_EQ(Of(*archive_, kUnusualHost),
            std::vector<std::string>{"00000000000000d5 http://10.0.0.1/gk/5.html"});
  EXPECT_TRUE(Of(*archive_, "cdn.c.cn").empty());  // filed under the page that linked it
  EXPECT_TRUE(Of(*archive_, "gov.cn").empty());
  EXPECT_EQ(Of(*archive_, "file:"), std::vector<std::string>{"00000000000000d6 /tmp/6.txt"});
  ArchiveCounts counts;
  ASSERT_TRUE(archive_->Counts(&counts).ok());
  archive_.reset();  // one environment of an archive open in a process at a time (LMDB)
  EXPECT_EQ(Filed(), counts.sources);
}

TEST_F(SourceHostsTest, AnIncompleteIndexIsReadAroundReadOnlyAndFiledAgainOnOpen) {
  EmptyTheIndex();
  ASSERT_EQ(Filed(), 0u);
  std::unique_ptr<Archive> read_only;
  ASSERT_TRUE(Archive::OpenReadOnly(archive_dir_, &read_only).ok());
  EXPECT_EQ(Of(*read_only, "a.gov.cn"), a_);  // every source read, none filed
  read_only.reset();
  EXPECT_EQ(Filed(), 0u);

  ASSERT_TRUE(Archive::Open(archive_dir_, {}, &archive_).ok());
  EXPECT_EQ(Of(*archive_, "a.gov.cn"), a_);
  archive_.reset();
  EXPECT_EQ(Filed(), 7u);
}

}  // namespace
}  // namespace xxgk::store
