// Archive identity (issue 17): what is not an xxgk archive is refused without a byte written or
// lock.mdb created; archives made before the marker stay readable and are adopted; two processes
// creating one archive both succeed; a read-only archive of another user can be read.
#include "store/archive_identity.h"

#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "store/archive_env.h"

namespace xxgk::store {
namespace {

namespace fs = std::filesystem;

std::string FileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ArchiveIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-identity-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    dir_ = (root_ / "archive").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (const auto& e : fs::recursive_directory_iterator(root_, ec)) {
      fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(root_);
  }
  Status Open(ArchiveOptions options, std::unique_ptr<ArchiveEnv>* env) {
    return ArchiveEnv::Open(dir_, options, env);
  }
  std::string Get(ArchiveEnv& env, Table table, std::string_view key) {
    std::string value = "<absent>";
    EXPECT_TRUE(env.Read([&](const ReadTxn& txn) {
                     if (auto v = txn.Get(table, key)) value = std::string(*v);
                     return Status::Ok();
                   }).ok());
    return value;
  }
  // An archive as today's xxgk makes it, then the marker taken away: an archive of before.
  void MakeLegacyArchive() {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(Open({}, &env).ok());
    ASSERT_TRUE(env->Write([](WriteTxn& txn) -> Status {
                     Status s = txn.Put(Table::kDocuments, "0123456789abcdef", "doc");
                     if (s.ok()) s = txn.Put(Table::kMeta, "next_seq", "1");
                     if (s.ok()) s = txn.Delete(Table::kMeta, "marker");
                     return s;
                   }).ok());
  }
  // Writes with plain LMDB, as another program would.
  void RawPut(const char* table, std::string_view key, std::string_view value) {
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 32);
    ASSERT_EQ(mdb_env_open(env, dir_.c_str(), 0, 0644), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_dbi_open(txn, table, MDB_CREATE, &dbi), 0);
    MDB_val k{key.size(), const_cast<char*>(key.data())}, v{value.size(), const_cast<char*>(value.data())};
    ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), 0);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  void ExpectRefusedUnchanged(const std::string& why) {
    const fs::path data = fs::path(dir_) / "data.mdb";
    const std::string before = FileBytes(data);
    const bool had_lock = fs::exists(fs::path(dir_) / "lock.mdb");
    for (const ArchiveOptions options : {ArchiveOptions{}, ArchiveOptions{.create = false},
                                         ArchiveOptions{.read_only = true}}) {
      std::unique_ptr<ArchiveEnv> env;
      Status s = Open(options, &env);
      EXPECT_FALSE(s.ok());
      EXPECT_NE(s.message().find(why), std::string::npos) << s.message();
    }
    EXPECT_EQ(FileBytes(data), before) << "data.mdb was written";
    EXPECT_EQ(fs::exists(fs::path(dir_) / "lock.mdb"), had_lock) << "lock.mdb was created";
  }

  fs::path root_;
  std::string dir_;
};

TEST_F(ArchiveIdentityTest, ANewArchiveCarriesTheMarker) {
  std::unique_ptr<ArchiveEnv> env;
  ASSERT_TRUE(Open({}, &env).ok());
  EXPECT_EQ(Get(*env, Table::kMeta, "marker"), kArchiveMarker);
}

TEST_F(ArchiveIdentityTest, AZeroByteDataFileIsRefusedNotRecreated) {
  fs::create_directories(dir_);
  std::ofstream(fs::path(dir_) / "data.mdb").close();
  ExpectRefusedUnchanged("data.mdb is empty");
  EXPECT_EQ(fs::file_size(fs::path(dir_) / "data.mdb"), 0u);
}

