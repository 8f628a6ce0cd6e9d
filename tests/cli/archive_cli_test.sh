#!/usr/bin/env bash
# The archive commands driven as a user would: import/export round trip of the sample reports,
# idempotent re-import, JSON Lines and CSV exports, filters, stats, rebuild, and bad input (a
# folder that is not an archive, truncated and garbage data files, a read-only archive, a full
# disk, concurrent export during an import). Every case checks exit codes, messages and that
# existing data is left intact.
#   archive_cli_test.sh XXGK SOURCE_DIR [MAKE_REPORTS]
set -euo pipefail
XXGK=$1
SRC=$2
T=$(mktemp -d /tmp/xxgk-archive-cli-XXXXXX)
MOUNTED=""
cleanup() {
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null || true
  chmod -R u+w "$T" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT

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
# The documented normalisation (README "Document identity"): BOM, CR LF / CR, trailing white space.
normalise() { perl -CSD -0777 -pe 's/\A\x{FEFF}//; s/\r\n?/\n/g; s/[ \t\x{0B}\x{0C}\x{A0}\x{3000}]+$//mg' "$1"; }

A=$T/archive
SEEDS=$SRC/seeds/reports

# ---- round trip ----------------------------------------------------------------------------
run 0 "$XXGK" import --archive "$A" "$SEEDS"
expect_out "imported 5 files"
expect_out "5 new, 0 duplicates, 0 failed"
run 0 "$XXGK" export --archive "$A" --txt "$T/txt" --jsonl "$T/records.jsonl" --csv "$T/reports.csv"
expect_out "exported 5 documents"
mapfile -t exported < <(cd "$T/txt" && ls)
[ "${#exported[@]}" -eq 5 ] || fail "expected 5 exported files, got ${exported[*]}"
mapfile -t seeds < <(cd "$SEEDS" && ls)
for i in 0 1 2 3 4; do
  name=${exported[$i]}
  [[ $name =~ ^00${i}_[0-9a-f]{16}\.txt$ ]] || fail "bad exported name $name"
  # The name is the sequence number and the doc_id of the text it holds.
  hash=$(sha256sum "$T/txt/$name" | cut -c1-16)
  [ "${name:4:16}" = "$hash" ] || fail "$name holds a text whose doc_id is $hash"
  # The text is the input's, after the documented normalisation.
  cmp -s <(normalise "$SEEDS/${seeds[$i]}") "$T/txt/$name" || fail "$name differs from ${seeds[$i]} normalised"
done
run 0 "$XXGK" import --archive "$A" "$T/txt"
expect_out "0 new, 5 duplicates, 0 failed"
grep -q "new source" "$T/out" && fail "re-importing the exported texts added sources: $(cat "$T/out")"
run 0 "$XXGK" import --archive "$A" "$SEEDS"
expect_out "0 new, 5 duplicates, 0 failed"
run 0 "$XXGK" stats --archive "$A" --json
grep -q '"documents": 5' "$T/out" || fail "stats: $(cat "$T/out")"
grep -q '"sources": 5' "$T/out" || fail "sources were added by re-imports: $(cat "$T/out")"

# JSON Lines: one record per document, in archive order, each naming its document.
[ "$(wc -l <"$T/records.jsonl")" -eq 5 ] || fail "records.jsonl should have 5 lines"
for i in 0 1 2 3 4; do
  sed -n "$((i + 1))p" "$T/records.jsonl" | grep -q "\"doc_id\":\"${exported[$i]:4:16}\"" ||
    fail "record $i is not document ${exported[$i]}"
done
# CSV: BOM, a header, one CRLF-terminated row per report.
[ "$(head -c 3 "$T/reports.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "CSV lacks a BOM"
head -1 "$T/reports.csv" | grep -q "seq,doc_id,first_seen,agency,agency_alias,year,template,published,checks_failed,warnings,source.kind,source.url," || fail "CSV header"
head -1 "$T/reports.csv" | grep -q "applications.new_received.natural_person" || fail "CSV cell columns"
[ "$(wc -l <"$T/reports.csv")" -eq 6 ] || fail "CSV should have a header and 5 rows"
[ "$(grep -c $'\r$' "$T/reports.csv")" -eq 6 ] || fail "CSV lines should end in CRLF"
grep -q "^0,\"=\"\"${exported[0]:4:16}\"\"\",.*襄垣县人民政府办公室,[^,]*,2023,2021," "$T/reports.csv" || fail "CSV row 0 (doc_id as a =\"…\" text cell)"

# Filters.
run 0 "$XXGK" export --archive "$A" --jsonl - --county 古韩镇
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--county 古韩镇 should keep one report, got $(wc -l <"$T/out")"
run 0 "$XXGK" export --archive "$A" --jsonl "$T/none.jsonl" --since 2999-01-01
expect_out "exported 0 documents"
run 2 "$XXGK" export --archive "$A" --jsonl - --since yesterday
expect_err "--since: wants a date YYYY-MM-DD that exists"
run 2 "$XXGK" export --archive "$A"
expect_err "nothing to export"

# Stats and rebuild on a healthy archive.
run 0 "$XXGK" stats --archive "$A"
expect_out "documents 5"
expect_out "total_vs_results: 1"
run 0 "$XXGK" rebuild --archive "$A"
expect_out "5 verified, 0 repaired"
expect_out "0 missing, 0 damaged"

# The configuration file supplies the archive when --archive is not given.
printf '[archive]\npath = "%s"\n' "$A" >"$T/xxgk.toml"
run 0 "$XXGK" stats --config "$T/xxgk.toml"
expect_out "documents 5"
printf '[archive\npath = 1\n' >"$T/bad.toml"
run 2 "$XXGK" stats --config "$T/bad.toml"
expect_err "bad.toml:1"

# ---- bad input -----------------------------------------------------------------------------
# Files that are missing or not text are named; the others are still imported. An image is read by
# OCR; this one is damaged, so OCR refuses it and its payload is kept for later
# (tests/cli/pending_cli_test.sh); with --no-ocr it is a format not converted.
printf 'report text \xff\xff\xff end\n' >"$T/garbled.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' >"$T/scan.png"
run 1 "$XXGK" import --archive "$T/other" "$T/missing.txt" "$T/garbled.txt" "$T/scan.png" "$SEEDS/${seeds[0]}"
expect_err "missing.txt: no such file"
expect_err "garbled.txt: not valid UTF-8"
expect_err "scan.png: refused (ocr_failed): OCR ocr_image_damaged"
expect_out "1 new, 0 duplicates, 2 failed, kept for later: 1"
run 1 "$XXGK" import --no-ocr --archive "$T/no-ocr" "$T/scan.png"
expect_err "scan.png: unsupported format image"
expect_err "OCR is turned off (--no-ocr)"
expect_out "kept for later: 1"
# Reports come as web pages too, in GBK: import reads them through the same converter as 'xxgk text'.
run 0 "$XXGK" import --archive "$T/other" "$SRC/tests/extract/formats/gbk_meta_gb2312.html"
expect_out "1 new"
run 0 "$XXGK" text "$SRC/tests/extract/formats/gbk_meta_gb2312.html"
cp "$T/out" "$T/gbk.txt"
run 0 "$XXGK" export --archive "$T/other" --txt "$T/other-txt"
cmp -s "$T/gbk.txt" "$T/other-txt/001_$(sha256sum "$T/gbk.txt" | cut -c1-16).txt" ||
  fail "the archived text of the GBK page is not what 'xxgk text' prints"

# A symbolic link inside an imported folder is skipped and counted (issue 17: a link to
# /etc/passwd was archived); --follow-symlinks reads them; a link named as PATH is read.
mapfile -t seeds < <(ls "$SEEDS")
mkdir -p "$T/linked/in" "$T/outside/sub"
cp "$SEEDS/${seeds[0]}" "$T/linked/in/"
cp "$SEEDS/${seeds[1]}" "$T/outside/"
cp "$SEEDS/${seeds[2]}" "$T/outside/sub/"
ln -s "$T/outside/${seeds[1]}" "$T/linked/in/file-link.txt"
ln -s "$T/outside/sub" "$T/linked/in/folder-link"
ln -s /etc/passwd "$T/linked/in/passwd"
run 0 "$XXGK" import --archive "$T/la" "$T/linked/in" --json
grep -q '"symlinks_skipped":3' "$T/out" && grep -q '"archive_documents":1' "$T/out" ||
  fail "links inside a folder were not skipped: $(cat "$T/out")"
run 0 "$XXGK" import --archive "$T/la2" "$T/linked/in"
expect_out "symbolic links skipped: 3"
rm "$T/linked/in/passwd"
run 0 "$XXGK" import --archive "$T/lb" --follow-symlinks "$T/linked/in" --json
grep -q '"archive_documents":3' "$T/out" || fail "--follow-symlinks: $(cat "$T/out")"
run 0 "$XXGK" import --archive "$T/lc" "$T/linked/in/file-link.txt" --json
grep -q '"archive_documents":1' "$T/out" || fail "a link named as PATH was not read: $(cat "$T/out")"

# Files whose bytes are not their text — an HTML page, a DOCX, a .txt that normalisation changes
# (CR LF) and a DOC read by a stand-in for LibreOffice that logs each call — imported again are
# duplicates found by their payload digest (the payload_docs index), not converted again: the
# stand-in is not called, the summary counts them "unconverted", and with --no-office the DOC is
# still a duplicate, not kept for later as a DOC converted again without LibreOffice would be.
F=$SRC/tests/extract/formats/office
P=$T/payloads
mkdir -p "$P/in"
cp "$F/000_d897ee77a401e675.html" "$P/in/a.html"
cp "$F/001_fbb51525c9b5bd86.docx" "$P/in/b.docx"
sed 's/$/\r/' "$SEEDS/${seeds[2]}" >"$P/in/c.txt"
{ printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1'; head -c 504 /dev/zero; } >"$P/in/d.doc"
cat >"$P/soffice" <<SOFFICE
#!/bin/sh
echo called >>"$P/soffice-calls"
while [ \$# -gt 1 ]; do [ "\$1" = --outdir ] && out=\$2; shift; done
cp "$F/003_52af5dc99edcef6c.docx" "\$out/in.docx"
SOFFICE
chmod +x "$P/soffice"
run 0 "$XXGK" import --archive "$P/archive" --soffice "$P/soffice" "$P/in" --json
grep -q '"new":4,"duplicates":0,"unconverted":0' "$T/out" ||
  fail "the files that are not texts were not imported: $(cat "$T/out")"
[ "$(wc -l <"$P/soffice-calls")" -eq 1 ] || fail "the DOC was not converted once"
run 0 "$XXGK" import --archive "$P/archive" --soffice "$P/soffice" "$P/in" --json
grep -q '"new":0,"duplicates":4,"unconverted":4' "$T/out" ||
  fail "a re-import converted files already archived: $(cat "$T/out")"
[ "$(wc -l <"$P/soffice-calls")" -eq 1 ] || fail "a re-import converted the DOC again"
run 0 "$XXGK" import --archive "$P/archive" --no-office "$P/in"
expect_out "0 new, 4 duplicates, 0 failed, kept for later: 0"
# Under a lowered --max-input-bytes they are converted, and refused, as before: no file is
# skipped that the import would not take.
run 0 "$XXGK" import --archive "$P/archive" --max-input-bytes 500 --soffice "$P/soffice" "$P/in" --json
grep -q '"unconverted":0' "$T/out" || fail "--max-input-bytes: $(cat "$T/out")"

# A folder that is not an archive is refused and left alone.
mkdir "$T/notes" && echo "mine" >"$T/notes/notes.txt"
run 1 "$XXGK" import --archive "$T/notes" "$SEEDS"
expect_err "not an xxgk archive"
[ "$(ls "$T/notes")" = "notes.txt" ] || fail "import wrote into a foreign folder"
run 1 "$XXGK" export --archive "$T/nowhere" --txt "$T/x"
expect_err "no archive here"
[ ! -e "$T/nowhere" ] || fail "export created an archive"

# A truncated data file is refused, not read past its end; the file is not changed.
cp -r "$A" "$T/cut"
size=$(stat -c %s "$T/cut/data.mdb")
truncate -s $((size / 2)) "$T/cut/data.mdb"
run 1 "$XXGK" stats --archive "$T/cut"
expect_err "truncated"
[ "$(stat -c %s "$T/cut/data.mdb")" -eq $((size / 2)) ] || fail "the truncated file was changed"
# A data file of garbage is refused with a clear message.
# Nothing is written: no lock.mdb appears beside it (issue 17).
mkdir "$T/garbage" && head -c 65536 /dev/urandom >"$T/garbage/data.mdb"
before=$(sha256sum "$T/garbage/data.mdb")
run 1 "$XXGK" stats --archive "$T/garbage"
expect_err "not an xxgk archive"
run 1 "$XXGK" import --archive "$T/garbage" "$SEEDS"
expect_err "not an LMDB database"
[ ! -e "$T/garbage/lock.mdb" ] || fail "lock.mdb was created beside a random data.mdb"
[ "$(sha256sum "$T/garbage/data.mdb")" = "$before" ] || fail "the random data.mdb changed"
# A 0-byte data.mdb is refused, not re-created as an empty archive.
mkdir "$T/zero" && : >"$T/zero/data.mdb"
run 1 "$XXGK" stats --archive "$T/zero"
expect_err "data.mdb is empty"
run 1 "$XXGK" import --archive "$T/zero" "$SEEDS"
expect_err "data.mdb is empty"
[ "$(stat -c %s "$T/zero/data.mdb")" -eq 0 ] && [ ! -e "$T/zero/lock.mdb" ] || fail "the 0-byte data.mdb was written"

# A read-only archive: writing is refused with the reason; reading still works.
cp -r "$A" "$T/ro"
chmod -R a-w "$T/ro"
chmod 755 "$T"
AS=()
if [ "$(id -u)" -eq 0 ]; then AS=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
before=$(sha256sum "$T/ro/data.mdb")
run 1 "${AS[@]}" "$XXGK" import --archive "$T/ro" "$T/txt"
expect_err "Permission denied"
[ "$(sha256sum "$T/ro/data.mdb")" = "$before" ] || fail "the read-only archive changed"
# Read commands open it read-only (without lock.mdb when it cannot be created): they work.
rm -f "$T/ro/lock.mdb" 2>/dev/null; chmod u+w "$T/ro"; rm -f "$T/ro/lock.mdb"; chmod a-w "$T/ro"
n_docs=$("$XXGK" export --archive "$A" --jsonl - | wc -l)
run 0 "${AS[@]}" "$XXGK" stats --archive "$T/ro" --json
grep -q "\"documents\": $n_docs," "$T/out" || fail "stats of the read-only archive: $(cat "$T/out")"
run 0 "${AS[@]}" "$XXGK" export --archive "$T/ro" --jsonl -
[ "$(wc -l <"$T/out")" -eq "$n_docs" ] || fail "export of the read-only archive: $(cat "$T/out")"
[ ! -e "$T/ro/lock.mdb" ] || fail "a read created lock.mdb in the read-only archive"
[ "$(sha256sum "$T/ro/data.mdb")" = "$before" ] || fail "reading the read-only archive changed it"
chmod -R u+w "$T/ro"

# A full disk: the import fails with a clear error; what was stored stays intact.
MAKE_REPORTS=${3:-}
if [ -n "$MAKE_REPORTS" ]; then
  mkdir "$T/small"
  if mount -t tmpfs -o size=1500k tmpfs "$T/small" 2>/dev/null; then
    MOUNTED="$T/small"
    LIMIT=()
  else  # no permission to mount: a file-size limit makes the data file's growth fail the same way
    LIMIT=(bash -c 'trap "" XFSZ; ulimit -f 1500; exec "$@"' limit)
  fi
  run 0 "$XXGK" import --archive "$T/small/a" "$SEEDS"
  "$MAKE_REPORTS" "$T/many" 1500 >/dev/null
  run 1 "${LIMIT[@]}" "$XXGK" import --archive "$T/small/a" "$T/many"
  grep -qiE "no space left|write to data.mdb failed" "$T/err" || fail "no clear full-disk error: $(cat "$T/err")"
  run 0 "$XXGK" export --archive "$T/small/a" --txt "$T/after-full"
  [ "$(ls "$T/after-full" | head -5 | tr '\n' ' ')" = "$(ls "$T/txt" | tr '\n' ' ')" ] ||
    fail "the samples are not intact after the full disk"
  for f in "$T"/txt/*; do cmp -s "$f" "$T/after-full/$(basename "$f")" || fail "$f changed"; done
  [ -n "$MOUNTED" ] && umount "$MOUNTED" && MOUNTED=""

  # Export runs while an import writes: both succeed, and the export is a consistent snapshot.
  "$MAKE_REPORTS" "$T/more" 600 2000 >/dev/null
  "$XXGK" import --archive "$T/busy" "$SEEDS" >/dev/null
  "$XXGK" import --archive "$T/busy" --jobs 1 "$T/more" >"$T/import.out" 2>&1 &
  importer=$!
  exports=0
  while kill -0 "$importer" 2>/dev/null; do
    run 0 "$XXGK" export --archive "$T/busy" --jsonl "$T/busy.jsonl"
    n=$(wc -l <"$T/busy.jsonl")
    [ "$n" -ge 5 ] || fail "concurrent export lost documents ($n)"
    exports=$((exports + 1))
  done
  wait "$importer" || fail "the import failed while exports ran: $(cat "$T/import.out")"
  grep -q "600 new" "$T/import.out" || fail "import: $(cat "$T/import.out")"
  [ "$exports" -ge 1 ] || fail "no export ran during the import"
  echo "concurrent exports during the import: $exports"
fi
echo "archive CLI: all checks passed"
