// A gtest fixture with a fresh directory per test under /tmp (tests only): dir_, made before the
// test and removed after it — kept when the test failed and keep_failed_ is set, for a look at
// what it left. The base of the fixtures that make archives (tests/simulator/simulator_test.h).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace xxgk {

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!(keep_failed_ && HasFailure())) std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  bool keep_failed_ = false;
};

}  // namespace xxgk
