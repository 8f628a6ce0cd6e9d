#!/usr/bin/env bash
# The CSV and XLSX exports opened by a spreadsheet: LibreOffice Calc (headless) reads the CSV as a user's
# double-click would (comma, UTF-8) and writes back what its cells hold; every doc_id must read
# back exactly as exported — above all the doc_ids a spreadsheet takes for numbers: one with a
# leading zero (0039398645620257) and one that looks like a number with an exponent
# (203e064038572565). Their texts were found by hashing "xxgk spreadsheet probe N". Every row's
# provenance (agency_alias, source kind, URL or imported file, time, content type) reads back as
# export --jsonl states it.
# Skipped (exit 77) when LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui).
# Usage: spreadsheet_cli_test.sh XXGK_BINARY SOURCE_DIR
set -u
XXGK=$1
SRC=$2
if ! command -v soffice >/dev/null || ! ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1; then
  echo "SKIP: LibreOffice Calc not installed (apt-get install libreoffice-calc-nogui)"
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
printf 'xxgk spreadsheet probe 837\n' >"$WORK/in/exponent.txt"    # doc_id 203e064038572565
printf 'xxgk spreadsheet probe 5692\n' >"$WORK/in/zero.txt"       # doc_id 0039398645620257
cp "$SRC"/seeds/reports/*.txt "$WORK/in/"
"$XXGK" import --archive "$WORK/a" "$WORK/in" >/dev/null || { echo "FAIL: import"; exit 1; }
"$XXGK" export --archive "$WORK/a" --csv "$WORK/reports.csv" --jsonl "$WORK/records.jsonl" \
  --xlsx "$WORK/book.xlsx" \
  >/dev/null || { echo "FAIL: export"; exit 1; }
# What every row must read back as: the doc_id and its provenance, as export --jsonl has them.
python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l); s = r["source"]
    print("\t".join([r["doc_id"], r["agency_alias"] or "", s["kind"], s["url"], s["fetched_at"], s["content_type"]]))' \
  "$WORK/records.jsonl" >"$WORK/want"
grep -q "/in/zero.txt" "$WORK/want" && grep -q "	file	" "$WORK/want" || { echo "FAIL: no provenance in the JSON Lines"; exit 1; }
cut -f1 "$WORK/want" | grep -qx 0039398645620257 && cut -f1 "$WORK/want" | grep -qx 203e064038572565 ||
  { echo "FAIL: the probe texts no longer give the numeric-looking doc_ids"; exit 1; }

# read_back FILE: LibreOffice opens FILE and writes its (first) sheet as CSV; per row, the doc_id
# and the provenance columns (agency_alias, source.kind, source.url, source.fetched_at,
# source.content_type), tab-separated.
read_back() {
  local base=${1%.*}
  (cd "$WORK" && timeout 300 soffice -env:UserInstallation="file://$WORK/profile" --headless \
    --infilter="CSV:44,34,76,1" --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" \
    --outdir "$WORK/calc" "$1" >"$WORK/soffice.log" 2>&1)
  [[ -s "$WORK/calc/$base.csv" ]] || { echo "FAIL: LibreOffice wrote nothing for $1: $(cat "$WORK/soffice.log")"; exit 1; }
  python3 -c '
import csv, sys
r = csv.reader(open(sys.argv[1], encoding="utf-8-sig"))
header = next(r)
cols = [header.index(n) for n in ("doc_id", "agency_alias", "source.kind", "source.url", "source.fetched_at", "source.content_type")]
for row in r: print("\t".join(row[c] for c in cols))' \
    "$WORK/calc/$base.csv"
}
status=0
read_back reports.csv >"$WORK/got.csv"
mkdir -p "$WORK/x" && cp "$WORK/book.xlsx" "$WORK/x/bookx.xlsx"
(cd "$WORK/x" && WORK="$WORK/x" read_back bookx.xlsx) >"$WORK/got.xlsx"
for kind in csv xlsx; do
  if ! diff "$WORK/want" "$WORK/got.$kind"; then
    echo "FAIL: doc_ids or provenance read back by LibreOffice from the $kind differ from the exported ones"
    status=1
  else
    echo "PASS: $(wc -l <"$WORK/got.$kind") doc_ids, with their source URL/file, time, type and agency_alias, read back exactly from the $kind by LibreOffice Calc"
  fi
done
# The workbook's second sheet lists the failed checks (000's two), under a frozen header.
python3 - "$WORK/book.xlsx" <<'PY' || status=1
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
book = z.read("xl/workbook.xml").decode()
assert 'name="reports"' in book and 'name="check_failures"' in book, book
rows = re.findall(r"<row ", z.read("xl/worksheets/sheet2.xml").decode())
assert len(rows) >= 3, f"check_failures has {len(rows)} rows"
assert 'state="frozen"' in z.read("xl/worksheets/sheet1.xml").decode(), "header not frozen"
print("PASS: sheets reports and check_failures, header frozen,", len(rows) - 1, "failed checks")
PY
exit $status
