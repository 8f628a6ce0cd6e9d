#!/usr/bin/env bash
# Regenerates the legacy Word (.doc) fixtures in tests/extract/formats/doc/ with LibreOffice:
# a sample report of seeds/reports/ becomes a flat OpenDocument text with real tables, which
# soffice saves as Word 97 (.doc).
# The office conversion tests read the .doc back (soffice → DOCX → ToText) and must get the
# record of the sample's text. Run it after changing a source report and commit the .doc files.
# Needs soffice (Debian: libreoffice-writer-nogui) and awk.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=tests/extract/formats/doc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A report text → a flat OpenDocument text (.fodt) Writer imports exactly: paragraphs → text:p,
# runs of tab-separated lines → a table:table whose rows all have the table's widest cell count
# (one column grid), and every column exactly 0.4 in (576 twips) wide: with widths Writer must
# round, the .doc's rows get cell edges a twip apart and the DOCX made from it a grid of slivers
# with cells spanning them.
report_to_fodt() {
  awk '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    function flush_table(   r, i, n, cells) {
      if (rows == 0) return
      tables++
      styles = styles sprintf("<style:style style:name=\"T%d\" style:family=\"table\"><style:table-properties style:width=\"%.1fin\" table:align=\"left\"/></style:style>\n", tables, width * 0.4)
      body = body sprintf("<table:table table:name=\"T%d\" table:style-name=\"T%d\"><table:table-column table:style-name=\"C\" table:number-columns-repeated=\"%d\"/>\n", tables, tables, width)
      for (r = 1; r <= rows; r++) {
        n = split(table[r], cells, "\t")
        body = body "<table:table-row>"
        for (i = 1; i <= width; i++) {
          body = body "<table:table-cell office:value-type=\"string\"><text:p>" (i <= n ? esc(cells[i]) : "") "</text:p></table:table-cell>"
        }
        body = body "</table:table-row>\n"
      }
      body = body "</table:table>\n"
      rows = 0; width = 0
    }
    BEGIN {
      print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      print "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
            " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
            " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
            " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
            " office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
      styles = "<style:style style:name=\"C\" style:family=\"table-column\">" \
               "<style:table-column-properties style:column-width=\"0.4in\"/></style:style>\n"
    }
    /\t/ { table[++rows] = $0; n = split($0, cells, "\t"); if (n > width) width = n; next }
    { flush_table(); if ($0 != "") body = body "<text:p>" esc($0) "</text:p>\n" }
    END {
      flush_table()
      print "<office:automatic-styles>" styles "</office:automatic-styles>"
      print "<office:body><office:text>" body "</office:text></office:body></office:document>"
    }
  ' "$1"
}

for source in seeds/reports/004_5d91dc09e275c8dc.txt; do
  name=$(basename "$source" .txt)
  report_to_fodt "$source" >"$work/$name.fodt"
  soffice --headless --norestore "-env:UserInstallation=file://$work/profile" \
    --convert-to doc --outdir "$work" "$work/$name.fodt" \
    >/dev/null 2>&1 </dev/null
  cp "$work/$name.doc" "$out_dir/$name.doc"
  echo "make-doc-fixtures: $source -> $out_dir/$name.doc ($(wc -c <"$out_dir/$name.doc") bytes)"
done
