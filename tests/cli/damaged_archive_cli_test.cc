// A damaged archive (issue 17): LMDB does not checksum pages, and a damaged B-tree page header
// made `rebuild` and `stats` segfault inside liblmdb. Here two leaf pages of the documents table
// of a test archive are damaged at known offsets (the page header's flags, lower and upper
// bounds); then `verify` names the unreadable ranges and exits 1, `stats`, `rebuild`, `export`,
// `import` and `fetch` report and exit 1 without crashing or writing, and `salvage` copies every
// intact document into a new archive that verifies clean.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "store/archive.h"
#include "store/archive_salvage.h"
#include "store/archive_walk.h"
#include "tests/cli/cli_run.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;
using crawl::testing::CliRun;
using crawl::testing::RunShell;

constexpr int kDocuments = 400;

std::string Hex16(int i) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", 0x9e3779b97f4a7c15ull * static_cast<unsigned>(i + 1));
  return buf;
}
std::string TextOf(int i) { return "report " + std::to_string(i) + ": " + std::string(120, 'a' + i % 26); }

struct LeafPage {
  size_t offset = 0;
  std::vector<std::string> keys;
};

// Leaf pages of the documents table, found by their nodes: 16-hex keys whose inline values are
// document headers. The archive is written in one transaction, so no stale copy exists.
std::vector<LeafPage> DocumentLeaves(const std::string& file) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<LeafPage> leaves;
  for (size_t at = 2 * page; at + page <= file.size(); at += page) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(file.data() + at);
    uint16_t flags, lower;
    std::memcpy(&flags, p + 10, 2);
    std::memcpy(&lower, p + 12, 2);
    if (flags != 0x02 || lower < 16 || lower > page) continue;  // P_LEAF only
    LeafPage leaf{at, {}};
    for (size_t n = 0; n < (lower - 16u) / 2; ++n) {
      uint16_t node;
      std::memcpy(&node, p + 16 + 2 * n, 2);
      if (node + 8u > page) break;
      uint16_t ksize;
      std::memcpy(&ksize, p + node + 6, 2);
      const std::string key(reinterpret_cast<const char*>(p + node + 8), ksize == 16 ? 16 : 0);
      const std::string value(reinterpret_cast<const char*>(p + node + 8 + ksize),
                              std::min<size_t>(14, page - std::min<size_t>(page, node + 8u + ksize)));
      if (ksize != 16 || value.rfind("{\"first_seen\"", 0) != 0) break;
      leaf.keys.push_back(key);
    }
    if (!leaf.keys.empty() && leaf.keys.size() == (lower - 16u) / 2) leaves.push_back(leaf);
  }
  return leaves;
}

class DamagedArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-damaged-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = (root_ / "archive").string();
    {
      std::unique_ptr<Archive> archive;
      ASSERT_TRUE(Archive::Open(dir_, {}, &archive).ok());
      std::vector<NewDocument> docs;
      for (int i = 0; i < kDocuments; ++i) {
        NewDocument d;
        d.doc_id = Hex16(i);
        d.text_sha256 = d.doc_id + std::string(48, '0');
        d.text = TextOf(i);
        d.payload = "raw:" + d.text;
        d.source = DocumentSource{"file", "r" + std::to_string(i) + ".txt", std::string(48, 'f') + d.doc_id,
                                  "text/plain", "2026-12-02T00:00:00Z"};
        docs.push_back(std::move(d));
      }
      std::vector<AddResult> results;
      ASSERT_TRUE(archive->AddDocuments(docs, &results).ok());
    }
    const fs::path data = fs::path(dir_) / "data.mdb";
    std::string file = crawl::testing::ReadFile(data);
    std::vector<LeafPage> leaves = DocumentLeaves(file);
    std::sort(leaves.begin(), leaves.end(),
              [](const LeafPage& x, const LeafPage& y) { return x.keys[0] < y.keys[0]; });
    ASSERT_GE(leaves.size(), 8u) << "the documents table should span many leaf pages";
    // Two leaves apart in key order: one with its header bounds and flags overwritten by 0xff, one
    // with its flags zeroed (neither leaf nor branch).
    const LeafPage& a = leaves[2];
    const LeafPage& b = leaves[5];
    std::memset(file.data() + a.offset + 8, 0xff, 8);
    std::memset(file.data() + b.offset + 10, 0x00, 2);
    for (const LeafPage* leaf : {&a, &b}) lost_.insert(leaf->keys.begin(), leaf->keys.end());
    std::ofstream(data, std::ios::binary | std::ios::trunc) << file;
  }
  void TearDown() override { fs::remove_all(root_); }
  CliRun Xxgk(const std::string& args) {
    return RunShell(std::string(XXGK_BINARY) + " " + args, root_);
  }

  fs::path root_;
  std::string dir_;
  std::set<std::string> lost_;  // doc_ids on the damaged pages
};

TEST_F(DamagedArchiveTest, VerifyNamesTheUnreadableRangesOfTheDocumentsTable) {
  const CliRun run = Xxgk("verify --archive " + dir_);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("table documents: unreadable after key "), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("unreadable range"), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find("table sources"), std::string::npos) << "only documents was damaged: " << run.err;
}

TEST_F(DamagedArchiveTest, StatsAndRebuildReportAndExitOneInsteadOfCrashing) {
  for (const char* command : {"stats", "stats --json", "rebuild"}) {
    const CliRun run = Xxgk(std::string(command) + " --archive " + dir_);
    EXPECT_EQ(run.exit_code, 1) << command << ": " << run.out << run.err;
    EXPECT_NE(run.err.find("the archive is damaged"), std::string::npos) << command << ": " << run.err;
    EXPECT_NE(run.err.find("xxgk salvage"), std::string::npos) << command << ": " << run.err;
  }
}

