#!/bin/sh
# System packages Between uses beyond Python: Graphviz's `dot` (the cycle diagram), Chromium
# (browser tests) and poppler-utils (reading the PDF report in tests).
# As root with apt-get: installs what is missing, quietly (its log goes to var/apt.log).
# Otherwise: says plainly what is missing and how to get it; the tests that need it are skipped
# with that reason, and everything else still runs.
# Usage: scripts/system-deps.sh [run|test]   (run: only what the app itself needs)
set -u

# program -> Debian package, and why it is needed
package_of() { case "$1" in dot) echo graphviz ;; chromium) echo chromium ;; pdftotext) echo poppler-utils ;; esac; }
why() {
  case "$1" in
    dot) echo "draws the cycle diagram" ;;
    chromium) echo "runs the browser tests" ;;
    pdftotext) echo "reads the PDF report in tests" ;;
  esac
}

programs="dot"
[ "${1:-test}" = "test" ] && programs="dot chromium pdftotext"
missing=""
for program in $programs; do
  command -v "$program" >/dev/null 2>&1 || missing="$missing $program"
done
[ -z "$missing" ] && exit 0

packages=""
for program in $missing; do packages="$packages $(package_of "$program")"; done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  mkdir -p var
  echo "Installing system packages:$packages (log: var/apt.log)"
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages) \
       >var/apt.log 2>&1; then
    exit 0
  fi
  echo "Could not install them (see var/apt.log)."
fi

echo "Missing system packages (the tests that need them are skipped; everything else runs):"
for program in $missing; do
  echo "  - $(package_of "$program"): $(why "$program") (no \`$program\` on the PATH)"
done
echo "To get them on Debian or Ubuntu: sudo apt-get install$packages"
exit 0
