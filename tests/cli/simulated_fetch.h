// The fixture of the CLI tests that run `xxgk fetch` and `xxgk harvest` against the portal
// simulator (tests only): one simulator per test suite (seed 7) on 127.0.0.1, reached as the
// crawl's forward proxy; a fresh directory per test holding the simulator's seeds.tsv and the
// archive (tests/simulator/simulator_test.h). XXGK_BINARY is the binary under test (each test
// target defines it).
#pragma once

#include <string>

#include "tests/cli/cli_run.h"
#include "tests/simulator/simulator_test.h"

namespace xxgk::crawl::testing {

class SimulatedFetchTest : public simulator::SimulatorTest {
 protected:
  // `xxgk fetch COUNTY` into dir_/`archive` through the simulator, quiet, fast retries.
  CliRun Fetch(const std::string& county, const std::string& extra = "",
               const std::string& delay = "0", const std::string& archive = "archive") {
    return RunShell(FetchLine(county, extra, delay, archive), dir_);
  }
  // Its command line.
  std::string FetchLine(const std::string& county, const std::string& extra = "",
                        const std::string& delay = "0",
                        const std::string& archive = "archive") const {
    return std::string(XXGK_BINARY) + " fetch '" + county + "' --seeds " +
           (dir_ / "seeds.tsv").string() + " --archive " + (dir_ / archive).string() +
           " --proxy http://127.0.0.1:" + std::to_string(sim_->port()) + " --delay " + delay +
           " --retry-base 0.01 --quiet " + extra;
  }

  // `xxgk harvest ARGS` into dir_/`archive` through the simulator, with the seeds of `seeds`
  // (dir_/seeds.tsv unless given), quiet, fast retries.
  CliRun Harvest(const std::string& args, const std::string& archive = "archive",
                 const std::string& seeds = "seeds.tsv") {
    return RunShell(HarvestLine(args, archive, seeds), dir_);
  }
  // Its command line.
  std::string HarvestLine(const std::string& args, const std::string& archive = "archive",
                          const std::string& seeds = "seeds.tsv") const {
    return std::string(XXGK_BINARY) + " harvest " + args + " --seeds " + (dir_ / seeds).string() +
           " --archive " + (dir_ / archive).string() +
           " --proxy http://127.0.0.1:" + std::to_string(sim_->port()) +
           " --delay 0 --retry-base 0.01 --quiet";
  }
};

}  // namespace xxgk::crawl::testing
