// Exported document files: names like the seed reports', writes that never follow a link and
// leave no temporary behind.
#include "store/document_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

TEST(DocumentFileTest, NamesAreThreeDigitSequenceAndDocId) {
  EXPECT_EQ(DocumentFileName(0, "d897ee77a401e675"), "000_d897ee77a401e675.txt");
  EXPECT_EQ(DocumentFileName(1234, "d897ee77a401e675"), "1234_d897ee77a401e675.txt");
}

TEST(DocumentFileTest, DocIdsAreSixteenLowerCaseHexDigits) {
  EXPECT_TRUE(IsDocId("d897ee77a401e675"));
  EXPECT_FALSE(IsDocId("D897EE77A401E675"));
  EXPECT_FALSE(IsDocId("d897ee77a401e67"));
  EXPECT_FALSE(IsDocId("../../etc/passwd"));
}

class DocumentFileWriteTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("xxgk_docfile_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    ::close(fd_);
    fs::remove_all(dir_);
  }
  fs::path dir_;
  int fd_ = -1;
};

TEST_F(DocumentFileWriteTest, WritesTheFileAndLeavesNoTemporary) {
  ASSERT_TRUE(WriteFileInDirectory(fd_, "000_a.txt", "text\n").ok());
  std::ifstream in(dir_ / "000_a.txt");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), "text\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(DocumentFileWriteTest, ALinkAtTheTemporaryNameIsNotFollowed) {
  const fs::path outside = dir_ / "outside";
  fs::create_directories(outside);
  // A link planted where the temporary goes is removed, never written through.
  fs::create_symlink(outside / "victim", dir_ / ".000_a.txt.tmp");
  ASSERT_TRUE(WriteFileInDirectory(fd_, "000_a.txt", "text\n").ok());
  EXPECT_FALSE(fs::exists(outside / "victim"));
}

TEST_F(DocumentFileWriteTest, AnErrorCarriesTheSystemsReason) {
  const Status s = WriteFileInDirectory(fd_, "no/such/dir.txt", "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("No such file"), std::string::npos) << s.message();
}

TEST(DocumentReferenceTest, ADocIdANumberOrAnExportedFileName) {
  DocumentReference r;
  ASSERT_TRUE(ParseDocumentReference("d897ee77a401e675", &r));
  EXPECT_EQ(r.doc_id, "d897ee77a401e675");
  EXPECT_FALSE(r.seq.has_value());
  ASSERT_TRUE(ParseDocumentReference("007", &r));
  EXPECT_EQ(r.doc_id, "");
  EXPECT_EQ(r.seq, 7u);
  ASSERT_TRUE(ParseDocumentReference("out/txt/1234_5d91dc09e275c8dc.txt", &r));
  EXPECT_EQ(r.doc_id, "5d91dc09e275c8dc");
  EXPECT_EQ(r.seq, 1234u);
  // The inverse of DocumentFileName.
  ASSERT_TRUE(ParseDocumentReference(DocumentFileName(42, "0541808197109430"), &r));
  EXPECT_EQ(r.seq, 42u);
  EXPECT_EQ(r.doc_id, "0541808197109430");
  for (const char* bad : {"", "D897EE77A401E675", "d897ee77a401e67", "007_d897ee77a401e675",
                          "x_d897ee77a401e675.txt", "007_zz.txt", "-1", "99999999999999999999",
                          "007_d897ee77a401e675.txt.bak"}) {
    EXPECT_FALSE(ParseDocumentReference(bad, &r)) << bad;
  }
}

}  // namespace
}  // namespace xxgk::store