TEST_F(ArchiveIdentityTest, RandomBytesAreRefusedWithoutCreatingLockMdb) {
  fs::create_directories(dir_);
  std::mt19937 rng(17);
  std::string bytes(65536, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  std::ofstream(fs::path(dir_) / "data.mdb", std::ios::binary) << bytes;
  ExpectRefusedUnchanged("not an LMDB database");
  EXPECT_FALSE(fs::exists(fs::path(dir_) / "lock.mdb"));
}

TEST_F(ArchiveIdentityTest, AForeignLmdbWithAMetaTableIsRefusedUnchanged) {
  fs::create_directories(dir_);
  RawPut("meta", "owner", "someone else");
  ExpectRefusedUnchanged("not an xxgk archive");
}

TEST_F(ArchiveIdentityTest, AForeignLmdbCopyingOurFormatKeyButWithItsOwnTablesIsRefused) {
  fs::create_directories(dir_);
  RawPut("meta", "format", "xxgk-archive");
  RawPut("meta", "schema_version", "1");
  RawPut("accounts", "alice", "100");
  ExpectRefusedUnchanged("not an xxgk archive");
}

TEST_F(ArchiveIdentityTest, AnArchiveFromBeforeTheMarkerWithForeignMetaIsRefused) {
  MakeLegacyArchive();
  RawPut("meta", "owner", "someone else");
  ExpectRefusedUnchanged("not an xxgk archive");
}

TEST_F(ArchiveIdentityTest, AnArchiveFromBeforeTheMarkerIsReadAndAdoptedOnItsFirstWrite) {
  MakeLegacyArchive();
  {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(Open({.read_only = true}, &env).ok());
    EXPECT_EQ(Get(*env, Table::kDocuments, "0123456789abcdef"), "doc");
    EXPECT_EQ(Get(*env, Table::kMeta, "marker"), "<absent>") << "a read-only open wrote";
  }
  std::unique_ptr<ArchiveEnv> env;
  ASSERT_TRUE(Open({.create = false}, &env).ok());
  EXPECT_EQ(Get(*env, Table::kMeta, "marker"), kArchiveMarker);
  EXPECT_EQ(Get(*env, Table::kDocuments, "0123456789abcdef"), "doc");
}

TEST_F(ArchiveIdentityTest, ReadOnlyOpenRefusesToWrite) {
  { std::unique_ptr<ArchiveEnv> env; ASSERT_TRUE(Open({}, &env).ok()); }
  std::unique_ptr<ArchiveEnv> env;
  ASSERT_TRUE(Open({.read_only = true}, &env).ok());
  EXPECT_FALSE(env->Write([](WriteTxn& txn) { return txn.Put(Table::kMeta, "x", "y"); }).ok());
}

// Several processes create the same new archive at the same moment: every one succeeds, and the
// archive holds what each wrote.
TEST_F(ArchiveIdentityTest, ProcessesCreatingOneArchiveAtOnceAllSucceed) {
  constexpr int kRounds = 60, kProcesses = 6;
  for (int round = 0; round < kRounds; ++round) {
    dir_ = (root_ / ("archive" + std::to_string(round))).string();
    int start[2];
    ASSERT_EQ(pipe(start), 0);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        close(start[1]);
        char c;
        (void)read(start[0], &c, 1);  // released all at once when the parent closes the pipe
        std::unique_ptr<ArchiveEnv> env;
        Status s = ArchiveEnv::Open(dir_, {}, &env);
        if (!s.ok()) {
          fprintf(stderr, "round %d: %s\n", round, s.message().c_str());
          _exit(1);
        }
        s = env->Write([&](WriteTxn& txn) { return txn.Put(Table::kDocuments, std::to_string(p), "x"); });
        _exit(s.ok() ? 0 : 2);
      }
      children.push_back(pid);
    }
    close(start[0]);
    close(start[1]);
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(Open({.read_only = true}, &env).ok());
    for (int p = 0; p < kProcesses; ++p) EXPECT_EQ(Get(*env, Table::kDocuments, std::to_string(p)), "x");
  }
}

// An archive burned to read-only storage: 0444 files of another user in a 0555 directory. A
// reader that may create nothing there opens it (without lock.mdb) and reads it.
TEST_F(ArchiveIdentityTest, AReadOnlyArchiveOfAnotherUserCanBeRead) {
  {
    std::unique_ptr<ArchiveEnv> env;
    ASSERT_TRUE(Open({}, &env).ok());
    ASSERT_TRUE(env->Write([](WriteTxn& txn) { return txn.Put(Table::kDocuments, "k", "v"); }).ok());
  }
  fs::remove(fs::path(dir_) / "lock.mdb");
  chmod((fs::path(dir_) / "data.mdb").c_str(), 0444);
  chmod(dir_.c_str(), 0555);
  chmod(root_.c_str(), 0755);
  const std::string before = FileBytes(fs::path(dir_) / "data.mdb");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // As root the permissions would not bind: read as "nobody", as another user would.
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    std::unique_ptr<ArchiveEnv> env;
    Status s = ArchiveEnv::Open(dir_, {.read_only = true}, &env);
    if (!s.ok()) {
      fprintf(stderr, "%s\n", s.message().c_str());
      _exit(1);
    }
    std::string value;
    (void)env->Read([&](const ReadTxn& txn) {
      if (auto v = txn.Get(Table::kDocuments, "k")) value = std::string(*v);
      return Status::Ok();
    });
    _exit(value == "v" && env->unlocked() ? 0 : 2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  EXPECT_FALSE(fs::exists(fs::path(dir_) / "lock.mdb"));
  EXPECT_EQ(FileBytes(fs::path(dir_) / "data.mdb"), before);
}

}  // namespace
}  // namespace xxgk::store
