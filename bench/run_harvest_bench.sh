#!/usr/bin/env bash
# A national harvest in miniature: `xxgk harvest --delay 0` over N simulated counties (portal_sim
# --copies N/5), first with --counties-at-once 1 and 4, then again with nothing changed (lists
# only, and --revisit-days 0: conditional requests); medians of wall, CPU, peak RSS, requests,
# bytes and the archive's size (bench/harvest_bench.py says how each is counted).
#
# Usage: bench/run_harvest_bench.sh [BUILD_DIR]     (default: build)
# Environment: COUNTIES (500, a multiple of 5), REPS (3), AT_ONCE ("1 4"), WORK (a fresh temp dir).
# Needs: /usr/bin/time, python3, du; the targets xxgk and portal_sim built (scripts/build.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
source "$ROOT/bench/lib/preflight.sh"
require_built "$BUILD/xxgk" "$BUILD/tests/portal_sim"
require_tools /usr/bin/time python3
read -r -a at_once <<<"${AT_ONCE:-1 4}"
echo "load before: $(uptime)"
python3 "$ROOT/bench/harvest_bench.py" --xxgk "$BUILD/xxgk" --sim "$BUILD/tests/portal_sim" \
  --counties "${COUNTIES:-500}" --reps "${REPS:-3}" --at-once "${at_once[@]}" \
  ${WORK:+--work "$WORK"}
echo "load after: $(uptime)"
