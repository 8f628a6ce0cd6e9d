#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs xxgk on the bundled sample reports:
# a summary table of their records (agency, year, template, failed checks, warnings), then the
# samples archived in ./archive (idempotent: a second run adds nothing) and the archive's stats.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/xxgk extract --summary seeds/reports/*.txt
echo
build/xxgk import seeds/reports
build/xxgk stats
