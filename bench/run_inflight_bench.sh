#!/usr/bin/env bash
# Peak memory of a crawl whose hosts all serve huge pages, against the budget of bodies in flight
# (--max-inflight-bytes, docs/crawler.md "Bodies in flight"): `xxgk crawl` of HOSTS host names
# (h1.big.test ... mapped onto one nginx on 127.0.0.1 with --resolve), each serving one file of
# BODY_MIB MiB of random bytes, all at once (no delay, one connection per host). Each budget of
# BUDGETS is measured ROUNDS times, interleaved (budget A, B, C, A, B, C, ...), under
# /usr/bin/time -v; prints every run (peak RSS, wall time, pages fetched whole) and the median
# per budget. 0 is no limit: every transfer may hold its whole body.
#
# Usage: bench/run_inflight_bench.sh [BUILD_DIR]     (default: build)
# Environment: HOSTS (80), BODY_MIB (60), BUDGETS ("256M 64M 0"), ROUNDS (3), PORT (18090),
# WORK (BUILD_DIR/inflight-bench). Needs nginx (nginx-light) and /usr/bin/time; the unlimited
# runs need HOSTS x BODY_MIB of free memory (4.7 GiB with the defaults).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
HOSTS=${HOSTS:-80}
BODY_MIB=${BODY_MIB:-60}
BUDGETS=${BUDGETS:-256M 64M 0}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18090}
WORK=${WORK:-$BUILD/inflight-bench}
XXGK=$BUILD/xxgk
[[ -x $XXGK ]] || { echo "build xxgk first (scripts/build.sh)" >&2; exit 2; }
for tool in nginx /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh" >&2; exit 2; }
done

mkdir -p "$WORK/www" "$WORK/nginx/tmp"
BODY_BYTES=$((BODY_MIB * 1024 * 1024))
if [[ ! -f $WORK/www/big.bin || $(stat -c %s "$WORK/www/big.bin") -ne $BODY_BYTES ]]; then
  head -c "$BODY_BYTES" /dev/urandom >"$WORK/www/big.bin"  # random: nothing compresses it
fi

NGINX=$WORK/nginx
cat >"$NGINX/nginx.conf" <<EOF
worker_processes 1; pid $NGINX/nginx.pid; error_log $NGINX/error.log warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream; server_tokens off; sendfile on; tcp_nopush on;
  access_log off; keepalive_timeout 65s;
  client_body_temp_path $NGINX/tmp/body; proxy_temp_path $NGINX/tmp/proxy;
  fastcgi_temp_path $NGINX/tmp/fcgi; uwsgi_temp_path $NGINX/tmp/uwsgi; scgi_temp_path $NGINX/tmp/scgi;
  server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
EOF
# shellcheck source=bench/loopback_nginx.sh
. "$ROOT/bench/loopback_nginx.sh"
nginx_start "$NGINX"

: >"$WORK/seeds.txt"
RESOLVE=()
for i in $(seq 1 "$HOSTS"); do
  echo "http://h$i.big.test:$PORT/big.bin" >>"$WORK/seeds.txt"
  RESOLVE+=(--resolve "h$i.big.test:$PORT:127.0.0.1")
done
cat "$WORK/www/big.bin" >/dev/null  # into the page cache

measure() {  # BUDGET ROUND: one crawl under /usr/bin/time -v; prints "BUDGET RSS_KB WALL WHOLE"
  local budget=$1 round=$2
  local t=$WORK/time-$budget-$round.txt pages=$WORK/pages-$budget-$round.jsonl
  /usr/bin/time -v -o "$t" "$XXGK" crawl --seeds "$WORK/seeds.txt" "${RESOLVE[@]}" --delay 0 \
    --max-inflight-bytes "$budget" --quiet -o "$pages" >"$WORK/summary-$budget-$round.json" \
    2>"$WORK/err-$budget-$round.txt" || true
  local rss wall whole
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t")
  whole=$(grep -c "\"bytes\":$BODY_BYTES" "$pages" || true)
  echo "$budget $rss $wall $whole"
}

echo "bodies in flight: $HOSTS hosts x $BODY_MIB MiB, xxgk crawl on loopback (nginx, port $PORT), delay 0"
echo
echo "| --max-inflight-bytes | round | peak RSS MiB | wall | pages whole |"
echo "|---|---:|---:|---:|---:|"
: >"$WORK/runs.txt"
for round in $(seq 1 "$ROUNDS"); do
  for budget in $BUDGETS; do
    read -r b rss wall whole < <(measure "$budget" "$round")
    echo "$b $rss $wall $whole" >>"$WORK/runs.txt"
    printf '| %s | %d | %.0f | %s | %d of %d |\n' "$b" "$round" "$(echo "$rss / 1024" | bc -l)" \
      "$wall" "$whole" "$HOSTS"
  done
done
echo
echo "| --max-inflight-bytes | median peak RSS MiB | median wall |"
echo "|---|---:|---:|"
for budget in $BUDGETS; do
  awk -v b="$budget" '$1 == b {print $2}' "$WORK/runs.txt" | sort -n |
    awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f", m / 1024}' >"$WORK/m"
  awk -v b="$budget" '$1 == b {print $3}' "$WORK/runs.txt" |
    awk -F: '{s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s}' | sort -n |
    awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f s", m}' >"$WORK/w"
  printf '| %s | %s | %s |\n' "$budget" "$(cat "$WORK/m")" "$(cat "$WORK/w")"
done
