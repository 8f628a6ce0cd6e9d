# Sourced by the bench scripts (not run): the checks they make before a bench starts, each
# exiting 2 with what to do when something is missing.
#   require_built FILE...   executables a build makes (xxgk, tests/portal_sim, ...)
#   require_tools TOOL...   commands on PATH or absolute paths (wget2, /usr/bin/time, ...)

require_built() {
  local f
  for f in "$@"; do
    [[ -x $f ]] || { echo "missing $f: run scripts/build.sh" >&2; exit 2; }
  done
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/install-deps.sh" >&2; exit 2; }
  done
}
