#!/usr/bin/env bash
# Options before or after the positionals give the same result, for every command that takes
# positionals and needs no network (extract, text, import, export, show, robots, seeds; get and crawl
# are in get_cli_test.cc and crawl_cli_test.cc, against a server on 127.0.0.1); and the usage
# errors people meet read `xxgk: <command>: <what>: <why>` with exit 2.
# Usage: option_order_cli_test.sh XXGK_BINARY SOURCE_DIR
set -u
XXGK=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
REPORT="$SRC/seeds/reports/001_fbb51525c9b5bd86.txt"

fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
pass() { echo "PASS: $*"; }

# same NAME "ARGS A" "ARGS B": both runs give the same exit code, stdout and stderr.
same() {
  local name=$1
  eval "\"$XXGK\" $2" >"$WORK/a.out" 2>"$WORK/a.err"; local rc_a=$?
  eval "\"$XXGK\" $3" >"$WORK/b.out" 2>"$WORK/b.err"; local rc_b=$?
  if [[ $rc_a -ne $rc_b ]] || ! cmp -s "$WORK/a.out" "$WORK/b.out" ||
     ! cmp -s "$WORK/a.err" "$WORK/b.err"; then
    fail "$name: exit $rc_a vs $rc_b; $(head -c 300 "$WORK/a.err") / $(head -c 300 "$WORK/b.err")"
  elif [[ $rc_a -ne 0 || ! -s "$WORK/a.out" ]]; then
    fail "$name: exit $rc_a, output $(wc -c <"$WORK/a.out") bytes: $(head -c 300 "$WORK/a.err")"
  else
    pass "$name"
  fi
}

same extract "extract --summary --max-input-bytes 1M '$REPORT'" "extract '$REPORT' --summary --max-input-bytes 1M"
same text "text --info --no-office '$REPORT'" "text '$REPORT' --no-office --info"
printf 'User-agent: *\nDisallow: /x\n' >"$WORK/robots.txt"
same robots "robots '$WORK/robots.txt' xxgk http://a.test/y" "robots '$WORK/robots.txt' xxgk http://a.test/y"
same seeds "seeds --seeds '$SRC/seeds/portals.tsv' --json 汾西" "seeds 汾西 --json --seeds '$SRC/seeds/portals.tsv'"
# import: into two archives, options first and last; the same counts.
"$XXGK" import --archive "$WORK/a1" --jobs 1 "$SRC/seeds/reports" >"$WORK/i1" 2>&1; rc1=$?
"$XXGK" import "$SRC/seeds/reports" --jobs 1 --archive "$WORK/a2" >"$WORK/i2" 2>&1; rc2=$?
if [[ $rc1 -eq 0 && $rc2 -eq 0 ]] && diff <(sed "s|$WORK/a1|A|" "$WORK/i1" | sed 's/ in [0-9.]* s.*//') \
                                          <(sed "s|$WORK/a2|A|" "$WORK/i2" | sed 's/ in [0-9.]* s.*//') >/dev/null; then
  pass import
else
  fail "import: exit $rc1/$rc2: $(cat "$WORK/i1") / $(cat "$WORK/i2")"
fi
same export "export --archive '$WORK/a1' --jsonl -" "export --jsonl - --archive '$WORK/a1'"
same show "show --archive '$WORK/a1' --record 2" "show 2 --record --archive '$WORK/a1'"

# expect NAME RC "EXACT STDERR" ARGS...
expect() {
  local name=$1 want_rc=$2 want_err=$3
  shift 3
  "$XXGK" "$@" >"$WORK/e.out" 2>"$WORK/e.err"
  local rc=$?
  if [[ $rc -ne $want_rc || "$(cat "$WORK/e.err")" != "$want_err" ]]; then
    fail "$name: exit $rc, stderr: $(cat "$WORK/e.err") (want exit $want_rc: $want_err)"
  else
    pass "$name"
  fi
}
expect unknown-command 2 "xxgk: extarct: unknown command; did you mean 'extract'? (see 'xxgk --help')" extarct x
expect unknown-option 2 "xxgk: extract: --sumary: unknown option; did you mean --summary? (see 'xxgk extract --help')" extract --sumary x
expect size-suffix 2 "xxgk: text: --max-input-bytes: must be a size in bytes, a whole number with an optional K, M or G suffix (1024 bytes each step), not '1Q' (see 'xxgk text --help')" text --max-input-bytes 1Q x
expect size-too-large 2 "xxgk: text: --max-input-bytes: must be a whole number from 1 to 67108864, not '1099511627776' (see 'xxgk text --help')" text --max-input-bytes 1024G x
expect jobs-range 2 "xxgk: import: --jobs: must be a whole number from 1 to 256, not '0' (see 'xxgk import --help')" import --jobs 0 x
expect missing-file 1 "xxgk: text: $WORK/absent: cannot read: No such file or directory" text "$WORK/absent"
expect robots-bad-url 2 "xxgk: robots: nota url: invalid URL 'nota url': not an absolute URL (no scheme)" robots "$WORK/robots.txt" xxgk 'nota url'

# curl's and wget's names, in every command that fetches (get, crawl, fetch): listed in the help,
# and refused the same way before anything is fetched.
for c in get crawl fetch; do
  help=$("$XXGK" $c --help)
  missing=""
  for o in "-A,--user-agent" "-H,--header" "-k,--insecure" "-m,--max-time" "-x,--proxy" \
           "-s,--silent" "--retry" "--wait" "-e,--execute"; do
    grep -q -- "$o" <<<"$help" || missing+=" $o"
  done
  [[ -z $missing ]] && pass "$c --help lists curl's and wget's names" || fail "$c --help lacks$missing"
  extra=(http://portal.test/)
  [[ $c == fetch ]] && extra=(汾西县 --seeds "$SRC/seeds/portals.tsv" --archive "$WORK/never")
  expect "$c -e robots=off" 2 "xxgk: $c: -e robots=off: refused: xxgk always honours robots.txt (RFC 9309): it is the portal owner's word on what crawlers may fetch, and a government portal deserves that courtesy (--ignore-robots is for servers you run yourself)" \
    $c -e robots=off "${extra[@]}"
  expect "$c -H Host" 2 "xxgk: $c: -H 'Host: x.test': refused: xxgk sends the URL's host (choose the address with --resolve HOST:PORT:ADDR)" \
    $c "${extra[@]}" -H 'Host: x.test'
done
[[ ! -e "$WORK/never" ]] || fail "a refused fetch created its archive"

echo "$failed failed"
[[ $failed -eq 0 ]]
