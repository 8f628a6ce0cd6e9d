#!/usr/bin/env bash
# Installs every Debian 12 package that xxgk's build, tests and benchmarks need.
# Idempotent and non-interactive: does nothing (and needs no network) when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  clang-14 libclang-rt-14-dev          # libFuzzer and sanitizer runtimes for the fuzz targets
  libicu-dev                           # Unicode normalisation (NFKC), UTF-8, charsets
  libssl-dev                           # SHA-256 for document identity; the tests' HTTPS server
  nlohmann-json3-dev                   # JSON records
  libcli11-dev                         # command-line parsing
  libtomlplusplus-dev                  # config/default.toml
  liblmdb-dev                          # the archive (store/)
  libzstd-dev                          # payload compression in the archive
  libcurl4-openssl-dev libboost-dev    # the fetch engine (libcurl multi socket API + Boost.Asio)
  libgumbo-dev                         # HTML parsing
  libuchardet-dev                      # charset detection for undeclared bytes
  libxml2-dev libzip-dev               # DOCX parts (zip + XML)
  libpoppler-cpp-dev                   # PDF text (and PDF pages rendered for OCR)
  libtesseract-dev libleptonica-dev    # OCR of images and scanned PDFs (extract/text/ocr_text)
  tesseract-ocr tesseract-ocr-chi-sim  # Tesseract's data: chi_sim.traineddata (and eng, osd)
  fonts-wqy-zenhei                     # tests: the CJK font the simulator's scanned report is printed in
  libreoffice-writer-nogui             # DOC/WPS → DOCX (soffice, run by crawler/ingest/office_convert)
  libreoffice-calc-nogui               # tests: the CSV/XLSX exports read back by a spreadsheet
  libxlsxwriter-dev                    # export --xlsx
  python3-jsonschema                   # tests: every record against docs/record.schema.json
  chromium                             # tests: the HTML report rendered headless (DOM, screenshot)
  libgtest-dev libgmock-dev            # tests
  libbenchmark-dev time                # bench/ (Google Benchmark; /usr/bin/time for peak memory)
  zlib1g-dev                           # gzip responses (and the gzip bomb) in the fetch tests
  wget wget2 nginx-light               # bench only: fetch and crawl benchmark peers, loopback server
)
# (--fixtures once added what scripts/make-format-fixtures.sh needs; soffice and the CJK font are
# above now, and the flag changes nothing.)

# Node.js and npm run the tests' independent WARC reader (warcio, tests/warc/). Debian's packages
# only when no node/npm is installed already (a NodeSource nodejs ships its own npm and conflicts
# with Debian's).
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
