# Sourced by the benchmarks that serve fixtures with nginx on loopback (run_fetch_bench.sh,
# run_inflight_bench.sh): starts nginx with DIR/nginx.conf (pid file and logs in DIR, as the
# configuration names them) and stops it when the script exits, waiting until it has exited so
# that a next run can bind the same addresses.
#   nginx_start DIR
nginx_start() {
  NGINX_DIR=$1
  nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"
  trap nginx_stop EXIT
  sleep 0.5
}

nginx_stop() {
  local pid
  pid=$(cat "$NGINX_DIR/nginx.pid" 2>/dev/null) || return 0
  kill -QUIT "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}
