#!/usr/bin/env bash
# Regenerates the GBK-encoded HTML fixtures in tests/extract/formats/ from their UTF-8 sources:
# every NAME.utf8.html becomes NAME.html encoded as GB18030 (byte-identical to GBK for the
# characters GBK has), the encoding the fixture's meta tag declares or, for gbk_undeclared, the
# undeclared encoding the charset detector must find. Run it after editing a *.utf8.html source
# and commit both files. Needs iconv (glibc).
set -euo pipefail
cd "$(dirname "$0")/../tests/extract/formats"
for source in *.utf8.html; do
  target="${source%.utf8.html}.html"
  iconv -f UTF-8 -t GB18030 "$source" >"$target"
  echo "make_html_fixtures: $source -> $target (GB18030)"
done
