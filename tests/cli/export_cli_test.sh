#!/usr/bin/env bash
# `xxgk export` refusing what would lose data: a --txt folder that is not empty (unless --force),
# a --since date that does not exist; and Ctrl-C (SIGINT) mid-export leaving no temporary file,
# with its summary line and exit 1.
# Usage: export_cli_test.sh XXGK_BINARY MAKE_REPORTS_BINARY
set -u
XXGK=$1
MAKE_REPORTS=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
pass() { echo "PASS: $*"; }

"$MAKE_REPORTS" "$T/in" 3000 >/dev/null
"$XXGK" import --archive "$T/a" "$T/in" >/dev/null 2>&1 || fail "import"

mkdir -p "$T/old" && echo old >"$T/old/keep.txt"
"$XXGK" export --archive "$T/a" --txt "$T/old" >"$T/out" 2>"$T/err"
rc=$?
if [[ $rc -eq 2 && "$(cat "$T/err")" == "xxgk: export: $T/old: refused: the folder is not empty (--force writes into it anyway, replacing files of the same name)" &&
      $(ls "$T/old" | wc -l) -eq 1 ]]; then pass "non-empty --txt folder refused"
else fail "non-empty folder: exit $rc: $(cat "$T/err")"; fi
"$XXGK" export --archive "$T/a" --txt "$T/old" --force >/dev/null 2>&1
[[ $? -eq 0 && $(ls "$T/old" | wc -l) -eq 3001 ]] && pass "--force writes into it" || fail "--force"

for date in 2026-13-45 2026-02-30 26-01-01; do
  "$XXGK" export --archive "$T/a" --jsonl - --since "$date" >"$T/out" 2>"$T/err"
  rc=$?
  if [[ $rc -eq 2 && "$(cat "$T/err")" == "xxgk: export: --since: wants a date YYYY-MM-DD that exists, not '$date'" ]]; then
    pass "--since $date refused"
  else fail "--since $date: exit $rc: $(cat "$T/err")"; fi
done
"$XXGK" export --archive "$T/a" --jsonl - --since 2024-02-29 >/dev/null 2>&1 && pass "a leap day is a date" || fail "2024-02-29"

# Ctrl-C: the export stops, the .tmp files are gone, nothing half-written under the final names.
"$XXGK" export --archive "$T/a" --jsonl "$T/r.jsonl" --csv "$T/r.csv" --txt "$T/txt" >"$T/out" 2>"$T/err" &
pid=$!
for _ in $(seq 1 200); do compgen -G "$T/r.jsonl.tmp*" >/dev/null && break; sleep 0.01; done
kill -INT $pid
wait $pid
rc=$?
if [[ -e "$T/r.jsonl" ]]; then
  echo "SKIP: the export finished before the interrupt arrived"
elif [[ $rc -eq 1 ]] && ! compgen -G "$T/r.*.tmp*" >/dev/null &&
     ! ls -A "$T/txt" | grep -q '\.tmp$' && grep -q "^xxgk: export: interrupted: " "$T/err"; then
  pass "SIGINT: summary, exit 1, no temporary left"
else
  fail "SIGINT: exit $rc; $(ls -A "$T" "$T/txt" | grep tmp); $(cat "$T/err")"
fi

# A symbolic link planted at FILE.tmp (issue 17) is neither followed nor replaced: the export
# writes a fresh temporary of its own; the link's target is untouched and FILE is a regular file.
echo "precious" >"$T/victim"
"$MAKE_REPORTS" "$T/few" 3 >/dev/null
"$XXGK" import --archive "$T/small" "$T/few" >/dev/null 2>&1 || fail "import of 3"
for f in p.jsonl p.csv p.xlsx p.warc.gz p.cdxj; do ln -s "$T/victim" "$T/$f.tmp"; done
"$XXGK" export --archive "$T/small" --jsonl "$T/p.jsonl" --csv "$T/p.csv" --xlsx "$T/p.xlsx" \
  >"$T/out" 2>"$T/err" || fail "export with planted links: $(cat "$T/err")"
"$XXGK" export --archive "$T/small" --warc "$T/p.warc.gz" --cdxj "$T/p.cdxj" \
  >"$T/out" 2>"$T/err" || fail "WARC export with planted links: $(cat "$T/err")"
ok=1
[[ "$(cat "$T/victim")" == "precious" ]] || { ok=0; fail "the planted link's target was overwritten"; }
for f in p.jsonl p.csv p.xlsx p.warc.gz p.cdxj; do
  [[ -f "$T/$f" && ! -L "$T/$f" && -s "$T/$f" ]] || { ok=0; fail "$f is not a regular file"; }
  [[ -L "$T/$f.tmp" ]] || { ok=0; fail "$f.tmp was replaced"; }
done
[[ $(wc -l <"$T/p.jsonl") -eq 3 ]] || { ok=0; fail "p.jsonl lacks documents"; }
[[ $ok -eq 1 ]] && pass "links planted at FILE.tmp are not followed"
echo "$failed failed"
[[ $failed -eq 0 ]]
