#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs xxgk on what it ships with:
#   1. a summary table of the bundled sample reports' records (agency, year, template, failed
#      checks, warnings), and the samples archived in ./archive;
#   2. `xxgk harvest` of every county of the bundled simulated portals (tests/simulator, one
#      county per portal family, served on 127.0.0.1 by portal_sim for the length of the run,
#      reached as the crawl's proxy): every report of their governments, offices, departments and
#      towns found and archived in ./archive, one row per county — the real pipeline (HTTP,
#      robots.txt, politeness, discovery, text, extraction) with no internet;
#   3. `xxgk report` of those counties (the table; report.html written beside the archive);
#   4. the archive's statistics.
# Idempotent: a second run archives nothing new and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/xxgk extract --summary seeds/reports/*.txt
echo
build/xxgk import seeds/reports
echo

. scripts/simulator.sh
start_simulator
echo "Simulated portals on 127.0.0.1:$port; harvesting their counties through them:"
build/xxgk harvest --seeds "$sim_dir/out/seeds.tsv" --proxy "http://127.0.0.1:$port" \
  --delay 0.05 --quiet
echo
echo "Which simulated bodies published which years, on time (docs/report.md):"
build/xxgk report --seeds "$sim_dir/out/seeds.tsv" --as-of 2025-06-30 --html report.html
echo "The HTML report (matrix and charts, self-contained) is $(pwd)/report.html"
echo
build/xxgk stats
