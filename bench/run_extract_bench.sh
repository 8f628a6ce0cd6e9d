#!/usr/bin/env bash
# Extraction benchmark: builds (release), then measures throughput on the five sample reports
# (records/s per core, MB/s, peak memory) and the per-stage costs. Prints the figures; copy them
# to docs/benchmarks.md with the date and machine.
#   bench/run_extract_bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
scripts/install-deps.sh
scripts/build.sh >/dev/null
echo "== throughput, one thread, ${seconds}s, five sample reports"
taskset -c 0 build/bench/extract_throughput "$seconds" seeds/reports/*.txt
echo "== per stage (Google Benchmark)"
taskset -c 0 build/bench/extract_stages_bench --benchmark_min_time=1
