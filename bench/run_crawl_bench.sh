#!/usr/bin/env bash
# A recursive crawl of the shared yardstick's 200 portals (../shared/bench: gen_portals.py's
# fixture served by nginx at 127.1.0.1-200), by `xxgk crawl` and by peer crawlers (wget2 and wget
# by default) in the same run, measured by the yardstick's own driver (bench.py: wall, CPU and
# peak RSS from /usr/bin/time; pages and coverage from nginx's log). Prints its table.
#
# Usage: bench/run_crawl_bench.sh [BUILD_DIR]     (default: build)
# Environment: SHARED_BENCH (default ../shared/bench), WORK (see below), TOOLS
# ("xxgk wget2 wget"; also httrack, scrapy, crawlee if installed), MODES ("ip"; "ip proxy"), REPS (3),
# PORT (80: nginx listens on 127.1.0.N:PORT; no other nginx may hold it).
# Needs: nginx (nginx-light), wget2, wget, /usr/bin/time (scripts/install-deps.sh installs them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
# The fixture, nginx's log and every peer's mirror live on tmpfs (/dev/shm) by default: wget and
# wget2 write each page to a mirror, and on an ext4 disk their system time grew fivefold over a
# series of runs (issue 16), which made the comparison say more about the disk than about them.
# xxgk writes one JSON line per page. WORK=DIR puts it all elsewhere.
if [[ -z ${WORK:-} ]] && [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
  WORK=/dev/shm/xxgk-crawl-bench
fi
WORK=${WORK:-$BUILD/crawl-bench}
echo "crawl bench: fixture, logs and mirrors under $WORK" >&2
XXGK=$BUILD/xxgk
[[ -x $XXGK ]] || { echo "build xxgk first (cmake --build $BUILD --target xxgk)" >&2; exit 2; }
[[ -f $SHARED_BENCH/bench.py ]] || { echo "no yardstick at $SHARED_BENCH (set SHARED_BENCH)" >&2; exit 2; }
for tool in nginx /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh" >&2; exit 2; }
done

# A fresh copy of the driver (the shared one is read-only); the fixture is kept between runs.
mkdir -p "$WORK/yardstick"
cp "$SHARED_BENCH/bench.py" "$SHARED_BENCH/gen_portals.py" "$WORK/yardstick/"
chmod u+w "$WORK/yardstick/bench.py" "$WORK/yardstick/gen_portals.py"
rm -rf "$WORK/yardstick/results/raw"

read -r -a tools <<<"${TOOLS:-xxgk wget2 wget}"
read -r -a modes <<<"${MODES:-ip}"
YARDSTICK_DIR=$WORK/yardstick python3 "$ROOT/bench/crawl_yardstick.py" --xxgk "$XXGK" \
  --tools "${tools[@]}" --modes "${modes[@]}" --reps "${REPS:-3}" --port "${PORT:-80}"
