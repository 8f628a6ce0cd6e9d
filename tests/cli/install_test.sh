#!/usr/bin/env bash
# `cmake --install` puts the binary, the readers' module (PDF and OCR, loaded from ../lib/xxgk/:
# extract/text/reader_module.h), the man page (made from the help: every command has its
# section) and the bash completion (commands and each command's options) under the prefix.
# Usage: install_test.sh BUILD_DIR
set -u
BUILD=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
cmake --install "$BUILD" --prefix "$T" >"$T/log" 2>&1 || fail "cmake --install: $(cat "$T/log")"
[[ -x "$T/bin/xxgk" ]] || fail "no bin/xxgk"
[[ -f "$T/lib/xxgk/xxgk-readers.so" ]] || fail "no lib/xxgk/xxgk-readers.so"
# The installed binary reads a PDF through the installed module, in its limited child and in
# process; without the module it refuses the PDF (conversion_failed), and says why.
pdf="$(dirname "$0")/../fuzz/pdf_corpus/raw_two_pages.pdf"
for isolate in "" --no-isolate; do
  got=$("$T/bin/xxgk" text $isolate "$pdf" 2>"$T/text.err") || fail "installed xxgk text $isolate: $(cat "$T/text.err")"
  [[ "$got" == *"年度报告"* ]] || fail "installed xxgk text $isolate read no report text: $got"
done
mv "$T/lib/xxgk/xxgk-readers.so" "$T/readers.so.moved"
if "$T/bin/xxgk" text "$pdf" >/dev/null 2>"$T/text.err"; then
  fail "xxgk text read a PDF without the readers' module"
fi
grep -q "conversion_failed.*xxgk-readers.so" "$T/text.err" || fail "no clear refusal without the module: $(cat "$T/text.err")"
mv "$T/readers.so.moved" "$T/lib/xxgk/xxgk-readers.so"
# A library that is not the readers' module (XXGK_READERS names it): refused, never called.
zlib=$(ldconfig -p | awk '/libz\.so\.1 / {print $NF; exit}')
if XXGK_READERS="$zlib" "$T/bin/xxgk" text "$pdf" >/dev/null 2>"$T/text.err"; then
  fail "xxgk text read a PDF through $zlib"
fi
grep -q "is not this xxgk's readers' module" "$T/text.err" || fail "a foreign module is not named: $(cat "$T/text.err")"
man="$T/share/man/man1/xxgk.1"
if [[ -s "$man" ]]; then
  for c in extract text import export rebuild stats show robots get crawl seeds; do
    grep -q "^\.SS $c$" "$man" || fail "the man page has no section for $c"
  done
  grep -q -- "--max-input-bytes" "$man" || fail "the man page lacks the options"
  grep -q -- "-H,--header" "$man" && grep -q -- "-k,--insecure" "$man" || fail "the man page lacks -H or -k"
  if command -v man >/dev/null; then
    man -l "$man" >"$T/man.txt" 2>"$T/man.err" || fail "man cannot read it: $(cat "$T/man.err")"
  fi
else
  fail "no man page at $man"
fi
completion="$T/share/bash-completion/completions/xxgk"
if [[ -s "$completion" ]]; then
  got=$(PATH="$T/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(xxgk ex); COMP_CWORD=1; _xxgk; echo "${COMPREPLY[*]}"' _ "$completion")
  [[ "$got" == "extract export" || "$got" == "export extract" ]] || fail "completion of 'ex': '$got'"
  got=$(PATH="$T/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(xxgk get --res); COMP_CWORD=2; _xxgk; echo "${COMPREPLY[*]}"' _ "$completion")
  [[ "$got" == "--resolve" ]] || fail "completion of 'get --res': '$got'"
  got=$(PATH="$T/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(xxgk crawl --ins); COMP_CWORD=2; _xxgk; echo "${COMPREPLY[*]}"' _ "$completion")
  [[ "$got" == "--insecure --insecure-host" ]] || fail "completion of 'crawl --ins': '$got'"
  got=$(PATH="$T/bin:$PATH" bash -c 'source "$1"; COMP_WORDS=(xxgk show --re); COMP_CWORD=2; _xxgk; echo "${COMPREPLY[*]}"' _ "$completion")
  [[ "$got" == "--record" ]] || fail "completion of 'show --re': '$got'"
else
  fail "no completion at $completion"
fi
[[ $failed -eq 0 ]] && echo "PASS: binary, man page and completion installed"
[[ $failed -eq 0 ]]
