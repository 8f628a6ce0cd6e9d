// portal_sim: the portal simulator as a process, for shell tests and the benchmark.
//   portal_sim OUT_DIR [--seed N]
// Starts the simulator, prints "port N" and one "resolve HOST:PORT:127.0.0.1" line per host on
// stdout, writes OUT_DIR/ground_truth.json and OUT_DIR/seeds.tsv, then serves until SIGTERM or
// SIGINT, when it writes OUT_DIR/requests.jsonl (one line per request: time, host, method,
// target) and exits 0. Exit 2 on bad arguments or an unwritable OUT_DIR.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "tests/simulator/portal_simulator.h"

namespace {

bool WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--seed")) {
    std::cerr << "usage: portal_sim OUT_DIR [--seed N]\n";
    return 2;
  }
  const std::filesystem::path out = argv[1];
  uint32_t seed = 1;
  if (argc == 4) {
    char* end = nullptr;
    const unsigned long value = std::strtoul(argv[3], &end, 10);
    if (*argv[3] == '\0' || *end != '\0' || value > 0xFFFFFFFFul) {
      std::cerr << "portal_sim: --seed needs a number, got '" << argv[3] << "'\n";
      return 2;
    }
    seed = static_cast<uint32_t>(value);
  }
  // Block the signals before the server's thread starts, so that only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  xxgk::simulator::PortalSimulator simulator(seed);
  if (ec || !WriteFile(out / "ground_truth.json", simulator.GroundTruthJson().dump(1)) ||
      !WriteFile(out / "seeds.tsv", simulator.SeedsTsv())) {
    std::cerr << "portal_sim: cannot write to " << out << "\n";
    return 2;
  }
  std::cout << "port " << simulator.port() << "\n";
  for (const std::string& entry : simulator.ResolveEntries()) std::cout << "resolve " << entry << "\n";
  std::cout << std::flush;
  int received = 0;
  sigwait(&signals, &received);
  if (!WriteFile(out / "requests.jsonl", simulator.RequestLogJsonl())) {
    std::cerr << "portal_sim: cannot write " << (out / "requests.jsonl") << "\n";
    return 2;
  }
  return 0;
}
