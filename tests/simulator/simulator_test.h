// A gtest fixture with the portal simulator (tests only), the common ground of the tests that run
// fetches and harvests against it, in-process (tests/crawler/harvest/) or through the xxgk binary
// (tests/cli/simulated_fetch.h): one simulator per test suite on 127.0.0.1 (seed 7; a suite that
// wants other SimulatorOptions defines SetUpTestSuite to call StartSimulator), and a fresh
// directory per test (tests/scratch_dir_test.h) with the simulator's seed list in seeds.tsv.
#pragma once

#include <fstream>
#include <utility>

#include "tests/scratch_dir_test.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::simulator {

class SimulatorTest : public ScratchDirTest {
 protected:
  static void SetUpTestSuite() { StartSimulator({}); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  static void StartSimulator(SimulatorOptions options) {
    sim_ = new PortalSimulator(7, std::move(options));
  }
  void SetUp() override {
    ScratchDirTest::SetUp();
    std::ofstream(dir_ / "seeds.tsv") << sim_->SeedsTsv();
  }

  static inline PortalSimulator* sim_ = nullptr;
};

}  // namespace xxgk::simulator
