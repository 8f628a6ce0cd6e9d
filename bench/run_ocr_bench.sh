#!/usr/bin/env bash
# OCR cost (issue 15): a synthetic report of the 2021 template (tests/extract/formats/office/
# synthetic_2021_1.pdf) rendered as portals publish reports that exist only as images — an
# image-only PDF and one tall PNG, at several resolutions (tests/tools/make_ocr_images) — then read
# by `xxgk extract` (Tesseract chi_sim in the converter child, as import and fetch read them).
# Prints CPU and wall seconds per page (median of REPS) and what OCR would add to a national
# harvest: 2,900 counties x REPORTS_PER_COUNTY reports, SHARE of them image-only, PAGES each.
#
# Usage: bench/run_ocr_bench.sh [BUILD_DIR]     (default: build)
# Environment: DPIS ("100 150 200"), REPS (3), SHARE (0.05), PAGES (6), REPORTS_PER_COUNTY (200),
# WORK (a fresh temporary folder).
# Needs: xxgk and make_ocr_images built (cmake --build BUILD_DIR --target xxgk make_ocr_images),
# tesseract-ocr-chi-sim (scripts/install-deps.sh), /usr/bin/time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
XXGK=$BUILD/xxgk
MAKE_IMAGES=$BUILD/tests/make_ocr_images
# shellcheck source=bench/lib/preflight.sh
. "$ROOT/bench/lib/preflight.sh"
require_built "$XXGK" "$MAKE_IMAGES"
require_tools /usr/bin/time python3
read -r -a dpis <<<"${DPIS:-100 150 200}"
REPS=${REPS:-3}
SHARE=${SHARE:-0.05}
PAGES=${PAGES:-6}
REPORTS_PER_COUNTY=${REPORTS_PER_COUNTY:-200}
WORK=${WORK:-$(mktemp -d /tmp/xxgk-ocr-bench-XXXXXX)}
mkdir -p "$WORK"
source_pdf=$ROOT/tests/extract/formats/office/synthetic_2021_1.pdf

# Pages of a PDF: its page objects (the image-only PDFs are written by make_ocr_images, one
# picture per page).
pdf_pages() { python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page\b", open(sys.argv[1],"rb").read())))' "$1"; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "OCR of $(basename "$source_pdf") ($(pdf_pages "$source_pdf") pages), $REPS runs each, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | dpi | pages | CPU s (median) | wall s (median) | CPU s per page | values kept |"
echo "|---|---:|---:|---:|---:|---:|---:|"
per_page_150=""
for dpi in "${dpis[@]}"; do
  "$MAKE_IMAGES" "$source_pdf" "$WORK/report-$dpi" "$dpi"
  for kind in scan.pdf png; do
    file=$WORK/report-$dpi.$kind
    pages=$(pdf_pages "$WORK/report-$dpi.scan.pdf")
    [[ $kind == png ]] && pages_label="1 (tall, $pages pages)" || pages_label=$pages
    cpus=() walls=()
    for _ in $(seq 1 "$REPS"); do
      /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$XXGK" extract "$file" >"$WORK/record.json" 2>"$WORK/err.txt" || true
      read -r wall user sys <"$WORK/time.txt"
      # The converter child's CPU is counted: /usr/bin/time reports the children it waited for.
      cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
      walls+=("$wall")
    done
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    wall=$(printf '%s\n' "${walls[@]}" | median)
    per_page=$(awk -v c="$cpu" -v p="$pages" 'BEGIN {printf "%.2f", c / p}')
    kept=$(python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[0])
n = 0
def walk(v):
    global n
    if isinstance(v, dict):
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, int) and not isinstance(v, bool): n += 1
for t in ("active_disclosure", "applications", "reviews_litigation"): walk(r.get(t))
print(n)' "$WORK/record.json" 2>/dev/null || echo "?")
    echo "| $kind | $dpi | $pages_label | $cpu | $wall | $per_page | $kept |"
    [[ $dpi == 150 && $kind == scan.pdf ]] && per_page_150=$per_page
  done
done
echo
if [[ -n $per_page_150 ]]; then
  awk -v s="$per_page_150" -v share="$SHARE" -v pages="$PAGES" -v rpc="$REPORTS_PER_COUNTY" 'BEGIN {
    reports = 2900 * rpc
    ocr = reports * share * pages * s
    printf "A national harvest: 2,900 counties x %d reports = %d reports; if %.0f %% of them are image-only\n", rpc, reports, share * 100
    printf "with %d pages each, OCR at %.2f CPU s a page (150 dpi scan) adds %.0f CPU-hours (%.1f days on 2 cores).\n", pages, s, ocr / 3600, ocr / 3600 / 48
  }'
fi
echo "(files in $WORK)"
