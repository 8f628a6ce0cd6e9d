#!/usr/bin/env bash
# Regenerates docs/report.png: the HTML page of `xxgk report` over every county of the bundled
# simulated portals (tests/simulator, served on 127.0.0.1 by portal_sim, reached as the crawl's
# proxy), photographed by headless Chromium. No internet: Chromium resolves no host name.
#   scripts/report-screenshot.sh [OUT.png]   (default docs/report.png; needs a build, chromium and
#   a CJK font: scripts/install-deps.sh installs fonts-wqy-zenhei)
set -euo pipefail
out=$(realpath -m "${1:-$(dirname "$0")/../docs/report.png}")  # before the cd: relative to the caller
cd "$(dirname "$0")/.."
fc-list :lang=zh | grep -q . || { echo "report-screenshot.sh: no CJK font (scripts/install-deps.sh)" >&2; exit 1; }
. scripts/simulator.sh
start_simulator
work="$sim_dir"
# Every county row of the simulator's seeds (column 4 is the name).
tail -n +2 "$sim_dir/out/seeds.tsv" | cut -f4 | sort -u | while read -r county; do
  build/xxgk fetch "$county" --seeds "$sim_dir/out/seeds.tsv" --archive "$work/archive" \
    --proxy "http://127.0.0.1:$port" --delay 0 --quiet >/dev/null
done
build/xxgk report --seeds "$sim_dir/out/seeds.tsv" --archive "$work/archive" --years 2019-2024 \
  --html "$work/report.html" >/dev/null
timeout -s KILL 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --user-data-dir="$work/profile" --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --disable-extensions --no-pings \
  --host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 --hide-scrollbars \
  --window-size=1200,2420 --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "wrote $out"
