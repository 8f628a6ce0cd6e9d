// Extraction throughput: records per second on one core and MB/s of text, with peak memory.
//
//   extract_throughput [SECONDS] FILE...
// Runs ExtractReport + RecordToJson over the files round-robin on one thread for at least
// SECONDS (default 5) and prints one line of figures. Files are read once, before timing.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/report/report_extractor.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: extract_throughput SECONDS FILE...\n");
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  std::vector<std::string> texts;
  size_t total_bytes = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
    total_bytes += texts.back().size();
  }
  using Clock = std::chrono::steady_clock;
  size_t records = 0, bytes = 0, json_bytes = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    for (const std::string& text : texts) {
      const auto record = xxgk::extract::ExtractReport(text);
      json_bytes += xxgk::extract::RecordToJson(record, false).size();
      bytes += text.size();
      ++records;
    }
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "files=%zu avg_size=%zu B records=%zu seconds=%.2f records_per_s=%.0f MB_per_s=%.2f "
      "us_per_record=%.1f json_bytes_per_record=%zu peak_rss_MiB=%.1f\n",
      texts.size(), total_bytes / texts.size(), records, elapsed, static_cast<double>(records) / elapsed,
      static_cast<double>(bytes) / 1e6 / elapsed, elapsed * 1e6 / static_cast<double>(records),
      json_bytes / records, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
