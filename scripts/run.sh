#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs xxgk on the bundled sample reports,
# printing a summary table (agency, year, template, failed checks, warnings per report).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/xxgk extract --summary seeds/reports/*.txt
