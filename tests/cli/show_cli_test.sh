#!/usr/bin/env bash
# `xxgk show DOC`: one archived document named by its doc_id, its number or its exported file
# name (the same document each way, the options before or after DOC): its sources, text and
# record for people; --json as one object; --text exactly the exported text; --record exactly the
# stored record; an unknown document exits 1, a DOC in no form 2, each with its error line; the
# archive is only read (its file is not modified).
# Usage: show_cli_test.sh XXGK_BINARY SOURCE_DIR
set -u
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
pass() { echo "PASS: $*"; }
# expect NAME CODE EXPECTED_STDERR ARGS...: exit code and the whole standard error.
expect() {
  local name=$1 code=$2 err=$3
  shift 3
  "$XXGK" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [[ $rc -eq $code && "$(cat "$T/err")" == "$err" ]]; then pass "$name"
  else fail "$name: exit $rc (want $code): $(cat "$T/err")"; fi
}

A=$T/archive
"$XXGK" import --archive "$A" "$SRC"/seeds/reports/*.txt >/dev/null 2>&1 || fail "import"
"$XXGK" export --archive "$A" --txt "$T/txt" --jsonl "$T/records.jsonl" >/dev/null 2>&1 || fail "export"
file=$(ls "$T/txt" | sed -n 3p)  # NNN_<doc_id>.txt
seq=${file%%_*}
doc_id=${file#*_}; doc_id=${doc_id%.txt}
mtime=$(stat -c %Y.%s "$A/data.mdb"); sum=$(sha256sum <"$A/data.mdb")

# The same document by each name, options before or after.
"$XXGK" show "$doc_id" --archive "$A" >"$T/by_id" 2>"$T/err" || fail "show DOC_ID: $(cat "$T/err")"
for name in "$seq" "$((10#$seq))" "$file" "$T/txt/$file"; do
  "$XXGK" show --archive "$A" "$name" >"$T/by_name" 2>"$T/err"
  if [[ $? -eq 0 ]] && cmp -s "$T/by_id" "$T/by_name"; then pass "show $name is show DOC_ID"
  else fail "show $name differs from show $doc_id: $(cat "$T/err")"; fi
done

# The layout for people: the document, its source, a line of its record, the text, the record.
head -1 "$T/by_id" | grep -q "^document   #$((10#$seq))  $doc_id  (first archived 20" || fail "first line: $(head -1 "$T/by_id")"
grep -q "^source     .*/seeds/reports/.*\.txt  (imported file)$" "$T/by_id" || fail "no source line: $(head -3 "$T/by_id")"
grep -q "^  imported 20[0-9-]*T[0-9:]*Z, text" "$T/by_id" || fail "no imported time and type"
grep -q "^record     .*, template 20[0-9]*, published .*; checks [0-9]* ok, [0-9]* failed; warnings: " "$T/by_id" ||
  fail "no record line: $(grep '^record' "$T/by_id")"
grep -qx -- "---- text ----" "$T/by_id" && grep -qx -- "---- record ----" "$T/by_id" &&
  pass "the layout for people has the document, source, record line, text and record" ||
  fail "no text or record part"

# --text: the exported text, byte for byte; --record: the stored record (export's, without source).
"$XXGK" show --text "$doc_id" --archive "$A" >"$T/text" 2>"$T/err"
cmp -s "$T/text" "$T/txt/$file" && pass "--text is the exported text" || fail "--text differs: $(cat "$T/err")"
"$XXGK" show "$file" --record --archive "$A" >"$T/record" 2>"$T/err"
/usr/bin/python3 - "$T/record" "$T/records.jsonl" "$doc_id" <<'PY' && pass "--record is the stored record" || fail "--record"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, lines
record = json.loads(lines[0])
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if json.loads(l)["doc_id"] == sys.argv[3]][0]
want.pop("source")
assert record == want, (record, want)
PY

# --json: one object.
"$XXGK" show --json --archive "$A" "$seq" >"$T/json" 2>"$T/err"
/usr/bin/python3 - "$T/json" "$T/txt/$file" "$doc_id" "$((10#$seq))" <<'PY' && pass "--json holds the sources, text and record" || fail "--json: $(head -c 300 "$T/json")"
import json, sys
j = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert j["doc_id"] == sys.argv[3] and j["seq"] == int(sys.argv[4]), (j["doc_id"], j["seq"])
assert j["text"] == open(sys.argv[2], encoding="utf-8").read()
s = j["sources"][0]
assert s["kind"] == "file" and s["origin"].endswith(".txt") and s["imported_at"].endswith("Z"), s
assert s["content_type"].startswith("text"), s
assert j["source"]["url"] == s["origin"] and j["source"]["kind"] == "file", j["source"]
assert j["record"]["doc_id"] == j["doc_id"]
PY

# Errors.
expect "an unknown doc_id exits 1" 1 "xxgk: show: ffffffffffffffff: no such document in $A" show ffffffffffffffff --archive "$A"
expect "an unknown number exits 1" 1 "xxgk: show: 999: no such document in $A (no document has that number)" show --archive "$A" 999
expect "a file name from another archive says what its number holds here" 1 "xxgk: show: 1_ffffffffffffffff.txt: no such document in $A (its #1 is $("$XXGK" show 1 --json --archive "$A" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["doc_id"])'): is the file from another archive?)" show 1_ffffffffffffffff.txt --archive "$A"
expect "DOC in no form exits 2" 2 "xxgk: show: report.pdf: names no document: give its doc_id (16 hex digits), its number, or its NNN_<doc_id>.txt file name" show --archive "$A" report.pdf
expect "no DOC exits 2" 2 "xxgk: show: DOC is required (see 'xxgk show --help')" show --archive "$A"
expect "--text with --record exits 2" 2 "xxgk: show: --text excludes --record (see 'xxgk show --help')" show 1 --text --record --archive "$A"
expect "a missing archive exits 1" 1 "xxgk: show: $T/nowhere: no archive here (the directory does not exist)" show 1 --archive "$T/nowhere"
[[ ! -e "$T/nowhere" ]] || fail "show created an archive"
[[ "$(stat -c %Y.%s "$A/data.mdb")" == "$mtime" && "$(sha256sum <"$A/data.mdb")" == "$sum" ]] &&
  pass "the archive is not modified" || fail "show modified data.mdb"

[[ $failed -eq 0 ]] && echo "all passed" || { echo "$failed failed"; exit 1; }
