#!/usr/bin/env bash
# Peak memory of a crawl whose hosts all serve huge pages, against the budget of bodies in flight
# (--max-inflight-bytes, docs/crawler.md "Bodies in flight"). HOSTS host names (h1.big.test ...
# mapped onto one nginx on 127.0.0.1 with --resolve) each serve BODY_MIB MiB, all at once (no
# delay, one connection per host). Each budget of BUDGETS is measured ROUNDS times with each build
# of BUILDS, interleaved (build A budget 1, build B budget 1, A 2, B 2, ..., then the next round),
# under /usr/bin/time -v; prints every run (peak RSS, wall time, pages or reports whole) and the
# median per build and budget. 0 is no limit.
#
# MODE=crawl (default): `xxgk crawl` of one page per host, the body dropped once its line is
#   written: what the fetch engine holds. ENCODING=identity (default): random bytes, with their
#   Content-Length. ENCODING=gzip: BODY_MIB MiB of zeros served gzip-encoded (nginx gzip_static:
#   about BODY_MIB KiB on the wire, each inflating a thousand times) — bodies decoded while
#   transfers are paused for the budget.
# MODE=fetch: `xxgk fetch` of one county whose HOSTS seed rows (the county and its departments)
#   each have a column on its own host listing one report, a PDF of BODY_MIB MiB (unreadable:
#   kept as a pending payload, stored once since all are the same bytes): the bodies also wait
#   for conversion and for the archive writer, after the engine has handed them on.
#
# Usage: bench/run_inflight_bench.sh [BUILD_DIR...]     (default: build; several: interleaved)
# Environment: MODE (crawl), ENCODING (identity), HOSTS (80), BODY_MIB (60; 16 with MODE=fetch),
# BUDGETS ("256M 64M 0"), ROUNDS (3), PORT (18090), WORK (first BUILD_DIR/inflight-bench). Needs
# nginx (nginx-light) and /usr/bin/time; the unlimited runs need HOSTS x BODY_MIB of free memory
# (4.7 GiB with the defaults).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILDS=()
for dir in "${@:-$ROOT/build}"; do BUILDS+=("$(cd "$dir" && pwd)"); done
MODE=${MODE:-crawl}
ENCODING=${ENCODING:-identity}
HOSTS=${HOSTS:-80}
if [[ $MODE == fetch ]]; then BODY_MIB=${BODY_MIB:-16}; else BODY_MIB=${BODY_MIB:-60}; fi
BUDGETS=${BUDGETS:-256M 64M 0}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18090}
WORK=${WORK:-${BUILDS[0]}/inflight-bench}
for build in "${BUILDS[@]}"; do
  [[ -x $build/xxgk ]] || { echo "build xxgk first (scripts/build.sh): $build" >&2; exit 2; }
done
for tool in nginx /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh" >&2; exit 2; }
done
[[ $MODE == crawl || $MODE == fetch ]] || { echo "MODE is crawl or fetch" >&2; exit 2; }
[[ $ENCODING == identity || $ENCODING == gzip ]] || { echo "ENCODING is identity or gzip" >&2; exit 2; }

WWW=$WORK/www-$MODE-$ENCODING
mkdir -p "$WWW/col" "$WORK/nginx/tmp"
BODY_BYTES=$((BODY_MIB * 1024 * 1024))
body_file=$WWW/big.bin
[[ $MODE == fetch ]] && body_file=$WWW/col/report.pdf
if [[ ! -f $body_file || $(stat -c %s "$body_file") -ne $BODY_BYTES ]]; then
  if [[ $MODE == fetch ]]; then
    { printf '%%PDF-1.4\n'; head -c $((BODY_BYTES - 9)) /dev/urandom; } >"$body_file"
  elif [[ $ENCODING == gzip ]]; then
    head -c "$BODY_BYTES" /dev/zero >"$body_file"
    gzip -9 -k -f "$body_file"  # big.bin.gz, served by gzip_static to clients that accept gzip
  else
    head -c "$BODY_BYTES" /dev/urandom >"$body_file"  # random: nothing compresses it
  fi
fi
if [[ $MODE == fetch ]]; then
  printf '<html><body><h1>政府信息公开年报</h1><ul><li><a href="/col/report.pdf">测试县2023年政府信息公开工作年度报告</a> 2024-01-20</li></ul></body></html>\n' \
    >"$WWW/col/index.html"
fi

