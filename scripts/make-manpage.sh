#!/usr/bin/env bash
# Writes the man page xxgk.1 (roff) from the program's own help, so it never drifts from the
# options: the top-level help, then every command's. Run by the build (CMakeLists.txt, target
# xxgk_manpage) and installed by `cmake --install` into share/man/man1.
# Usage: make-manpage.sh XXGK_BINARY OUT_FILE
set -euo pipefail
xxgk=$1
out=$2
version=$("$xxgk" --version | awk '{print $2}')
commands=$("$xxgk" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}')
# Roff escapes: a leading dot or quote, and backslashes.
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }
{
  echo ".TH XXGK 1 \"\" \"xxgk $version\" \"User Commands\""
  echo ".SH NAME"
  echo "xxgk \\- harvest, archive and read Chinese government information-disclosure annual reports"
  echo ".SH SYNOPSIS"
  echo ".B xxgk"
  echo ".I command"
  echo "[options] [arguments]"
  echo ".SH DESCRIPTION"
  echo ".nf"
  "$xxgk" --help | esc | sed -e '/^Usage:/d'
  echo ".fi"
  echo ".SH COMMANDS"
  for c in $commands; do
    echo ".SS $c"
    echo ".nf"
    "$xxgk" "$c" --help | esc
    echo ".fi"
  done
  echo ".SH EXIT STATUS"
  echo "0 success; 1 the command ran but something failed (an input, a fetch, damage found);"
  echo "2 a bad command line, configuration or seed file. See docs/cli.md."
  echo ".SH ERRORS"
  echo "Every error line reads \\fBxxgk: <command>: <what>: <why>\\fR."
} >"$out"
