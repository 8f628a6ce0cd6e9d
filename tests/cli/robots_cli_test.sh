#!/usr/bin/env bash
# Tests the `xxgk robots ROBOTS_FILE USER_AGENT URL` command as a user drives it: "allowed" with
# exit 0, "disallowed" with exit 1, group selection by product token, the URL's canonical form
# being matched (percent-encoding, query), stdin, and exit 2 with one "xxgk: ..." stderr line for
# an unreadable file, a bad URL or a missing argument.
#
# Usage: robots_cli_test.sh XXGK_BINARY
set -u

if [[ $# -ne 1 ]]; then
  echo "usage: $0 XXGK_BINARY" >&2
  exit 2
fi
XXGK=$1

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

rc=0
run() {
  local name=$1
  shift
  "$XXGK" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  rc=$?
}

line_count() { wc -l <"$1" | tr -d ' '; }

cat >"$WORK/robots.txt" <<'EOF'
# A portal's robots.txt
User-agent: *
Disallow: /
Allow: /xxgk/
Disallow: /xxgk/*.doc$

User-agent: Baiduspider
User-agent: XXGK
Disallow: /admin/
Disallow: /search?q=
Disallow: /公开/草稿
Crawl-delay: 2
EOF
ROBOTS="$WORK/robots.txt"

# expect NAME WANT_OUTPUT WANT_EXIT ARGS...: one verdict case.
expect() {
  local name=$1 want_out=$2 want_rc=$3
  shift 3
  run "$name" robots "$@"
  local out
  out=$(cat "$WORK/$name.out")
  if [[ $rc -eq $want_rc && $out == "$want_out" && ! -s "$WORK/$name.err" ]]; then
    pass "$name: $want_out (exit $want_rc)"
  else
    fail "$name: want '$want_out' exit $want_rc" "got '$out' exit $rc" \
      "stderr: $(cat "$WORK/$name.err")"
  fi
}

# expect_usage NAME PATTERN ARGS...: exit 2, no stdout, one stderr line starting "xxgk:" and
# containing PATTERN.
expect_usage() {
  local name=$1 pattern=$2
  shift 2
  run "$name" robots "$@"
  local lines
  lines=$(line_count "$WORK/$name.err")
  if [[ $rc -eq 2 && $lines -eq 1 && ! -s "$WORK/$name.out" ]] &&
      grep -q '^xxgk: ' "$WORK/$name.err" && grep -q -- "$pattern" "$WORK/$name.err"; then
    pass "$name: exit 2 with one stderr line naming '$pattern'"
  else
    fail "$name: want exit 2 and one 'xxgk: ...$pattern...' line" "exit $rc" \
      "stderr ($lines lines): $(cat "$WORK/$name.err")" "stdout: $(cat "$WORK/$name.out")"
  fi
}

# The "*" group: longest match wins, "$" anchors.
expect star_root disallowed 1 "$ROBOTS" otherbot "https://www.h.gov.cn/index.html"
expect star_allow allowed 0 "$ROBOTS" otherbot "https://www.h.gov.cn/xxgk/ndbg/2023.html"
expect star_anchor disallowed 1 "$ROBOTS" otherbot "https://www.h.gov.cn/xxgk/a.doc"
expect star_anchor_query allowed 0 "$ROBOTS" otherbot "https://www.h.gov.cn/xxgk/a.doc?v=2"
# Our group, found by product token whatever the case and version, replaces the "*" group.
expect own_group allowed 0 "$ROBOTS" xxgk "https://www.h.gov.cn/index.html"
expect own_group_full_agent disallowed 1 "$ROBOTS" "xxgk/0.1 (+https://example.org/xxgk)" \
  "https://www.h.gov.cn/admin/login"
expect own_group_query disallowed 1 "$ROBOTS" xxgk "https://www.h.gov.cn/search?q=%E5%B9%B4"
expect own_group_no_query allowed 0 "$ROBOTS" xxgk "https://www.h.gov.cn/search"
# The URL is canonicalised first: an escaped or raw UTF-8 path matches the UTF-8 rule alike.
expect escaped_utf8 disallowed 1 "$ROBOTS" xxgk \
  "https://www.h.gov.cn/%e5%85%ac%e5%bc%80/%E8%8D%89%E7%A8%BF1.html"
expect raw_utf8 disallowed 1 "$ROBOTS" xxgk "https://www.h.gov.cn/公开/草稿1.html"
expect dot_segments disallowed 1 "$ROBOTS" xxgk "https://www.h.gov.cn/xxgk/../admin/x"
expect robots_txt allowed 0 "$ROBOTS" otherbot "https://www.h.gov.cn/robots.txt"

# Standard input as the robots file.
"$XXGK" robots - xxgk "http://h.cn/admin/" <"$ROBOTS" >"$WORK/stdin.out" 2>"$WORK/stdin.err"
rc=$?
if [[ $rc -eq 1 && $(cat "$WORK/stdin.out") == disallowed ]]; then
  pass "'-' reads the robots file from standard input"
else
  fail "'-' reads the robots file from standard input" "exit $rc" "$(cat "$WORK/stdin.out")"
fi

# An empty robots.txt allows everything.
: >"$WORK/empty.txt"
expect empty_file allowed 0 "$WORK/empty.txt" xxgk "http://h.cn/anything"

# Errors: exit 2, one line.
expect_usage missing_file "$WORK/no-such-robots.txt" "$WORK/no-such-robots.txt" xxgk "http://h.cn/"
mkdir -p "$WORK/a-directory"
expect_usage directory "a-directory" "$WORK/a-directory" xxgk "http://h.cn/"
expect_usage relative_url "no scheme" "$ROBOTS" xxgk "/just/a/path"
expect_usage ftp_url "unsupported scheme 'ftp'" "$ROBOTS" xxgk "ftp://h.cn/x"
expect_usage bad_host "a b.cn" "$ROBOTS" xxgk "http://a b.cn/"
run missing_arg robots "$ROBOTS" xxgk
if [[ $rc -eq 2 && $(line_count "$WORK/missing_arg.err") -eq 1 && ! -s "$WORK/missing_arg.out" ]] &&
    grep -q "URL" "$WORK/missing_arg.err"; then
  pass "a missing URL argument is a usage error naming URL"
else
  fail "a missing URL argument is a usage error naming URL" "exit $rc" \
    "$(cat "$WORK/missing_arg.err")"
fi

# Listed in the top-level help.
run help --help
if [[ $rc -eq 0 ]] && grep -q "robots" "$WORK/help.out"; then
  pass "xxgk --help lists the robots command"
else
  fail "xxgk --help lists the robots command" "exit $rc"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
