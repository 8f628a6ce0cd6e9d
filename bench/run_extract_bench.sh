#!/usr/bin/env bash
# Extraction benchmark: builds (release), then measures throughput on the five sample reports
# (records/s per core, MB/s, peak memory), the per-stage costs, and the bytes -> text step on the
# format fixtures (MB/s for HTML, pages/s for PDF, DOCX). Prints the figures; copy them to
# docs/benchmarks.md with the date and machine.
#   bench/run_extract_bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
scripts/install-deps.sh
scripts/build.sh >/dev/null
echo "== throughput, one thread, ${seconds}s, five sample reports"
taskset -c 0 build/bench/extract_throughput "$seconds" seeds/reports/*.txt
office=tests/extract/formats/office
echo "== bytes -> text, one thread, ${seconds}s per format"
echo "-- HTML: portal-shaped pages (tests/extract/formats) and LibreOffice-rendered reports"
taskset -c 0 build/bench/text_throughput "$seconds" tests/extract/formats/*.html "$office"/*.html
echo "-- PDF (LibreOffice-made, CJK fonts)"
taskset -c 0 build/bench/text_throughput "$seconds" "$office"/*.pdf
echo "-- DOCX (LibreOffice-made)"
taskset -c 0 build/bench/text_throughput "$seconds" "$office"/*.docx
echo "== per stage (Google Benchmark)"
taskset -c 0 build/bench/extract_stages_bench --benchmark_min_time=1
