#!/usr/bin/env bash
# Many hosts at once (issue 16): the fetch engine (bench/fetch_bench, one network thread) with
# every host of the list in flight together — 200, 1,000 and 5,000 hosts by default — beside
# wget2 on the same list, each run's wall, CPU and peak memory (anonymous and file-backed apart,
# bench/peak_memory.py), the requests nginx served and the engine's failures. Shows whether memory
# grows with the hosts, and that thousands of hosts complete without errors.
#
# Hosts are loopback addresses 127.3.X.Y, all served by one nginx listening on every address
# (port $PORT): to the engine and to wget2 each address is its own host (its own queue,
# politeness and connection). Each host serves PAGES pages of one portal of the shared fixture
# (../shared/bench/gen_portals.py).
#
# Usage: bench/run_hosts_bench.sh [BUILD_DIR]     (default: build)
# Environment: HOSTS ("200 1000 5000"), PAGES (5), REPS (1), PORT (18090), SHARED_BENCH
# (../shared/bench), WORK (BUILD_DIR/hosts-bench).
# Needs: nginx (nginx-light), wget2 (scripts/install-deps.sh); fetch_bench built
# (cmake --build BUILD_DIR --target fetch_bench); ulimit -n above the largest HOSTS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
WORK=${WORK:-$BUILD/hosts-bench}
PORT=${PORT:-18090}
PAGES=${PAGES:-5}
REPS=${REPS:-1}
read -r -a host_counts <<<"${HOSTS:-200 1000 5000}"
BENCH=$BUILD/bench/fetch_bench
# shellcheck source=bench/lib/preflight.sh
. "$ROOT/bench/lib/preflight.sh"
require_built "$BENCH"
require_tools nginx wget2 python3
largest=$(printf '%s\n' "${host_counts[@]}" | sort -n | tail -1)
if (( $(ulimit -n) < largest + 100 )); then
  echo "ulimit -n is $(ulimit -n): raise it above $((largest + 100)) (ulimit -n $((largest * 2)))" >&2
  exit 2
fi
mkdir -p "$WORK"
if [[ ! -f $WORK/fixture/manifest.json ]]; then
  python3 "$SHARED_BENCH/gen_portals.py" --out "$WORK/fixture" >/dev/null
fi

NGINX=$WORK/nginx
mkdir -p "$NGINX/tmp"
portal=$(grep -v '^#' "$WORK/fixture/portals.tsv" | head -1 | cut -f1)
cat >"$NGINX/nginx.conf" <<EOF
worker_processes 1; worker_rlimit_nofile 65536; pid $NGINX/nginx.pid; error_log $NGINX/error.log warn;
events { worker_connections 32768; }
http {
  include /etc/nginx/mime.types; default_type application/octet-stream; charset off;
  server_tokens off; sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65s; keepalive_requests 100000;
  log_format st '\$status'; access_log $NGINX/access.log st;
  open_file_cache max=20000 inactive=300s;
  client_body_temp_path $NGINX/tmp/body; proxy_temp_path $NGINX/tmp/proxy;
  fastcgi_temp_path $NGINX/tmp/fcgi; uwsgi_temp_path $NGINX/tmp/uwsgi; scgi_temp_path $NGINX/tmp/scgi;
  server { listen $PORT; root $WORK/fixture/$portal; }
}
EOF
# shellcheck source=bench/loopback_nginx.sh
. "$ROOT/bench/loopback_nginx.sh"
nginx_start "$NGINX"

# URL lists: PAGES of the portal's pages on each host, host after host within a page, so that
# every host is asked at once.
for n in "${host_counts[@]}"; do
  python3 - "$WORK/fixture" "$portal" "$PORT" "$n" "$PAGES" >"$WORK/urls-$n.txt" <<'PY'
import json, os, sys, urllib.parse
fixture, portal, port, n, pages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
manifest = json.load(open(os.path.join(fixture, "manifest.json"), encoding="utf-8"))
entry = next(p for p in manifest["portals"] if p["id"] == portal)
paths = [urllib.parse.urlsplit(u).path if "://" in u else u for u in entry["html_urls"]][:pages]
for path in paths:
    for i in range(n):
        print("http://127.3.%d.%d:%d%s" % (i // 250, i % 250 + 1, port, path))
PY
done

measure() {  # NAME N COMMAND...: one run; prints a table row
  local name=$1 n=$2
  shift 2
  local out=$WORK/out.txt
  : >"$NGINX/access.log"
  "$ROOT/bench/peak_memory.py" -- "$@" >"$out" 2>"$WORK/err.txt" || true
  local served failed
  served=$(grep -c '^200$' "$NGINX/access.log" || true)
  failed=$(grep -o 'failed [0-9]*' "$out" | head -1 | cut -d' ' -f2 || true)
  read -r wall cpu anon file hwm < <(tail -1 "$out")
  printf '| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |\n' "$name" "$n" "$(wc -l <"$WORK/urls-$n.txt")" \
    "$served" "${failed:--}" "$wall" "$cpu" "$anon" "$file" "$hwm"
}

echo "many hosts: each host 127.3.X.Y:$PORT serves $PAGES pages of $portal; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | hosts | URLs | served 200 | failed | wall s | CPU s | anon MiB | file MiB | VmHWM MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for _ in $(seq 1 "$REPS"); do
  for n in "${host_counts[@]}"; do
    measure "xxgk fetch_bench (all hosts at once)" "$n" "$BENCH" "$WORK/urls-$n.txt" --max-transfers "$n"
    measure "wget2 (5 threads, default)" "$n" wget2 --no-config -q --robots=off --no-hsts --no-hpkp \
      --no-tcp-fastopen -O /dev/null -i "$WORK/urls-$n.txt"
  done
done
echo "(load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
