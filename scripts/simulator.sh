# Sourced by scripts that run xxgk against the bundled simulated portals (run.sh,
# report-screenshot.sh): start_simulator starts build/tests/portal_sim on 127.0.0.1 with its
# files (seeds.tsv, …) in "$sim_dir/out", sets $sim_dir, $sim_pid and $port, and stops it and
# removes $sim_dir when the script exits.
start_simulator() {
  sim_dir=$(mktemp -d)
  build/tests/portal_sim "$sim_dir/out" >"$sim_dir/stdout" &
  sim_pid=$!
  trap 'kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; rm -rf "$sim_dir"' EXIT
  for _ in $(seq 100); do grep -q '^port ' "$sim_dir/stdout" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/^port //p' "$sim_dir/stdout")
  [ -n "$port" ] || { echo "$(basename "$0"): the portal simulator did not start" >&2; exit 1; }
}
