#!/usr/bin/env bash
# Tests `xxgk text FILE` and the document formats `xxgk extract` accepts, as a user drives them:
# HTML and GBK input give the report body; a format not converted yet, an unreadable file or
# undecodable bytes give one stderr line naming the file and exit 1.
#
# Usage: text_cli_test.sh XXGK_BINARY SOURCE_DIR
set -u

if [[ $# -ne 2 ]]; then
  echo "usage: $0 XXGK_BINARY SOURCE_DIR" >&2
  exit 2
fi
XXGK=$1
FORMATS=$2/tests/extract/formats
SEED=$2/seeds/reports/002_1d8cdb0a9baf0581.txt

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
check() {  # check NAME CONDITION-RESULT(0/1) DETAIL
  if [[ $2 -eq 0 ]]; then
    passed=$((passed + 1)); echo "PASS: $1"
  else
    failed=$((failed + 1)); echo "FAIL: $1"; echo "      $3"
  fi
}

# 1. HTML: exactly the expected body text, exit 0, nothing on stderr.
"$XXGK" text "$FORMATS/trs_editor.html" >"$WORK/trs.out" 2>"$WORK/trs.err"
rc=$?
cmp -s "$WORK/trs.out" "$FORMATS/trs_editor.expected.txt" && [[ $rc -eq 0 && ! -s "$WORK/trs.err" ]]
check "text prints the report body of an HTML page" $? "rc=$rc $(head -c 300 "$WORK/trs.err")"

# 2. GBK, undeclared, from standard input.
"$XXGK" text - <"$FORMATS/gbk_undeclared.html" >"$WORK/gbk.out" 2>"$WORK/gbk.err"
rc=$?
cmp -s "$WORK/gbk.out" "$FORMATS/gbk_undeclared.expected.txt" && [[ $rc -eq 0 ]]
check "text decodes undeclared GBK from standard input" $? "rc=$rc"

# 3. --info names the format, charset and body container on stderr.
"$XXGK" text --info "$FORMATS/gbk_meta_gb2312.html" >/dev/null 2>"$WORK/info.err"
grep -q "format html" "$WORK/info.err" && grep -q "charset GB18030 (by meta)" "$WORK/info.err" &&
  grep -q "body div#zoom" "$WORK/info.err"
check "text --info reports format, charset and body" $? "$(cat "$WORK/info.err")"

# 4. A legacy Word file without LibreOffice conversion (--no-office, or no soffice where
# --soffice points): one stderr line naming the file, exit 1, no output.
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0' >"$WORK/report.doc"
"$XXGK" text --no-office "$WORK/report.doc" >"$WORK/doc.out" 2>"$WORK/doc.err"
rc=$?
[[ $rc -eq 1 && ! -s "$WORK/doc.out" && $(wc -l <"$WORK/doc.err") -eq 1 ]] &&
  grep -q "report.doc: unsupported format doc .*conversion is turned off" "$WORK/doc.err"
check "text --no-office leaves DOC unconverted" $? "rc=$rc $(cat "$WORK/doc.err")"
"$XXGK" text --soffice "$WORK/no-such-soffice" "$WORK/report.doc" >"$WORK/doc.out" 2>"$WORK/doc.err"
rc=$?
[[ $rc -eq 1 && ! -s "$WORK/doc.out" && $(wc -l <"$WORK/doc.err") -eq 1 ]] &&
  grep -q "report.doc: unsupported format doc .*no executable" "$WORK/doc.err"
check "text without soffice leaves DOC unconverted" $? "rc=$rc $(cat "$WORK/doc.err")"

# 4b. A damaged PDF: refused with its reason, exit 1, no output.
printf '%%PDF-1.4\n1 0 obj\n' >"$WORK/report.pdf"
"$XXGK" text "$WORK/report.pdf" >"$WORK/pdf.out" 2>"$WORK/pdf.err"
rc=$?
[[ $rc -eq 1 && ! -s "$WORK/pdf.out" && $(wc -l <"$WORK/pdf.err") -eq 1 ]] &&
  grep -q "report.pdf: refused (pdf_damaged)" "$WORK/pdf.err"
check "text refuses a damaged PDF" $? "rc=$rc $(cat "$WORK/pdf.err")"

# 5. Missing file and undecodable bytes: one line each, exit 1.
"$XXGK" text "$WORK/missing.html" >/dev/null 2>"$WORK/missing.err"
rc=$?
[[ $rc -eq 1 && $(wc -l <"$WORK/missing.err") -eq 1 ]] && grep -q "missing.html" "$WORK/missing.err"
check "text names a missing file" $? "rc=$rc $(cat "$WORK/missing.err")"
printf 'abc\xff\xfe\xe4\xb8\n' >"$WORK/bad.txt"
"$XXGK" text "$WORK/bad.txt" >/dev/null 2>"$WORK/bad.err"
rc=$?
[[ $rc -eq 1 ]] && grep -q "bad.txt: not valid UTF-8 (first bad byte at offset 3)" "$WORK/bad.err"
check "text refuses bytes that are no charset" $? "rc=$rc $(cat "$WORK/bad.err")"

# 6. extract accepts HTML and GBK: the sample as a GBK web page gives the sample's record.
python3 - "$SEED" "$WORK/seed_gbk.html" <<'PY'
import html, sys
text = open(sys.argv[1], encoding="utf-8").read()
out, table = [], []
def flush():
    if table:
        out.append("<table>" + "".join("<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in r.split("\t")) + "</tr>" for r in table) + "</table>")
        table.clear()
for line in text.split("\n"):
    if "\t" in line:
        table.append(line)
    else:
        flush()
        if line.strip():
            out.append("<p>%s</p>" % html.escape(line))
flush()
page = '<html><head><meta charset="gbk"><title>t</title></head><body><div class="nav"><a href="/">首页</a></div><div id="zoom">' + "\n".join(out) + '</div></body></html>'
open(sys.argv[2], "wb").write(page.encode("gb18030"))
PY
"$XXGK" extract "$SEED" >"$WORK/from_text.json" 2>/dev/null
"$XXGK" extract "$WORK/seed_gbk.html" >"$WORK/from_html.json" 2>"$WORK/html.err"
rc=$?
python3 - "$WORK/from_text.json" "$WORK/from_html.json" <<'PY'
import json, sys
a, b = (json.loads(open(p, encoding="utf-8").read()) for p in sys.argv[1:3])
for r in (a, b):
    r.pop("doc_id", None)
    r.pop("file", None)
    for w in r.get("warnings", []):
        w.pop("detail", None)
sys.exit(0 if a == b and a.get("agency") else 1)
PY
check "extract reads a GBK web page and gives the text's record" $? "rc=$rc $(cat "$WORK/html.err")"

echo "text_cli_test: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