NGINX=$WORK/nginx
cat >"$NGINX/nginx.conf" <<CONF
worker_processes 1; pid $NGINX/nginx.pid; error_log $NGINX/error.log warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream; server_tokens off; sendfile on; tcp_nopush on;
  access_log off; keepalive_timeout 65s;
  types { text/html html; application/pdf pdf; }
  client_body_temp_path $NGINX/tmp/body; proxy_temp_path $NGINX/tmp/proxy;
  fastcgi_temp_path $NGINX/tmp/fcgi; uwsgi_temp_path $NGINX/tmp/uwsgi; scgi_temp_path $NGINX/tmp/scgi;
  server { listen 127.0.0.1:$PORT; root $WWW; $([[ $ENCODING == gzip ]] && echo "gzip_static on;") }
}
CONF
# shellcheck source=bench/loopback_nginx.sh
. "$ROOT/bench/loopback_nginx.sh"
nginx_start "$NGINX"

: >"$WORK/seeds.txt"
RESOLVE=()
for i in $(seq 1 "$HOSTS"); do
  RESOLVE+=(--resolve "h$i.big.test:$PORT:127.0.0.1")
done
if [[ $MODE == fetch ]]; then
  printf 'code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes\n' >"$WORK/seeds.tsv"
  for i in $(seq 1 "$HOSTS"); do
    if [[ $i == 1 ]]; then code=140423 level=county name=测试县; else code=140423-d$i level=department name=测试县第${i}局; fi
    printf '%s\t山西省\t长治市\t%s\t%s\thttp://h%d.big.test:%d/\thttp://h%d.big.test:%d/col/\t\n' \
      "$code" "$name" "$level" "$i" "$PORT" "$i" "$PORT" >>"$WORK/seeds.tsv"
  done
  cat "$body_file" >/dev/null
else
  for i in $(seq 1 "$HOSTS"); do echo "http://h$i.big.test:$PORT/big.bin" >>"$WORK/seeds.txt"; done
  cat "$WWW"/big.bin* >/dev/null  # into the page cache
fi

measure() {  # BUILD BUDGET ROUND: one run under /usr/bin/time -v; prints "RSS_KB WALL WHOLE"
  local build=$1 budget=$2 round=$3 tag
  tag=$(basename "$(dirname "$build")")-$(basename "$build")-$budget-$round
  local t=$WORK/time-$tag.txt out=$WORK/out-$tag.json
  if [[ $MODE == fetch ]]; then
    rm -rf "$WORK/archive"
    /usr/bin/time -v -o "$t" "$build/xxgk" fetch 140423 --seeds "$WORK/seeds.tsv" \
      --archive "$WORK/archive" "${RESOLVE[@]}" --delay 0 --max-inflight-bytes "$budget" \
      --quiet --json >"$out" 2>"$WORK/err-$tag.txt" || true
  else
    /usr/bin/time -v -o "$t" "$build/xxgk" crawl --seeds "$WORK/seeds.txt" "${RESOLVE[@]}" \
      --delay 0 --max-inflight-bytes "$budget" --quiet -o "$WORK/pages-$tag.jsonl" >"$out" \
      2>"$WORK/err-$tag.txt" || true
  fi
  local rss wall whole
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t")
  if [[ $MODE == fetch ]]; then
    whole=$(grep -o '"state":"[a-z_]*"' "$out" | grep -vc unfinished || true)
  else
    whole=$(grep -c "\"bytes\":$BODY_BYTES" "$WORK/pages-$tag.jsonl" || true)
  fi
  echo "$rss $wall $whole"
}

label() { echo "$(basename "$(dirname "$1")")/$(basename "$1")"; }
echo "bodies in flight: MODE=$MODE ENCODING=$ENCODING, $HOSTS hosts x $BODY_MIB MiB, on loopback (nginx, port $PORT), delay 0"
echo
echo "| build | --max-inflight-bytes | round | peak RSS MiB | wall | whole |"
echo "|---|---|---:|---:|---:|---:|"
: >"$WORK/runs.txt"
for round in $(seq 1 "$ROUNDS"); do
  for budget in $BUDGETS; do
    for build in "${BUILDS[@]}"; do
      read -r rss wall whole < <(measure "$build" "$budget" "$round")
      echo "$(label "$build") $budget $rss $wall $whole" >>"$WORK/runs.txt"
      printf '| %s | %s | %d | %.0f | %s | %d of %d |\n' "$(label "$build")" "$budget" "$round" \
        "$(echo "$rss / 1024" | bc -l)" "$wall" "$whole" "$HOSTS"
    done
  done
done
echo
echo "| build | --max-inflight-bytes | median peak RSS MiB | median wall |"
echo "|---|---|---:|---:|"
median() { sort -n | awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m}'; }
for budget in $BUDGETS; do
  for build in "${BUILDS[@]}"; do
    b=$(label "$build")
    m=$(awk -v l="$b" -v g="$budget" '$1 == l && $2 == g {print $3 / 1024}' "$WORK/runs.txt" | median)
    w=$(awk -v l="$b" -v g="$budget" '$1 == l && $2 == g {print $4}' "$WORK/runs.txt" |
      awk -F: '{s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s}' | median)
    printf '| %s | %s | %.0f | %s s |\n' "$b" "$budget" "$m" "$w"
  done
done
