#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (unit, golden, CLI, fuzz smoke).
#   scripts/test.sh                  normal build in build/
#   XXGK_SANITIZE=1 scripts/test.sh  the same tests under ASan + UBSan, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# webrecorder's warcio, the independent WARC reader of tests/cli/warc_cli_test.cc, at the version
# pinned in tests/warc/package-lock.json (the only network the tests need, and only here).
npm ci --prefix tests/warc --no-audit --no-fund --loglevel=error
export XXGK_REQUIRE_WARCIO=1  # a missing warcio fails the WARC tests instead of skipping them
export XXGK_REQUIRE_CHROMIUM=1  # a missing chromium fails the HTML rendering tests instead of skipping them
build_dir="${XXGK_BUILD_DIR:-build}"
if [ "${XXGK_SANITIZE:-0}" = "1" ]; then
  build_dir="${XXGK_BUILD_DIR:-build-asan}"
  # fontconfig's one-time cache (see the file) is not a leak of ours.
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
