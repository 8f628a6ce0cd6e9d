// portal_sim: the portal simulator as a process, for shell tests and the benchmark.
//   portal_sim OUT_DIR [--seed N] [--copies N] [--validators] [--image-only]
// Starts the simulator, prints "port N" and one "resolve HOST:PORT:127.0.0.1" line per host on
// stdout, writes OUT_DIR/ground_truth.json and OUT_DIR/seeds.tsv, then serves until SIGTERM or
// SIGINT, when it writes OUT_DIR/requests.jsonl (one line per request: time, host, method,
// target, conditional, status, bytes) and exits 0. Exit 2 on bad arguments or an unwritable
// OUT_DIR.
//   --copies N     N counties per family (SimulatorOptions::copies, 1..324): 5 × N counties
//   --validators   pages carry ETag and Last-Modified, and a matching conditional request gets
//                  304 (PortalSite::validators)
//   --image-only   one report of each county is published only as a scanned PDF (format "scan"
//                  in ground_truth.json; SimulatorOptions::image_only_report)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "tests/simulator/portal_simulator.h"

namespace {

bool WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

// A whole number in [low, high] from `text`, else nullopt.
std::optional<unsigned long> Number(const char* text, unsigned long low, unsigned long high) {
  char* end = nullptr;
  const unsigned long value = std::strtoul(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < low || value > high) return std::nullopt;
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: portal_sim OUT_DIR [--seed N] [--copies N] [--validators] [--image-only]\n";
  if (argc < 2 || argv[1][0] == '-') {
    std::cerr << kUsage;
    return 2;
  }
  const std::filesystem::path out = argv[1];
  uint32_t seed = 1;
  xxgk::simulator::SimulatorOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--validators") {
      options.validators = true;
    } else if (flag == "--image-only") {
      options.image_only_report = true;
    } else if ((flag == "--seed" || flag == "--copies") && i + 1 < argc) {
      const char* text = argv[++i];
      const bool copies = flag == "--copies";
      const auto value = copies ? Number(text, 1, xxgk::simulator::SimulatorOptions::kMaxCopies)
                                : Number(text, 0, 0xFFFFFFFFul);
      if (!value) {
        std::cerr << "portal_sim: " << flag << " needs a number"
                  << (copies ? " from 1 to " + std::to_string(xxgk::simulator::SimulatorOptions::kMaxCopies)
                             : std::string())
                  << ", got '" << text << "'\n";
        return 2;
      }
      if (copies) {
        options.copies = static_cast<int>(*value);
      } else {
        seed = static_cast<uint32_t>(*value);
      }
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  // Block the signals before the server's thread starts, so that only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  xxgk::simulator::PortalSimulator simulator(seed, options);
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
