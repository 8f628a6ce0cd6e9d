#!/usr/bin/env bash
# Payloads kept for later, driven as a user would: files refused under a lowered --max-input-bytes
# and a legacy DOC (OLE2) with no converter installed are kept pending by `import` (payload stored
# once, exit 1, "kept for later: N"), shown by `stats` (also --json), exported nowhere, and
# `rebuild` turns those that convert now into documents. Hostile input: a 200 MB file given to
# `text`, `extract` and `import` is refused as input_too_large, naming the limit, and not kept.
#   pending_cli_test.sh XXGK SOURCE_DIR
set -euo pipefail
XXGK=$1
SRC=$2
T=$(mktemp -d /tmp/xxgk-pending-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# run CODE CMD...: runs CMD, keeps stdout/stderr in $T/out, $T/err, and checks the exit code.
run() {
  local want=$1; shift
  set +e; "$@" >"$T/out" 2>"$T/err"; local rc=$?; set -e
  [ "$rc" -eq "$want" ] || fail "exit $rc, wanted $want: $*
stdout: $(cat "$T/out")
stderr: $(cat "$T/err")"
}
expect_out() { grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1': $(cat "$T/out")"; }
expect_err() { grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1': $(cat "$T/err")"; }
expect_err_re() { grep -qE -- "$1" "$T/err" || fail "stderr lacks /$1/: $(cat "$T/err")"; }
# stat_is KEY VALUE: `xxgk stats --json` of $A has "KEY": VALUE.
stat_is() {
  run 0 "$XXGK" stats --archive "$A" --json
  grep -qF "\"$1\": $2" "$T/out" || fail "stats: wanted \"$1\": $2 in $(cat "$T/out")"
}
# Without LibreOffice on PATH, DOC/WPS are a format not converted yet (crawler/ingest/office_convert.h).
no_office() { env PATH=/nonexistent "$@"; }

A=$T/archive
SEEDS=$SRC/seeds/reports
LIMIT=67108864  # extract::DocumentLimits::max_input_bytes, 64 MiB

# ---- refused under a lowered limit: kept, then converted by rebuild -------------------------
run 1 "$XXGK" import --archive "$A" --max-input-bytes 1000 "$SEEDS"
expect_out "0 new, 0 duplicates, 0 failed, kept for later: 5"
expect_out "the archive holds 0 documents and 5 payloads kept for later"
expect_err "refused (input_too_large)"
expect_err "over the limit of 1000; payload kept for later"
[ "$(grep -c 'kept for later' "$T/err")" -eq 5 ] || fail "each file should be named: $(cat "$T/err")"
stat_is documents 0
stat_is pending 5
stat_is payloads 5
grep -qF '"input_too_large": 5' "$T/out" || fail "pending_by_code: $(cat "$T/out")"
run 0 "$XXGK" stats --archive "$A"
expect_out "pending   5 payloads kept for later (by code: input_too_large: 5"

# Importing the same files again keeps nothing twice.
run 1 "$XXGK" import --archive "$A" --max-input-bytes 1000 "$SEEDS"
expect_out "kept for later: 5 (5 already kept)"
expect_err "payload already kept for later"
stat_is pending 5
stat_is payloads 5

# Pending payloads are exported nowhere.
run 0 "$XXGK" export --archive "$A" --txt "$T/txt0" --jsonl "$T/none.jsonl"
[ -z "$(ls -A "$T/txt0")" ] || fail "pending payloads were exported: $(ls "$T/txt0")"
[ ! -s "$T/none.jsonl" ] || fail "pending payloads gave records: $(cat "$T/none.jsonl")"

# A rebuild under the same limit converts nothing; without it, every one.
run 0 "$XXGK" rebuild --archive "$A" --max-input-bytes 1000
expect_out "pending:  converted 0, still pending 5, 0 missing or damaged"
stat_is pending 5
run 0 "$XXGK" rebuild --archive "$A"
expect_out "pending:  converted 5, still pending 0, 0 missing or damaged"
stat_is pending 0
stat_is documents 5
stat_is records 5
stat_is sources 5
# The same payloads as a plain import keeps (one that is its document's text is kept only as the
# text).
run 0 "$XXGK" import --archive "$T/plain" "$SEEDS"
run 0 "$XXGK" stats --archive "$T/plain" --json
plain_payloads=$(grep -o '"payloads": [0-9]*' "$T/out")
[ "$plain_payloads" != '"payloads": 5' ] || fail "some seeds should be normalised texts already"
stat_is payloads "${plain_payloads#*: }"
# The same documents as a plain import of the seeds.
run 0 "$XXGK" export --archive "$A" --txt "$T/txt"
run 0 "$XXGK" export --archive "$T/plain" --txt "$T/plain-txt"
diff <(cd "$T/txt" && ls | cut -c5-20 | sort) <(cd "$T/plain-txt" && ls | cut -c5-20 | sort) ||
  fail "the converted documents are not those of a plain import"
run 0 "$XXGK" rebuild --archive "$A"
expect_out "5 verified, 0 repaired"
expect_out "pending:  converted 0, still pending 0"
# Importing the seeds now: all duplicates, nothing pending.
run 0 "$XXGK" import --archive "$A" "$SEEDS"
expect_out "0 new, 5 duplicates, 0 failed, kept for later: 0"

# ---- a legacy DOC (OLE2) with no converter: kept, exported nowhere -------------------------
B=$T/doc-archive
mkdir -p "$T/in"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' >"$T/in/report.doc"
head -c 4000 /dev/urandom >>"$T/in/report.doc"
cp "$T/in/report.doc" "$T/in/copy.wps"
cp "$SEEDS"/000_*.txt "$T/in/"
run 1 no_office "$XXGK" import --archive "$B" "$T/in"
expect_out "1 new, 0 duplicates, 0 failed, kept for later: 2 (1 already kept)"
# Files go in name order: copy.wps first.
expect_err_re "copy.wps: unsupported format doc .*\\[unsupported_format\\]; payload kept for later"
expect_err_re "report.doc: unsupported format doc .*\\[unsupported_format\\]; payload already kept for later"
A=$B
stat_is documents 1
stat_is pending 1
stat_is payloads 1
grep -qF '"unsupported_format": 1' "$T/out" || fail "pending_by_code: $(cat "$T/out")"
grep -qF '"doc": 1' "$T/out" || fail "pending_by_format: $(cat "$T/out")"
run 0 "$XXGK" export --archive "$B" --txt "$T/doc-txt" --jsonl "$T/doc.jsonl" --csv "$T/doc.csv"
[ "$(ls "$T/doc-txt" | wc -l)" -eq 1 ] || fail "only the text document is exported: $(ls "$T/doc-txt")"
[ "$(wc -l <"$T/doc.jsonl")" -eq 1 ] || fail "only the text document has a record"
[ "$(wc -l <"$T/doc.csv")" -eq 2 ] || fail "only the text document is a CSV row"
run 0 no_office "$XXGK" rebuild --archive "$B"
expect_out "pending:  converted 0, still pending 1, 0 missing or damaged"
stat_is pending 1

# ---- a real DOC: kept with --no-office, converted by rebuild once LibreOffice may run ----------
C=$T/real-doc
DOC=$SRC/tests/extract/formats/doc/004_5d91dc09e275c8dc.doc
run 1 "$XXGK" import --archive "$C" --no-office "$DOC"
expect_out "0 new, 0 duplicates, 0 failed, kept for later: 1"
expect_err "LibreOffice conversion is turned off"
run 0 "$XXGK" rebuild --archive "$C" --no-office
expect_out "pending:  converted 0, still pending 1, 0 missing or damaged"
if command -v soffice >/dev/null 2>&1; then
  run 0 "$XXGK" rebuild --archive "$C"
  expect_out "pending:  converted 1, still pending 0, 0 missing or damaged"
  run 0 "$XXGK" export --archive "$C" --jsonl "$T/doc-record.jsonl"
  run 0 "$XXGK" extract "$SEEDS/004_5d91dc09e275c8dc.txt"
  for field in '"agency":[^,]*' '"year":[^,]*' '"template":[^,]*' '"published":[^,]*' \
      '"licensing":[^,]*' '"penalty":[^,]*'; do
    want=$(grep -o "$field" "$T/out" | head -1)
    got=$(grep -o "$field" "$T/doc-record.jsonl" | head -1)
    [ -n "$want" ] && [ "$got" = "$want" ] || fail "DOC record: $got, the sample's: $want"
  done
else
  echo "pending_cli_test: soffice not installed; the DOC conversion by rebuild is not checked"
fi

# ---- hostile input: 200 MB ----------------------------------------------------------------
truncate -s 200M "$T/big.txt"
run 1 "$XXGK" text "$T/big.txt"
expect_err "big.txt: refused (input_too_large): 209715200 bytes, over the limit of $LIMIT"
[ ! -s "$T/out" ] || fail "text printed something for a refused file"
run 1 "$XXGK" text - <"$T/big.txt"  # standard input cannot be measured first: the read is capped
expect_err "refused (input_too_large): more than $LIMIT bytes, over the limit of $LIMIT"
run 1 "$XXGK" extract "$T/big.txt" "$SEEDS/000_d897ee77a401e675.txt"
expect_err "big.txt: refused (input_too_large): 209715200 bytes, over the limit of $LIMIT"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "extract should give an error line and the other file's record"
head -1 "$T/out" | grep -q '^{"file":"[^"]*big.txt","error":"refused (input_too_large): ' ||
  fail "extract's first line is not big.txt's error line: $(head -c 200 "$T/out")"
tail -1 "$T/out" | grep -q '"schema":"xxgk/report-1"' || fail "extract's second line is no record"
mkdir -p "$T/bigdir"
truncate -s 200M "$T/bigdir/huge.pdf"
A=$T/big-archive
run 1 "$XXGK" import --archive "$A" "$T/big.txt" "$T/bigdir" "$SEEDS/000_d897ee77a401e675.txt"
expect_out "1 new, 0 duplicates, 2 failed, kept for later: 0"
expect_err "big.txt: refused (input_too_large): 209715200 bytes, over the limit of $LIMIT"
expect_err "huge.pdf: refused (input_too_large): 209715200 bytes, over the limit of $LIMIT"
stat_is pending 0  # a payload over the limit is never stored
stat_is payloads 0
run 2 "$XXGK" import --archive "$A" --max-input-bytes 999999999999 "$SEEDS"  # above the maximum

echo "pending CLI tests passed"
