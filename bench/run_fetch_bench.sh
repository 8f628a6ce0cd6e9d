#!/usr/bin/env bash
# Fetch throughput on loopback, side by side in one run: xxgk's engine (bench/fetch_bench),
# wget2 and curl --parallel fetch the same URL list, with no delay, across the 200 portals of
# the shared fixture (../shared/bench/gen_portals.py), served by nginx at 127.1.0.1-200.
# Prints requests/s and CPU seconds per 1,000 requests for each tool (wall and user+system
# time from /usr/bin/time; nginx's own CPU is not counted for anyone).
#
# Usage: bench/run_fetch_bench.sh [BUILD_DIR]     (default: build)
# Environment: SHARED_BENCH (default ../shared/bench), PORT (18080), ROUNDS (3: each URL is
# listed this many times, with ?r=N so no tool can deduplicate), WORK (BUILD_DIR/fetch-bench),
# BASELINE (another fetch_bench binary, e.g. built from an older commit: measured in the same
# run, for before/after figures).
# Needs: nginx (nginx-light), wget2, curl, /usr/bin/time (scripts/install-deps.sh installs them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
PORT=${PORT:-18080}
ROUNDS=${ROUNDS:-3}
WORK=${WORK:-$BUILD/fetch-bench}
BENCH=$BUILD/bench/fetch_bench
[[ -x $BENCH ]] || { echo "build fetch_bench first (cmake --build $BUILD --target fetch_bench)" >&2; exit 2; }
[[ -z ${BASELINE:-} || -x $BASELINE ]] || { echo "BASELINE=$BASELINE: not an executable" >&2; exit 2; }
for tool in nginx wget2 curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh" >&2; exit 2; }
done

mkdir -p "$WORK"
if [[ ! -f $WORK/fixture/manifest.json ]]; then
  python3 "$SHARED_BENCH/gen_portals.py" --out "$WORK/fixture" >/dev/null
fi

# nginx: one server per portal at its own loopback address (the shared bench's "ip" mode), on
# $PORT so that it never collides with the shared harness's nginx on port 80.
NGINX=$WORK/nginx
mkdir -p "$NGINX/tmp"
{
  echo "worker_processes 1; pid $NGINX/nginx.pid; error_log $NGINX/error.log warn;"
  echo "events { worker_connections 16384; }"
  echo "http {"
  echo "  include /etc/nginx/mime.types; default_type application/octet-stream; charset off;"
  echo "  server_tokens off; sendfile on; tcp_nopush on; tcp_nodelay on;"
  echo "  keepalive_timeout 65s; keepalive_requests 100000;"
  echo "  log_format st '\$status'; access_log $NGINX/access.log st;"
  echo "  open_file_cache max=20000 inactive=300s; open_file_cache_valid 300s;"
  echo "  client_body_temp_path $NGINX/tmp/body; proxy_temp_path $NGINX/tmp/proxy;"
  echo "  fastcgi_temp_path $NGINX/tmp/fcgi; uwsgi_temp_path $NGINX/tmp/uwsgi; scgi_temp_path $NGINX/tmp/scgi;"
  grep -v '^#' "$WORK/fixture/portals.tsv" | while IFS=$'\t' read -r id _host ip _rest; do
    echo "  server { listen $ip:$PORT; root $WORK/fixture/$id; }"
  done
  echo "}"
} >"$NGINX/nginx.conf"
# shellcheck source=bench/loopback_nginx.sh
. "$ROOT/bench/loopback_nginx.sh"
nginx_start "$NGINX"

# The URL list: every reachable HTML URL of every portal, ROUNDS times, interleaved by round.
python3 - "$WORK/fixture" "$PORT" "$ROUNDS" >"$WORK/urls.txt" <<'EOF'
import json, sys, os, urllib.parse
fixture, port, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
manifest = json.load(open(os.path.join(fixture, "manifest.json"), encoding="utf-8"))
urls = []
for portal in manifest["portals"]:
    for u in portal["html_urls"]:
        path = urllib.parse.urlsplit(u).path if "://" in u else u
        urls.append("http://%s:%d%s" % (portal["ip"], port, path))
for r in range(1, rounds + 1):
    for u in urls:
        print("%s?r=%d" % (u, r))
EOF
N=$(wc -l <"$WORK/urls.txt")
HOSTS=$(cut -d/ -f3 "$WORK/urls.txt" | sort -u | wc -l)
awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' "$WORK/urls.txt" >"$WORK/urls.curl"
# Warm nginx's caches and the page cache.
curl -s --parallel --parallel-max 50 -K "$WORK/urls.curl" >/dev/null 2>&1 || true

measure() {  # NAME COMMAND...: one run under /usr/bin/time
  local name=$1
  shift
  local file=${name//[^A-Za-z0-9]/_}
  local t=$WORK/time-$file.txt
  : >"$NGINX/access.log"
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >"$WORK/out-$file.txt" 2>"$WORK/err-$file.txt" || true
  read -r wall user sys rss <"$t"
  local served
  served=$(grep -c '^200$' "$NGINX/access.log" || true)
  awk -v n="$N" -v name="$name" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" -v ok="$served" 'BEGIN {
    cpu = user + sys
    printf "| %-40s | %6d | %6d | %6.2f | %5.2f | %7.0f | %6.3f | %6.1f |\n", name, n, ok, wall, cpu, n / wall, cpu / n * 1000, rss / 1024
  }'
}

echo "fetch benchmark: $N requests across $HOSTS hosts on loopback (nginx on port $PORT), delay 0"
echo
echo "| tool | URLs | served 200 | wall s | CPU s | requests/s | CPU s / 1,000 req | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
if [[ -n ${BASELINE:-} ]]; then
  measure "xxgk baseline (1 conn/host)" "$BASELINE" "$WORK/urls.txt"
fi
measure "xxgk fetch_bench (1 conn/host)" "$BENCH" "$WORK/urls.txt"
measure "xxgk fetch_bench (1 conn/host, robots)" "$BENCH" "$WORK/urls.txt" --robots
measure "xxgk fetch_bench (4 conn/host)" "$BENCH" "$WORK/urls.txt" --per-host 4
measure "wget2 (5 threads, default)" wget2 --no-config -q --robots=off --no-hsts --no-hpkp \
  --no-tcp-fastopen -O /dev/null -i "$WORK/urls.txt"
measure "wget2 (50 threads)" wget2 --no-config -q --robots=off --no-hsts --no-hpkp \
  --no-tcp-fastopen --max-threads=50 -O /dev/null -i "$WORK/urls.txt"
measure "curl --parallel (max 50, default)" curl -s --no-progress-meter --parallel --parallel-max 50 -K "$WORK/urls.curl"
measure "curl --parallel (max 200)" curl -s --no-progress-meter --parallel --parallel-max 200 -K "$WORK/urls.curl"
echo
for f in "$WORK"/out-xxgk*.txt; do echo "$(basename "$f"): $(head -1 "$f")"; done
