// HarvestLock (crawler/harvest/harvest_lock.h): the lock file sits beside the archive; a second
// lock of the same archive is refused while the first is held (flock is per open file, so this
// holds within one process too) and names the holder's PID; released, it can be taken again;
// a stale file (its holder gone) is no obstacle; an unwritable place is an error, not "busy".
#include "crawler/harvest/harvest_lock.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace xxgk::harvest {
namespace {

namespace fs = std::filesystem;

class HarvestLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-harvest-lock-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(HarvestLockTest, TheFileIsBesideTheArchive) {
  EXPECT_EQ(HarvestLock::PathFor("/data/archive"), "/data/archive.harvest.lock");
  EXPECT_EQ(HarvestLock::PathFor("/data/archive/"), "/data/archive.harvest.lock");
  EXPECT_EQ(HarvestLock::PathFor("archive"), "archive.harvest.lock");
}

TEST_F(HarvestLockTest, ASecondLockIsRefusedWithTheHoldersPidUntilTheFirstEnds) {
  const std::string archive = (dir_ / "archive").string();
  std::unique_ptr<HarvestLock> first, second;
  long pid = -1;
  std::string error;
  ASSERT_EQ(HarvestLock::Acquire(archive, &first, &pid, &error), HarvestLock::Outcome::kLocked)
      << error;
  EXPECT_EQ(first->path(), archive + ".harvest.lock");
  EXPECT_EQ(HarvestLock::Acquire(archive, &second, &pid, &error), HarvestLock::Outcome::kBusy);
  EXPECT_EQ(pid, static_cast<long>(getpid()));
  EXPECT_EQ(second, nullptr);
  // Another archive is not locked by it.
  EXPECT_EQ(HarvestLock::Acquire((dir_ / "other").string(), &second, &pid, &error),
            HarvestLock::Outcome::kLocked);
  second.reset();
  first.reset();
  EXPECT_TRUE(fs::exists(archive + ".harvest.lock"));  // kept: see harvest_lock.h
  EXPECT_EQ(HarvestLock::Acquire(archive, &second, &pid, &error), HarvestLock::Outcome::kLocked);
}

TEST_F(HarvestLockTest, AStaleFileOfAGoneHolderIsLockedAgain) {
  const std::string archive = (dir_ / "archive").string();
  std::ofstream(archive + ".harvest.lock") << "999999999\n";
  std::unique_ptr<HarvestLock> lock;
  long pid = 0;
  std::string error;
  ASSERT_EQ(HarvestLock::Acquire(archive, &lock, &pid, &error), HarvestLock::Outcome::kLocked);
  std::ifstream in(archive + ".harvest.lock");
  long written = 0;
  in >> written;
  EXPECT_EQ(written, static_cast<long>(getpid()));
}

TEST_F(HarvestLockTest, APlaceThatCannotHoldTheFileIsAnError) {
  std::unique_ptr<HarvestLock> lock;
  long pid = 0;
  std::string error;
  EXPECT_EQ(HarvestLock::Acquire((dir_ / "missing" / "archive").string(), &lock, &pid, &error),
            HarvestLock::Outcome::kError);
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
  EXPECT_EQ(lock, nullptr);
}

}  // namespace
}  // namespace xxgk::harvest
