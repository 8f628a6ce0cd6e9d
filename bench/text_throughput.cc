// Bytes → text throughput: how fast extract::ToText turns payloads (HTML, PDF, DOCX, text) into
// report text on one thread — MB/s of input, documents/s and, for PDFs, pages/s — with peak memory.
//
//   text_throughput SECONDS FILE...
// Files are read once, before timing, then converted round-robin for at least SECONDS. Every file
// must convert (outcome kText), else the tool stops with exit 1: a benchmark of refusals would
// measure nothing. One line of figures per format present, then one for all files.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "extract/text/document_text.h"
#include "extract/text/format_sniff.h"
#include "extract/text/pdf_text.h"

namespace {

struct Input {
  std::string name;
  std::string bytes;
  xxgk::extract::DocumentFormat format = xxgk::extract::DocumentFormat::kUnknown;
  size_t pages = 0;  // PDFs only
};

struct Tally {
  size_t documents = 0, bytes = 0, pages = 0;
  double seconds = 0;
};

void Print(const char* label, const Tally& t) {
  std::printf("%-5s documents=%zu seconds=%.2f MB_per_s=%.2f documents_per_s=%.0f", label,
              t.documents, t.seconds, static_cast<double>(t.bytes) / 1e6 / t.seconds,
              static_cast<double>(t.documents) / t.seconds);
  if (t.pages > 0) {
    std::printf(" pages_per_s=%.0f", static_cast<double>(t.pages) / t.seconds);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: text_throughput SECONDS FILE...\n");
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  std::vector<Input> inputs;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "text_throughput: cannot read %s\n", argv[i]);
      return 1;
    }
    std::ostringstream s;
    s << in.rdbuf();
    Input input{argv[i], s.str()};
    const xxgk::extract::DocumentText d = xxgk::extract::ToText(input.bytes, {"", input.name});
    if (!d.ok()) {
      std::fprintf(stderr, "text_throughput: %s does not convert: %s\n", argv[i],
                   d.refusal.empty() ? "unsupported format" : d.refusal.c_str());
      return 1;
    }
    input.format = d.format;
    if (d.format == xxgk::extract::DocumentFormat::kPdf) {
      input.pages = xxgk::extract::PdfToText(input.bytes).pages;
    }
    inputs.push_back(std::move(input));
  }
  using Clock = std::chrono::steady_clock;
  std::map<std::string, Tally> by_format;
  Tally all;
  size_t text_bytes = 0;
  const auto start = Clock::now();
  do {
    for (const Input& input : inputs) {
      const auto t0 = Clock::now();
      const xxgk::extract::DocumentText d = xxgk::extract::ToText(input.bytes, {"", input.name});
      const double took = std::chrono::duration<double>(Clock::now() - t0).count();
      text_bytes += d.text.size();
      Tally& t = by_format[std::string(xxgk::extract::FormatName(input.format))];
      for (Tally* tally : {&t, &all}) {
        ++tally->documents;
        tally->bytes += input.bytes.size();
        tally->pages += input.pages;
        tally->seconds += took;
      }
    }
  } while (std::chrono::duration<double>(Clock::now() - start).count() < seconds);
  for (const auto& [format, tally] : by_format) Print(format.c_str(), tally);
  Print("all", all);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("files=%zu text_bytes_per_document=%zu peak_rss_MiB=%.1f\n", inputs.size(),
              text_bytes / all.documents, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
