#!/usr/bin/env bash
# Crash safety: an import of thousands of documents is killed with SIGKILL at random moments.
# After every kill the archive must open, every document it reports must be intact (rebuild
# verifies each text and payload digest and exits 0), and exported names must match the texts.
# Re-running the import must then complete it: every report stored exactly once.
#   archive_crash_test.sh XXGK MAKE_REPORTS
set -euo pipefail
XXGK=$1
MAKE_REPORTS=$2
T=$(mktemp -d /tmp/xxgk-crash-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

COUNT=3000
KILLS=6
"$MAKE_REPORTS" "$T/reports" "$COUNT"
A=$T/archive

documents() { "$XXGK" stats --archive "$A" --json | sed -n 's/^  "documents": \([0-9]*\),$/\1/p'; }

previous=0
for round in $(seq 1 "$KILLS"); do
  "$XXGK" import --archive "$A" "$T/reports" >"$T/import.log" 2>&1 &
  pid=$!
  # A random moment between 50 ms and 1.5 s into the import.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.05 + (r % 1450) / 1000 }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -e "$A/data.mdb" ] || continue  # killed before the archive was created
  "$XXGK" rebuild --archive "$A" --jobs 2 >"$T/rebuild.log" 2>&1 ||
    fail "round $round: rebuild found damage after kill -9: $(cat "$T/rebuild.log")"
  n=$(documents)
  [ "$n" -ge "$previous" ] || fail "round $round: documents went from $previous to $n"
  [ "$n" -le "$COUNT" ] || fail "round $round: $n documents from $COUNT files"
  echo "round $round: killed with $n documents stored, all verified"
  previous=$n
done

"$XXGK" import --archive "$A" "$T/reports" >"$T/import.log" 2>&1 || fail "final import: $(cat "$T/import.log")"
grep -q "$((COUNT - previous)) new, $previous duplicates, 0 failed" "$T/import.log" ||
  fail "the re-run should add exactly the missing documents: $(cat "$T/import.log")"
[ "$(documents)" -eq "$COUNT" ] || fail "expected $COUNT documents after the re-run"
"$XXGK" rebuild --archive "$A" --jobs 2 >"$T/rebuild.log" || fail "final rebuild: $(cat "$T/rebuild.log")"
grep -q "$COUNT verified, 0 repaired" "$T/rebuild.log" || fail "rebuild: $(cat "$T/rebuild.log")"
"$XXGK" export --archive "$A" --txt "$T/txt" >/dev/null
[ "$(ls "$T/txt" | wc -l)" -eq "$COUNT" ] || fail "export should write $COUNT files"
for f in $(ls "$T/txt" | shuf -n 50 --random-source=<(yes)); do
  id=${f#*_}
  [ "${id%.txt}" = "$(sha256sum "$T/txt/$f" | cut -c1-16)" ] || fail "$f does not hold its document"
done
echo "crash test: $KILLS kills, then $COUNT documents complete and verified"
