#!/usr/bin/env bash
# Summaries for people and for cron jobs: `--json` summaries of import, rebuild and export parsed;
# SIGINT ending import and rebuild with their summary and exit 1; the progress line (with ETA) seen
# in a pseudo-terminal (`script`), absent when standard error is a file.
# Usage: summary_cli_test.sh XXGK_BINARY MAKE_REPORTS_BINARY
set -u
XXGK=$1
MAKE_REPORTS=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
pass() { echo "PASS: $*"; }
"$MAKE_REPORTS" "$T/in" 4000 >/dev/null

# json FILE EXPR: the single JSON line of FILE satisfies the Python expression on `s`.
json() { python3 -c 'import json,sys; s=json.loads(open(sys.argv[1]).read()); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }

"$XXGK" import --archive "$T/a" "$T/in" --json >"$T/out" 2>"$T/err" &&
  json "$T/out" 's["command"]=="import" and s["new"]==4000 and s["files"]==4000 and not s["interrupted"]' &&
  pass "import --json" || fail "import --json: $(cat "$T/out" "$T/err")"
"$XXGK" rebuild --archive "$T/a" --json >"$T/out" 2>"$T/err" &&
  json "$T/out" 's["command"]=="rebuild" and s["documents"]==4000 and s["texts"]["verified"]==4000' &&
  pass "rebuild --json" || fail "rebuild --json: $(cat "$T/out" "$T/err")"
"$XXGK" export --archive "$T/a" --jsonl "$T/r.jsonl" --json >"$T/out" 2>"$T/err" &&
  json "$T/out" 's["command"]=="export" and s["records"]==4000' &&
  pass "export --json" || fail "export --json: $(cat "$T/out" "$T/err")"

# interrupted NAME ARGS...: SIGINT once the command is under way; summary line, exit 1.
interrupted() {
  local name=$1
  shift
  "$XXGK" "$@" >"$T/out" 2>"$T/err" &
  local pid=$!
  sleep 0.5
  kill -INT $pid
  wait $pid
  local rc=$?
  if [[ $rc -eq 1 ]] && grep -q "^xxgk: $name: interrupted: " "$T/err" &&
     json "$T/out" 's["interrupted"]'; then
    pass "SIGINT ends $name with its summary"
  elif [[ $rc -eq 0 ]]; then
    echo "SKIP: $name finished before the interrupt"
  else
    fail "SIGINT $name: exit $rc: $(cat "$T/out" "$T/err")"
  fi
}
interrupted import import --archive "$T/b" "$T/in" --jobs 1 --json
interrupted rebuild rebuild --archive "$T/a" --jobs 1 --json

# Progress: on a terminal, a line with the count and an ETA; nothing when stderr is a file.
start=$(date +%s%N)
script -qec "'$XXGK' rebuild --archive '$T/a' --jobs 1" "$T/tty" >/dev/null 2>&1
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if grep -q "rebuilding [0-9]*/4000 (.*ETA" "$T/tty"; then pass "progress with ETA on a terminal"
elif [[ $elapsed_ms -lt 1300 ]]; then echo "SKIP: the rebuild took ${elapsed_ms} ms, under the progress line's first second"
else fail "no progress line in the terminal after ${elapsed_ms} ms: $(head -c 500 "$T/tty")"; fi
"$XXGK" rebuild --archive "$T/a" --jobs 1 >"$T/out" 2>"$T/err"
if grep -q $'\r' "$T/err" || grep -q "rebuilding" "$T/err"; then fail "progress written to a file"; else pass "no progress when not a terminal"; fi
[[ $failed -eq 0 ]]
