#!/usr/bin/env bash
# Every record the tests see validates against docs/record.schema.json (JSON Schema 2020-12): the
# golden records, `xxgk extract` over the sample reports, 600 synthetic reports of both templates
# in every layout (tests/tools/make_reports), and documents that are no report at all; and the
# schema rejects records that break docs/record.md (so this test can fail).
# Runs Debian's Python (/usr/bin/python3, with python3-jsonschema from scripts/install-deps.sh),
# not whatever python3 is first on PATH; fails when the validator is missing (a skipped test
# would test nothing in CI).
# Usage: record_schema_test.sh XXGK_BINARY MAKE_REPORTS_BINARY SOURCE_DIR
set -u
XXGK=$1
MAKE_REPORTS=$2
SRC=$3
PY=/usr/bin/python3
"$PY" -c 'import jsonschema' 2>/dev/null || { echo "FAIL: $PY has no jsonschema: run scripts/install-deps.sh"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$MAKE_REPORTS" "$T/many" 600 >/dev/null
printf 'not a report at all\n' >"$T/plain.txt"
printf '<html><body><p>一、总体情况</p></body></html>' >"$T/page.html"
# Text as OCR writes it (extract/text/ocr_text.h): its header line, and digits read with low
# confidence written □ (text_source, ocr_confidence, cell_illegible, ocr_unverified).
{ printf '[OCR tesseract chi_sim] mean confidence 88.5; 2 page(s); \xe2\x96\xa1 marks a digit read with low confidence\n'
  sed '/本年新收/s/\t\([0-9]\)\([0-9]\)\t/\t\1\xe2\x96\xa1\t/' \
    "$SRC/tests/extract/formats/office/synthetic_2021_1.txt"; } >"$T/ocr.txt"
"$XXGK" extract "$SRC"/seeds/reports/*.txt "$T"/many/*.txt "$T/plain.txt" "$T/page.html" "$T/ocr.txt" \
  >"$T/records.jsonl" || { echo "FAIL: extract"; exit 1; }
cat "$SRC"/tests/extract/golden/*.json | "$PY" -c '
import json, sys
text = sys.stdin.read(); decoder = json.JSONDecoder(); i = 0
while i < len(text):
    if text[i].isspace(): i += 1; continue
    obj, i = decoder.raw_decode(text, i); print(json.dumps(obj, ensure_ascii=False))
' >>"$T/records.jsonl"
"$PY" - "$SRC/docs/record.schema.json" "$T/records.jsonl" <<'PY'
import copy, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
records = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
bad = 0
templates = {}
for n, r in enumerate(records):
    templates[r.get("template")] = templates.get(r.get("template"), 0) + 1
    for e in v.iter_errors(r):
        bad += 1
        print(f"FAIL: record {n} ({r.get('doc_id')}): {e.json_path}: {e.message[:200]}")
print(f"{len(records)} records, templates {templates}, {bad} schema errors")
assert len(templates) == 3, "want records of templates 2021, 2019 and unknown"
ocr = [r for r in records if r.get("text_source") == "ocr"]
assert len(ocr) == 1, "want the one record of OCR text"
codes = {w["code"] for w in ocr[0]["warnings"]}
assert {"cell_illegible", "ocr_unverified"} <= codes, f"OCR record warnings: {codes}"
# Records that break the format must be rejected.
base = next(r for r in records if r["template"] == "2021" and r["applications"])
def broken(change):
    r = copy.deepcopy(base); change(r); return r
mutations = {
    "upper-case doc_id": lambda r: r.update(doc_id=r["doc_id"].upper()),
    "a number as text": lambda r: r["applications"].update(new_received=["1"] * 7),
    "six cells in a row": lambda r: r["applications"].update(granted=[0] * 6),
    "a 2019 row in 2021": lambda r: r["applications"].update(other=[0] * 7),
    "unknown warning code": lambda r: r["warnings"].append({"code": "oops", "section": None, "detail": ""}),
    "a key dropped": lambda r: r.pop("published"),
    "bad date": lambda r: r.update(published="29/01/2024"),
    "text_source without ocr_confidence": lambda r: r.update(text_source="ocr"),
    "text_source other than ocr": lambda r: r.update(text_source="pdf", ocr_confidence=90.0),
    "ocr_confidence over 100": lambda r: r.update(text_source="ocr", ocr_confidence=101),
}
for name, change in mutations.items():
    if v.is_valid(broken(change)):
        bad += 1; print(f"FAIL: the schema accepts a record with {name}")
    else:
        print(f"PASS: rejected: {name}")
sys.exit(1 if bad else 0)
PY
