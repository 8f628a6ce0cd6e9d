// Per-stage cost of extraction on the sample reports (Google Benchmark): where the time goes.
//   extract_stages_bench --benchmark_filter=... (run from the repository root)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/report/cell_tokens.h"
#include "extract/text/doc_identity.h"
#include "extract/report/report_extractor.h"
#include "extract/report/report_lines.h"
#include "extract/report/section_finder.h"

namespace {

const std::vector<std::string>& Samples() {
  static const std::vector<std::string> samples = [] {
    std::vector<std::string> texts;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator("seeds/reports")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      texts.push_back(s.str());
    }
    return texts;
  }();
  return samples;
}

template <typename F>
void RunOverSamples(benchmark::State& state, F&& f) {
  const auto& samples = Samples();
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& text : samples) {
      benchmark::DoNotOptimize(f(text));
      bytes += text.size();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * samples.size()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_Normalize(benchmark::State& state) {
  RunOverSamples(state, [](const std::string& t) { return xxgk::extract::NormalizeDocumentText(t); });
}
void BM_DocId(benchmark::State& state) {
  RunOverSamples(state, [](const std::string& t) { return xxgk::extract::DocIdOfNormalized(t); });
}
void BM_PrepareLines(benchmark::State& state) {
  RunOverSamples(state, [](const std::string& t) { return xxgk::extract::PrepareReportLines(t); });
}
void BM_Sections(benchmark::State& state) {
  std::vector<std::vector<std::string>> lines;
  for (const auto& t : Samples()) lines.push_back(xxgk::extract::PrepareReportLines(t));
  for (auto _ : state) {
    for (const auto& l : lines) benchmark::DoNotOptimize(xxgk::extract::FindSections(l));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
}
void BM_Tokenize(benchmark::State& state) {
  std::vector<std::vector<std::string>> lines;
  for (const auto& t : Samples()) lines.push_back(xxgk::extract::PrepareReportLines(t));
  for (auto _ : state) {
    for (const auto& l : lines) benchmark::DoNotOptimize(xxgk::extract::TokenizeLines(l, 0, l.size()));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
}
void BM_Extract(benchmark::State& state) {
  RunOverSamples(state, [](const std::string& t) { return xxgk::extract::ExtractReport(t); });
}
void BM_ExtractAndJson(benchmark::State& state) {
  RunOverSamples(state, [](const std::string& t) {
    return xxgk::extract::RecordToJson(xxgk::extract::ExtractReport(t), false);
  });
}
void BM_Json(benchmark::State& state) {  // RecordToJson alone, of the samples' records
  std::vector<xxgk::extract::ReportRecord> records;
  for (const auto& t : Samples()) records.push_back(xxgk::extract::ExtractReport(t));
  for (auto _ : state) {
    for (const auto& r : records) benchmark::DoNotOptimize(xxgk::extract::RecordToJson(r, false));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
}

BENCHMARK(BM_Normalize);
BENCHMARK(BM_DocId);
BENCHMARK(BM_PrepareLines);
BENCHMARK(BM_Sections);
BENCHMARK(BM_Tokenize);
BENCHMARK(BM_Extract);
BENCHMARK(BM_ExtractAndJson);
BENCHMARK(BM_Json);

}  // namespace

BENCHMARK_MAIN();
