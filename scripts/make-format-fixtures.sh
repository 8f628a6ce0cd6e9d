#!/usr/bin/env bash
# Writes the office-format fixtures of tests/extract/format_roundtrip_test.cc into
# tests/extract/formats/office/: for each sample report (seeds/reports/*.txt) and for two synthetic
# reports per national template (2019, 2021; tests/extract/report_builder, tab layout):
#   NAME.txt       the report text (synthetic reports only: the samples' text is seeds/reports/NAME.txt)
#   NAME.html      the report as a portal page (TRS chrome, merged cells), UTF-8
#   NAME.gbk.html  the same page in GBK (Hanweb chrome), declared <meta charset="gbk">
#   NAME.docx      LibreOffice Writer's DOCX of the bare page
#   NAME.pdf       LibreOffice Writer's PDF of the bare page (fonts subset, CJK in WenQuanYi Zen Hei)
# The pages come from tests/tools/report_html (tests/extract/html_report_writer); DOCX and PDF from
#   soffice --headless --infilter="HTML (StarWriter)" --convert-to docx|pdf
# with a private profile (works without a home directory).
#
# Needs: soffice (Debian: libreoffice-writer-nogui) and a CJK font (fonts-wqy-zenhei); both are
# installed by `scripts/install-deps.sh`. CI does not run it: the fixtures are committed. Run it
# again after changing the writer or the report builder.
#   scripts/make-format-fixtures.sh [BUILD_DIR]    (default build/; report_html is built there)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${1:-build}"
out=tests/extract/formats/office

if ! command -v soffice >/dev/null 2>&1; then
  echo "make-format-fixtures: soffice not found; install libreoffice-writer-nogui" \
       "(scripts/install-deps.sh)" >&2
  exit 1
fi
if ! fc-list :lang=zh family 2>/dev/null | grep -qi "wenquanyi zen hei"; then
  echo "make-format-fixtures: the CJK font WenQuanYi Zen Hei is missing; install fonts-wqy-zenhei" \
       "(scripts/install-deps.sh)" >&2
  exit 1
fi
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  echo "make-format-fixtures: $build_dir is not a configured build directory" \
       "(run scripts/build.sh, or pass the build directory)" >&2
  exit 1
fi
cmake --build "$build_dir" --target report_html >/dev/null
report_html="$build_dir/tests/report_html"

work="$(mktemp -d /tmp/xxgk-fixtures.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/bare"

# NAME and the report_html arguments that select its report.
reports=()
for f in seeds/reports/*.txt; do
  reports+=("$(basename "$f" .txt)|--text $f")
done
for template in 2019 2021; do
  for seed in 1 2; do
    reports+=("synthetic_${template}_${seed}|--template $template --seed $seed")
  done
done

for entry in "${reports[@]}"; do
  name="${entry%%|*}"
  read -r -a source <<<"${entry#*|}"
  extra=()
  case "$name" in synthetic_*) extra=(--text-out "$out/$name.txt") ;; esac
  "$report_html" "${source[@]}" "${extra[@]}" --chrome trs --out "$out/$name.html"
  "$report_html" "${source[@]}" --chrome hanweb --charset gbk --out "$out/$name.gbk.html"
  "$report_html" "${source[@]}" --chrome bare --out "$work/bare/$name.html"
done

# One soffice run per output format converts every page. The HTML (StarWriter) filter makes
# Writer, not Writer/Web, import the page, so the output is a paged A4 document.
for format in docx:"MS Word 2007 XML" pdf:writer_pdf_Export; do
  soffice -env:UserInstallation="file://$work/profile" --headless --norestore \
          --infilter="HTML (StarWriter)" --convert-to "$format" --outdir "$work/converted" \
          "$work"/bare/*.html >"$work/soffice.log" 2>&1 || {
    cat "$work/soffice.log" >&2
    echo "make-format-fixtures: soffice failed" >&2
    exit 1
  }
done
for entry in "${reports[@]}"; do
  name="${entry%%|*}"
  for ext in docx pdf; do
    if [ ! -s "$work/converted/$name.$ext" ]; then
      echo "make-format-fixtures: soffice wrote no $name.$ext" >&2
      exit 1
    fi
    cp "$work/converted/$name.$ext" "$out/$name.$ext"
  done
done
du -sh "$out"