// Before the check, `export` and `import` aborted here in liblmdb (exit 134) and `fetch` wrote
// into the damaged file and exited 0. Each now ends with the report, exit 1, and the archive file
// as it was (nothing written). The fetch names a port on 127.0.0.1: it must end before any request.
TEST_F(DamagedArchiveTest, ExportImportAndFetchReportAndExitOneWritingNothing) {
  const fs::path files = root_ / "new";
  fs::create_directories(files);
  std::ofstream(files / "n.txt") << "汾西县2023年政府信息公开工作年度报告\n";
  const fs::path other = root_ / "other";
  fs::create_directories(other);
  fs::copy_file(fs::path(dir_) / "data.mdb", other / "data.mdb");
  const std::string seeds = std::string(XXGK_SOURCE_DIR) + "/seeds/portals.tsv";
  const std::string data_before = crawl::testing::ReadFile(fs::path(dir_) / "data.mdb");
  const std::string out = (root_ / "exported").string();  // not "out": RunShell writes there
  for (const std::string& command :
       {"export --jsonl " + out + ".jsonl", "export --csv " + out + ".csv", "export --txt " + out,
        "export --warc " + out + ".warc.gz", "import " + files.string(),
        "fetch http://127.0.0.1:9/xxgk/ --seeds " + seeds}) {
    const CliRun run = Xxgk(command + " --archive " + dir_);
    EXPECT_EQ(run.exit_code, 1) << command << ": " << run.out << run.err;
    EXPECT_NE(run.err.find("table documents: unreadable"), std::string::npos)
        << command << ": " << run.err;
    EXPECT_NE(run.err.find("the archive is damaged; nothing was done"), std::string::npos)
        << command << ": " << run.err;
    EXPECT_EQ(run.err.find("robots.txt"), std::string::npos) << command << ": fetched: " << run.err;
    EXPECT_TRUE(crawl::testing::ReadFile(fs::path(dir_) / "data.mdb") == data_before) << command;
  }
  // A damaged archive to merge from is refused the same way, before the target is opened.
  const std::string target = (root_ / "target").string();
  const CliRun merge = Xxgk("import --from-archive " + other.string() + " --archive " + target);
  EXPECT_EQ(merge.exit_code, 1) << merge.out << merge.err;
  EXPECT_NE(merge.err.find("--from-archive: " + other.string() + ": the archive is damaged"),
            std::string::npos)
      << merge.err;
  EXPECT_FALSE(fs::exists(fs::path(target) / "data.mdb")) << "the target was created";
}

TEST_F(DamagedArchiveTest, SalvageCopiesEveryIntactDocumentIntoACleanArchive) {
  const std::string copy = (root_ / "copy").string();
  const CliRun run = Xxgk("salvage --archive " + dir_ + " --to " + copy);
  EXPECT_EQ(run.exit_code, 1) << "ranges were skipped: " << run.out << run.err;
  EXPECT_NE(run.err.find("skipped"), std::string::npos) << run.err;
  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(copy, {.create = false}, &archive).ok());
  int intact = 0, recovered = 0;
  for (int i = 0; i < kDocuments; ++i) {
    if (lost_.contains(Hex16(i))) continue;
    ++intact;
    std::optional<StoredDocument> doc;
    ASSERT_TRUE(archive->GetDocument(Hex16(i), &doc).ok());
    if (doc && doc->text == TextOf(i) && doc->info.seq == static_cast<uint64_t>(i)) {
      ++recovered;
    } else {
      ADD_FAILURE() << "intact document " << Hex16(i) << " was not recovered: " << run.err;
    }
    std::vector<DocumentSource> sources;
    ASSERT_TRUE(archive->GetSources(Hex16(i), &sources).ok());
    EXPECT_EQ(sources.size(), 1u) << Hex16(i);
  }
  EXPECT_EQ(recovered, intact) << "of " << kDocuments << " documents, " << lost_.size()
                               << " were on the damaged pages";
  EXPECT_GT(intact, kDocuments / 2);
  archive.reset();
  const CliRun verify = Xxgk("verify --archive " + copy);
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const CliRun stats = Xxgk("stats --json --archive " + copy);
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  const CliRun original = Xxgk("verify --archive " + dir_);
  EXPECT_EQ(original.exit_code, 1) << "salvage must leave the damaged archive as it was";
}

// The archive fuzz target's first finding: a data.mdb whose table list makes LMDB loop. The
// readers are killed after their stall limit and the archive is reported unopenable, once.
TEST(DamagedArchiveLoop, AnArchiveThatMakesLmdbLoopIsReportedNotWaitedOnForever) {
  char tmpl[] = "/tmp/xxgk-loop-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path root = tmpl;
  fs::create_directories(root / "archive");
  fs::copy_file(fs::path(XXGK_SOURCE_DIR) / "tests/fuzz/archive_corpus/loop_in_table_list.mdb",
                root / "archive/data.mdb");
  const CliRun run = RunShell(std::string(XXGK_BINARY) + " stats --archive " + (root / "archive").string(), root);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("cannot open the archive: the reader made no progress"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("table documents"), std::string::npos) << "reported once, not per table: " << run.err;
  fs::remove_all(root);
}

}  // namespace
}  // namespace xxgk::store
