#!/usr/bin/env bash
# Archive side by side: two xxgk binaries (a "before" build and an "after" one) run alternately on
# the same N synthetic reports, REPS rounds, under `nice -n 5`: per round and binary, an import
# into a fresh archive (all cores), a re-import of the same files (nothing new), and a rebuild on
# one core (--jobs 1, taskset -c 0). Each step's wall and CPU seconds and its peaks of anonymous
# and file-backed RSS (bench/peak_memory.py); then min/median/max per binary and step and the
# after/before ratio of the medians. Steps can be narrowed with STEPS="reimport rebuild"
# (import always runs once per binary: the others need its archive).
#   bench/run_archive_ab.sh BEFORE AFTER [N] [REPS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1"); after=$(realpath "$2")
n="${3:-100000}"; reps="${4:-3}"
work="${5:-$(mktemp -d /tmp/xxgk-archive-ab-XXXXXX)}"
steps="${STEPS:-import reimport rebuild}"
mkdir -p "$work"
if [ ! -d "$work/reports" ]; then
  echo "== generating $n reports in $work/reports"
  build/tests/make_reports "$work/reports" "$n" >/dev/null
fi
results="$work/results.txt"; : >"$results"
# run LABEL STEP CMD...: one measured step, appended to results as "label step wall cpu anon file hwm".
run() {
  local label=$1 step=$2; shift 2
  local out="$work/$label.$step.out"
  nice -n 5 bench/peak_memory.py -- "$@" >"$out" 2>&1 || { cat "$out"; exit 1; }
  echo "$label $step $(tail -1 "$out")" | tee -a "$results"
}
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$reps"); do
  for label in before after; do
    bin=$before; [ "$label" = after ] && bin=$after
    archive="$work/archive-$label"
    if [ "$r" = 1 ] || [[ " $steps " == *" import "* ]]; then
      rm -rf "$archive"; sync
      run "$label" import "$bin" import --archive "$archive" "$work/reports"
    fi
    [[ " $steps " == *" reimport "* ]] &&
      run "$label" reimport "$bin" import --archive "$archive" "$work/reports"
    [[ " $steps " == *" rebuild "* ]] &&
      run "$label" rebuild taskset -c 0 "$bin" rebuild --jobs 1 --archive "$archive"
  done
  echo "   (round $r done, load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
cols = ["wall s", "CPU s", "anon MiB", "file MiB", "VmHWM MiB"]
by = {}
for label, step, *vals in rows:
    by.setdefault((step, label), []).append([float(v) for v in vals])
print("| step | build | runs | " + " | ".join(c + " min / median / max" for c in cols) + " |")
print("|---|---|---|" + "---|" * len(cols))
for step in dict.fromkeys(r[1] for r in rows):
    med = {}
    for label in ("before", "after"):
        runs = by.get((step, label), [])
        if not runs: continue
        cells, med[label] = [], []
        for c in range(len(cols)):
            v = sorted(r[c] for r in runs)
            m = statistics.median(v)
            med[label].append(m)
            cells.append(f"{v[0]:g} / **{m:g}** / {v[-1]:g}")
        print(f"| {step} | {label} | {len(runs)} | " + " | ".join(cells) + " |")
    if "before" in med and "after" in med:
        ratios = [f"{a / b:.2f}" if b else "-" for a, b in zip(med["after"], med["before"])]
        print(f"| {step} | after / before | | " + " | ".join(ratios) + " |")
PY
echo "(work files kept in $work)"
