#!/usr/bin/env bash
# The whole test suite, N times in a row under load (issue 17: "tests that fail by chance"): each
# run is one `ctest -j JOBS` over build/ with more tests at once than the machine has cores (so
# every test competes for CPU with others), and with LOAD=1 also `stress-ng --cpu <cores>`
# beside it, if installed. Each run's log is kept; at the end one line per run and the failures.
# Exit 0 when every run passed, 1 otherwise. Run scripts/test.sh once first (it installs,
# builds and prepares the warcio tests).
#   scripts/stress-suite.sh [RUNS]      (default 20)
# Environment: JOBS (default: twice the cores), LOAD=1, LOGS (default: a fresh temp dir).
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
cores=$(nproc)
jobs="${JOBS:-$((2 * cores))}"
logs="${LOGS:-$(mktemp -d /tmp/xxgk-stress-XXXXXX)}"
mkdir -p "$logs"
[[ -x build/xxgk ]] || { echo "build/ has no xxgk: run scripts/test.sh first" >&2; exit 2; }
load_pid=""
if [[ "${LOAD:-0}" == 1 ]]; then
  if command -v stress-ng >/dev/null; then
    stress-ng --cpu "$cores" --quiet &
    load_pid=$!
  else
    echo "LOAD=1: stress-ng is not installed (apt-get install stress-ng); running without it" >&2
  fi
fi
trap '[[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null' EXIT
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  XXGK_REQUIRE_WARCIO=1 XXGK_REQUIRE_CHROMIUM=1 ctest --test-dir build -j "$jobs" \
    --output-on-failure >"$logs/run-$i.log" 2>&1
  rc=$?
  summary=$(grep -E 'tests passed|tests failed' "$logs/run-$i.log" | tail -1)
  echo "run $i/$runs: exit $rc, $(( $(date +%s) - start )) s, load $(cut -d' ' -f1 /proc/loadavg): $summary"
  if [[ $rc -ne 0 ]]; then
    failed=$((failed + 1))
    grep -E '^\s+[0-9]+ - ' "$logs/run-$i.log" | sed 's/^/    failed: /'
  fi
done
echo "$((runs - failed)) of $runs runs passed; logs in $logs"
[[ $failed -eq 0 ]]
