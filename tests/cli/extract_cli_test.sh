#!/usr/bin/env bash
# Tests the `xxgk extract` command line as a user drives it: help texts, usage errors (exit 2, one
# line on stderr), JSON Lines output in argument order, per-file errors for unreadable or
# non-UTF-8 inputs (an error line on stdout and stderr, exit 1, the other files still processed),
# each line's `file` key, --pretty, --summary and stdin.
#
# Usage: extract_cli_test.sh XXGK_BINARY SOURCE_DIR
set -u

if [[ $# -ne 2 ]]; then
  echo "usage: $0 XXGK_BINARY SOURCE_DIR" >&2
  exit 2
fi
XXGK=$1
SOURCE_DIR=$2
SEEDS=("$SOURCE_DIR"/seeds/reports/*.txt)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0

pass() {
  passed=$((passed + 1))
  echo "PASS: $1"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  shift
  for line in "$@"; do echo "      $line"; done
}

# run NAME ARGS...: runs xxgk with ARGS, capturing stdout, stderr and the exit code in
# $WORK/NAME.out, $WORK/NAME.err and $rc.
rc=0
run() {
  local name=$1
  shift
  "$XXGK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  rc=$?
}

line_count() { wc -l <"$1" | tr -d ' '; }

# json_field FILE LINE_NO KEY: prints the field KEY of the JSON object on line LINE_NO (1-based).
json_field() {
  python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
value = json.loads(lines[int(sys.argv[2]) - 1])[sys.argv[3]]
print(value if value is not None else "null")
' "$1" "$2" "$3"
}

# all_lines_are_records FILE COUNT: every line is a JSON object with the report schema, and there
# are exactly COUNT lines.
all_lines_are_records() {
  python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == int(sys.argv[2]), f"{len(lines)} lines"
for n, line in enumerate(lines, 1):
    record = json.loads(line)
    assert isinstance(record, dict), f"line {n} is not an object"
    schema = record.get("schema")
    assert schema == "xxgk/report-1", f"line {n}: schema {schema!r}"
' "$1" "$2" 2>&1
}

# The compact records of the five seeds in glob order: the reference other cases compare with.
"$XXGK" extract "${SEEDS[@]}" >"$WORK/reference.out" 2>/dev/null

# ---- help --------------------------------------------------------------------------------------

test_help_exits_zero_and_lists_extract() {
  run help --help
  if [[ $rc -eq 0 ]] && grep -q "extract" "$WORK/help.out"; then
    pass "xxgk --help exits 0 and lists the extract command"
  else
    fail "xxgk --help exits 0 and lists the extract command" "exit $rc" "$(head -5 "$WORK/help.out")"
  fi
}

test_extract_help_exits_zero_and_describes_file() {
  run xhelp extract --help
  if [[ $rc -eq 0 ]] && grep -q "FILE" "$WORK/xhelp.out" && grep -q -- "--pretty" "$WORK/xhelp.out" \
      && grep -q "xxgk/report-1" "$WORK/xhelp.out"; then
    pass "xxgk extract --help exits 0 and describes FILE, --pretty and the schema"
  else
    fail "xxgk extract --help exits 0 and describes FILE, --pretty and the schema" "exit $rc" \
      "$(head -5 "$WORK/xhelp.out")"
  fi
}

# ---- usage errors ------------------------------------------------------------------------------

test_unknown_option_is_usage_error_naming_it() {
  run bogus extract --bogus "${SEEDS[0]}"
  local lines
  lines=$(line_count "$WORK/bogus.err")
  if [[ $rc -eq 2 && $lines -eq 1 ]] && grep -q -- "--bogus" "$WORK/bogus.err" \
      && [[ ! -s "$WORK/bogus.out" ]]; then
    pass "unknown option exits 2 with one stderr line naming it and no output"
  else
    fail "unknown option exits 2 with one stderr line naming it and no output" "exit $rc" \
      "stderr ($lines lines): $(cat "$WORK/bogus.err")" "stdout bytes: $(wc -c <"$WORK/bogus.out")"
  fi
}

test_missing_file_argument_is_usage_error() {
  run nofile extract
  local lines
  lines=$(line_count "$WORK/nofile.err")
  if [[ $rc -eq 2 && $lines -eq 1 ]] && grep -q "FILE" "$WORK/nofile.err"; then
    pass "extract without FILE exits 2 with one stderr line naming FILE"
  else
    fail "extract without FILE exits 2 with one stderr line naming FILE" "exit $rc" \
      "stderr ($lines lines): $(cat "$WORK/nofile.err")"
  fi
}

test_unknown_subcommand_is_usage_error() {
  run nosub frobnicate "${SEEDS[0]}"
  local lines
  lines=$(line_count "$WORK/nosub.err")
  if [[ $rc -eq 2 && $lines -eq 1 && ! -s "$WORK/nosub.out" ]] &&
      grep -q "frobnicate" "$WORK/nosub.err"; then
    pass "unknown subcommand exits 2 with one stderr line naming it"
  else
    fail "unknown subcommand exits 2 with one stderr line naming it" "exit $rc" \
      "stderr ($lines lines): $(cat "$WORK/nosub.err")"
  fi
}

# ---- JSON Lines over the seeds -----------------------------------------------------------------

test_seeds_give_one_record_per_line_in_argument_order() {
  run seeds extract "${SEEDS[@]}"
  local check first last
  check=$(all_lines_are_records "$WORK/seeds.out" 5)
  if [[ $rc -ne 0 || -n "$check" || -s "$WORK/seeds.err" ]]; then
    fail "five seeds give five schema records" "exit $rc" "$check" "stderr: $(cat "$WORK/seeds.err")"
    return
  fi
  first=$(json_field "$WORK/seeds.out" 1 agency)
  last=$(json_field "$WORK/seeds.out" 5 agency)
  if [[ $first == "襄垣县人民政府办公室" && $last == "汉阴县人民政府" ]]; then
    pass "five seeds give five schema records in argument order"
  else
    fail "five seeds give five schema records in argument order" "line 1 agency: $first" \
      "line 5 agency: $last"
  fi
}

test_reversed_arguments_reverse_the_output() {
  local reversed=()
  for ((i = ${#SEEDS[@]} - 1; i >= 0; i--)); do reversed+=("${SEEDS[i]}"); done
  run reversed extract "${reversed[@]}"
  local check first last
  check=$(all_lines_are_records "$WORK/reversed.out" 5)
  first=$(json_field "$WORK/reversed.out" 1 agency 2>&1)
  last=$(json_field "$WORK/reversed.out" 5 agency 2>&1)
  # Line k of the reversed run must be line 6-k of the forward run, byte for byte.
  local mirrored
  mirrored=$(tac "$WORK/reference.out" | cmp - "$WORK/reversed.out" 2>&1)
  if [[ $rc -eq 0 && -z "$check" && $first == "汉阴县人民政府" && $last == "襄垣县人民政府办公室" \
        && -z "$mirrored" ]]; then
    pass "output order follows the argument order (reversed arguments, reversed lines)"
  else
    fail "output order follows the argument order (reversed arguments, reversed lines)" \
      "exit $rc" "$check" "line 1 agency: $first" "line 5 agency: $last" "$mirrored"
  fi
}

# ---- per-file errors ---------------------------------------------------------------------------

test_bad_files_are_reported_and_the_rest_processed() {
  local bad="$WORK/bad-bytes.txt" missing="$WORK/no-such-report.txt"
  printf 'abc\xff\xfe\xe4\xb8\n' >"$bad"
  run mixed extract "${SEEDS[0]}" "$bad" "${SEEDS[1]}" "$missing" "${SEEDS[4]}"
  local check errors=() problems=()
  [[ $rc -eq 1 ]] || problems+=("exit $rc, want 1")
  # Five lines, one per file in argument order: records with their file, error lines for the
  # two bad files ({"file", "error"} and nothing else).
  check=$(python3 - "$WORK/mixed.out" "${SEEDS[0]}" "$bad" "${SEEDS[1]}" "$missing" "${SEEDS[4]}" <<'PY' 2>&1
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
files = sys.argv[2:]
assert len(lines) == 5, f"{len(lines)} lines, want 5"
parsed = [json.loads(l) for l in lines]
for n, (line, file) in enumerate(zip(parsed, files)):
    assert list(line)[0] == "file", f"line {n + 1}: first key {list(line)[0]!r}"
    assert line["file"] == file, f"line {n + 1}: file {line['file']!r}, want {file!r}"
for n in (0, 2, 4):
    assert parsed[n]["schema"] == "xxgk/report-1", f"line {n + 1} is no record"
assert [parsed[n]["agency"] for n in (0, 2, 4)] == ["襄垣县人民政府办公室", "汾西县人民政府办公室", "汉阴县人民政府"]
for n in (1, 3):
    assert sorted(parsed[n]) == ["error", "file"], f"line {n + 1}: {sorted(parsed[n])}"
assert "UTF-8" in parsed[1]["error"] and "offset 3" in parsed[1]["error"], parsed[1]["error"]
assert parsed[3]["error"] == "cannot read: No such file or directory", parsed[3]["error"]
PY
)
  [[ -z "$check" ]] || problems+=("stdout: $check")
  mapfile -t errors <"$WORK/mixed.err"
  if [[ ${#errors[@]} -ne 2 ]]; then
    problems+=("stderr has ${#errors[@]} lines, want 2: $(cat "$WORK/mixed.err")")
  else
    [[ ${errors[0]} == *"$bad"* && ${errors[0]} == *"UTF-8"* && ${errors[0]} == *"offset 3"* ]] ||
      problems+=("first error does not name $bad, UTF-8 and offset 3: ${errors[0]}")
    [[ ${errors[1]} == "xxgk: extract: $missing: cannot read: No such file or directory" ]] ||
      problems+=("second error: ${errors[1]}")
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "bad and missing files get an error line (stdout JSON and stderr), valid ones stay in order, exit 1"
  else
    fail "bad and missing files get an error line (stdout JSON and stderr), valid ones stay in order, exit 1" \
      "${problems[@]}"
  fi
}

test_directory_argument_is_an_error_naming_it() {
  mkdir -p "$WORK/a-directory"
  run dir extract "$WORK/a-directory"
  local lines
  lines=$(line_count "$WORK/dir.err")
  if [[ $rc -eq 1 && $lines -eq 1 ]] && grep -q "$WORK/a-directory" "$WORK/dir.err" &&
      grep -q "directory" "$WORK/dir.err" &&
      python3 -c 'import json,sys; l=json.loads(open(sys.argv[1]).read()); assert l["file"]==sys.argv[2] and "directory" in l["error"]' \
        "$WORK/dir.out" "$WORK/a-directory" 2>/dev/null; then
    pass "a directory as FILE is an error naming it (stderr and an error line), exit 1"
  else
    fail "a directory as FILE is an error naming it (stderr and an error line), exit 1" "exit $rc" \
      "stderr: $(cat "$WORK/dir.err")" "stdout: $(cat "$WORK/dir.out")"
  fi
}

# ---- output forms and inputs -------------------------------------------------------------------

test_pretty_output_has_the_same_records() {
  run pretty extract --pretty "${SEEDS[@]}"
  local check
  check=$(python3 -c '
import json, sys
pretty = open(sys.argv[1], encoding="utf-8").read()
compact = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8").read().splitlines()]
decoder = json.JSONDecoder()
records, at = [], 0
while True:
    while at < len(pretty) and pretty[at].isspace():
        at += 1
    if at == len(pretty):
        break
    record, at = decoder.raw_decode(pretty, at)
    records.append(record)
assert len(pretty.splitlines()) > len(records), "pretty output is not multi-line"
assert all(isinstance(r, dict) for r in records), "not all objects"
assert records == compact, f"{len(records)} pretty records differ from the compact ones"
' "$WORK/pretty.out" "$WORK/reference.out" 2>&1)
  if [[ $rc -eq 0 && -z "$check" ]]; then
    pass "--pretty prints multi-line JSON objects equal to the compact records"
  else
    fail "--pretty prints multi-line JSON objects equal to the compact records" "exit $rc" "$check"
  fi
}

test_stdin_dash_equals_the_file() {
  "$XXGK" extract - <"${SEEDS[2]}" >"$WORK/stdin.out" 2>"$WORK/stdin.err"
  rc=$?
  run file extract "${SEEDS[2]}"
  # The same record; the file key says where each came from.
  local check
  check=$(python3 -c '
import json, sys
a = json.loads(open(sys.argv[1], encoding="utf-8").read())
b = json.loads(open(sys.argv[2], encoding="utf-8").read())
assert a.pop("file") == "-" and b.pop("file") == sys.argv[3], "file keys"
assert a == b, "records differ"
' "$WORK/stdin.out" "$WORK/file.out" "${SEEDS[2]}" 2>&1)
  if [[ $rc -eq 0 && $(line_count "$WORK/stdin.out") -eq 1 && -z "$check" ]]; then
    pass "'-' reads standard input and gives the same record as the file (file \"-\")"
  else
    fail "'-' reads standard input and gives the same record as the file" "exit $rc" "$check" \
      "stdin: $(head -c 200 "$WORK/stdin.out")" "file:  $(head -c 200 "$WORK/file.out")"
  fi
}

test_empty_file_gives_unknown_template_record() {
  : >"$WORK/empty.txt"
  run empty extract "$WORK/empty.txt"
  local check
  check=$(python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, f"{len(lines)} lines"
r = json.loads(lines[0])
assert r["schema"] == "xxgk/report-1", r["schema"]
assert r["template"] == "unknown", r["template"]
assert r["doc_id"] == "e3b0c44298fc1c14", r["doc_id"]
assert r["agency"] is None and r["year"] is None, (r["agency"], r["year"])
for key in ("active_disclosure", "applications", "reviews_litigation"):
    assert r[key] is None, key
codes = {w["code"] for w in r["warnings"]}
assert "template_unknown" in codes, codes
' "$WORK/empty.out" 2>&1)
  if [[ $rc -eq 0 && -z "$check" && ! -s "$WORK/empty.err" ]]; then
    pass "an empty file gives a record with template unknown, null tables, exit 0"
  else
    fail "an empty file gives a record with template unknown, null tables, exit 0" "exit $rc" \
      "$check" "stderr: $(cat "$WORK/empty.err")"
  fi
}

test_summary_prints_header_and_one_row_per_file() {
  run summary extract --summary "${SEEDS[0]}" "${SEEDS[4]}"
  local problems=() rows=()
  mapfile -t rows <"$WORK/summary.out"
  [[ $rc -eq 0 ]] || problems+=("exit $rc")
  if [[ ${#rows[@]} -ne 3 ]]; then
    problems+=("${#rows[@]} lines, want header + 2 rows")
  else
    [[ ${rows[0]} == file* && ${rows[0]} == *agency* && ${rows[0]} == *warnings ]] ||
      problems+=("header: ${rows[0]}")
    [[ ${rows[1]} == "$(basename "${SEEDS[0]}")"* && ${rows[1]} == *"襄垣县人民政府办公室"* &&
       ${rows[1]} == *2023*2021* ]] || problems+=("row 1: ${rows[1]}")
    [[ ${rows[2]} == "$(basename "${SEEDS[4]}")"* && ${rows[2]} == *"汉阴县人民政府"* ]] ||
      problems+=("row 2: ${rows[2]}")
    [[ ${rows[1]} != *'{'* ]] || problems+=("row 1 holds JSON")
  fi
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "--summary prints a header and one row per file instead of JSON"
  else
    fail "--summary prints a header and one row per file instead of JSON" "${problems[@]}"
  fi
}

test_help_exits_zero_and_lists_extract
test_extract_help_exits_zero_and_describes_file
test_unknown_option_is_usage_error_naming_it
test_missing_file_argument_is_usage_error
test_unknown_subcommand_is_usage_error
test_seeds_give_one_record_per_line_in_argument_order
test_reversed_arguments_reverse_the_output
test_bad_files_are_reported_and_the_rest_processed
test_directory_argument_is_an_error_naming_it
test_pretty_output_has_the_same_records
test_stdin_dash_equals_the_file
test_empty_file_gives_unknown_template_record
test_summary_prints_header_and_one_row_per_file

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
