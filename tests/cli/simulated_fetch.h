// The fixture of the CLI tests that run `xxgk fetch` and `xxgk harvest` against the portal simulator (tests only):
// one simulator per test suite (seed 7) on 127.0.0.1, reached as the crawl's forward proxy; a
// fresh directory per test holding the simulator's seeds.tsv and the archive. XXGK_BINARY is the
// binary under test (each test target defines it).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_run.h"
#include "tests/simulator/portal_simulator.h"

namespace xxgk::crawl::testing {

class SimulatedFetchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = new simulator::PortalSimulator(7); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    char tmpl[] = "/tmp/xxgk-fetch-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ / "seeds.tsv") << sim_->SeedsTsv();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `xxgk fetch COUNTY` into dir_/`archive` through the simulator, quiet, fast retries.
  CliRun Fetch(const std::string& county, const std::string& extra = "",
               const std::string& delay = "0", const std::string& archive = "archive") {
    return RunShell(std::string(XXGK_BINARY) + " fetch '" + county + "' --seeds " +
                        (dir_ / "seeds.tsv").string() + " --archive " + (dir_ / archive).string() +
                        " --proxy http://127.0.0.1:" + std::to_string(sim_->port()) +
                        " --delay " + delay + " --retry-base 0.01 --quiet " + extra,
                    dir_);
  }

  // `xxgk harvest ARGS` into dir_/`archive` through the simulator, with the seeds of `seeds`
  // (dir_/seeds.tsv unless given), quiet, fast retries.
  CliRun Harvest(const std::string& args, const std::string& archive = "archive",
                 const std::string& seeds = "seeds.tsv") {
    return RunShell(std::string(XXGK_BINARY) + " harvest " + args + " --seeds " +
                        (dir_ / seeds).string() + " --archive " + (dir_ / archive).string() +
                        " --proxy http://127.0.0.1:" + std::to_string(sim_->port()) +
                        " --delay 0 --retry-base 0.01 --quiet",
                    dir_);
  }

  static inline simulator::PortalSimulator* sim_ = nullptr;
  std::filesystem::path dir_;
};

}  // namespace xxgk::crawl::testing
