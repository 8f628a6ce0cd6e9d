#!/usr/bin/env bash
# Archive benchmark: N synthetic reports (default 100,000; tests/tools/make_reports) through
# import, export (--txt, --jsonl, --csv) and rebuild, each timed with its peak memory, plus the
# archive's size per document. Rebuild and the one-core import run pinned to one core
# (--jobs 1, taskset). Prints the figures; copy them to docs/benchmarks.md with date and machine.
# Peak memory is given as the process's own (anonymous: heap, stacks, LMDB's dirty pages) and
# the file-backed pages of data.mdb that LMDB's memory map touched, each its own peak
# (bench/peak_memory.py samples /proc/PID/status), beside VmHWM, the kernel's peak of the sum.
#   bench/run_archive_bench.sh [N] [WORKDIR]
# XXGK=path runs another build's binary (a "before" build for a side-by-side).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="${2:-$(mktemp -d /tmp/xxgk-archive-bench-XXXXXX)}"
scripts/install-deps.sh
scripts/build.sh >/dev/null
xxgk="${XXGK:-build/xxgk}"

# step NAME CMD...: runs CMD under bench/peak_memory.py; prints seconds, CPU seconds, the peaks
# of anonymous and file-backed RSS and VmHWM.
step() {
  local name=$1; shift
  bench/peak_memory.py -- "$@" >"$work/$name.out" 2>&1 || { cat "$work/$name.out"; exit 1; }
  tail -1 "$work/$name.out" >"$work/time"
  awk -v name="$name" -v n="$n" '{ printf "%-22s %7.1f s wall %7.1f s CPU %6.0f MiB anon %6.0f MiB file %6.0f MiB VmHWM %8.0f docs/s\n",
    name, $1, $2, $3, $4, $5, n / ($1 > 0 ? $1 : 0.001) }' "$work/time"
}

if [ ! -d "$work/reports" ]; then
  echo "== generating $n reports in $work/reports"
  build/tests/make_reports "$work/reports" "$n"
fi
bytes=$(du -sb "$work/reports" | cut -f1)
echo "== $n reports, $((bytes / 1024 / 1024)) MiB of text ($((bytes / n)) bytes each)"
rm -rf "$work/a1" "$work/a2" "$work/txt" "$work"/*.jsonl "$work"/*.csv
sync
step "import (1 core)" taskset -c 0 $xxgk import --jobs 1 --archive "$work/a1" "$work/reports"
awk -v b="$bytes" '{ printf "   import (1 core): %.1f MB/s of text\n", b / 1e6 / $1 }' "$work/time"
step "import (all cores)" $xxgk import --archive "$work/a2" "$work/reports"
step "re-import (no-op)" $xxgk import --archive "$work/a2" "$work/reports"
step "export --txt" $xxgk export --archive "$work/a1" --txt "$work/txt"
step "export --jsonl" $xxgk export --archive "$work/a1" --jsonl "$work/records.jsonl"
step "export --csv" $xxgk export --archive "$work/a1" --csv "$work/reports.csv"
step "rebuild (1 core)" taskset -c 0 $xxgk rebuild --jobs 1 --archive "$work/a1"
step "rebuild (all cores)" $xxgk rebuild --archive "$work/a1"
size=$(stat -c %s "$work/a1/data.mdb")
echo "== archive: $((size / 1024 / 1024)) MiB data.mdb, $((size / n)) bytes per document" \
     "(text + payload + record + indexes)"
$xxgk stats --archive "$work/a1" | sed 's/^/   /'
echo "(work files kept in $work)"
