#!/usr/bin/env bash
# Configures and builds xxgk into a build directory.
#   scripts/build.sh            -> build/       (release with debug info)
#   XXGK_SANITIZE=1 scripts/build.sh -> build-asan/ (ASan + UBSan)
# The compiler is clang-14 when present (it also builds the libFuzzer targets), else the default.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${XXGK_BUILD_DIR:-build}"
flags=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${XXGK_SANITIZE:-0}" = "1" ]; then
  build_dir="${XXGK_BUILD_DIR:-build-asan}"
  flags+=(-DXXGK_SANITIZE=ON -DXXGK_BENCH=OFF)
fi
if command -v clang++-14 >/dev/null 2>&1; then
  flags+=(-DCMAKE_CXX_COMPILER=clang++-14)
fi
if command -v ccache >/dev/null 2>&1; then  # a developer convenience; CI builds without it
  flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

cmake -S . -B "$build_dir" "${flags[@]}" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
