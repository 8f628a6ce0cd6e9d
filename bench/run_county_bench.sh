#!/usr/bin/env bash
# Whole simulated counties (tests/simulator, every family) fetched by `xxgk fetch` and by
# `wget2 --recursive` in the same run, interleaved; medians of wall, CPU, peak RSS, requests,
# reports reached and forbidden targets requested (bench/county_bench.py says how each is counted).
#
# Usage: bench/run_county_bench.sh [BUILD_DIR]     (default: build)
# Environment: REPS (5), FAMILIES (all).
# Needs: wget2, /usr/bin/time, python3 (scripts/install-deps.sh installs the first two); the
# targets xxgk and portal_sim built (scripts/build.sh builds both).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
source "$ROOT/bench/lib/preflight.sh"
require_built "$BUILD/xxgk" "$BUILD/tests/portal_sim"
require_tools wget2 /usr/bin/time python3
families=()
[[ -n ${FAMILIES:-} ]] && read -r -a families <<<"$FAMILIES"
exec python3 "$ROOT/bench/county_bench.py" --xxgk "$BUILD/xxgk" --sim "$BUILD/tests/portal_sim" \
  --reps "${REPS:-5}" ${families[@]:+--families "${families[@]}"}
