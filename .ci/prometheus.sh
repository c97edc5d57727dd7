#!/usr/bin/env bash
# Debian's prometheus 2.42 (prometheus + promtool) unpacked into a folder, no system service: for
# tests/UsageGen.Hosting.Tests (a real Prometheus scrapes the sample service; promtool checks the alerting rules).
# Idempotent: does nothing when the binaries are already there. Prints the folder holding the binaries.
set -euo pipefail
dir="${USAGEGEN_PROMETHEUS_DIR:-/tmp/usagegen-prometheus}"
bin="$dir/usr/bin"
if [ -x "$bin/prometheus" ] && [ -x "$bin/promtool" ]; then echo "$bin"; exit 0; fi
command -v apt-get >/dev/null 2>&1 || { echo "apt-get not found: cannot fetch Debian's prometheus package" >&2; exit 1; }
command -v dpkg >/dev/null 2>&1 || { echo "dpkg not found: cannot unpack Debian's prometheus package" >&2; exit 1; }
mkdir -p "$dir/deb"
cd "$dir/deb"
if ! ls prometheus_*.deb >/dev/null 2>&1; then
  apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 || true; apt-get download prometheus >/dev/null; }
fi
dpkg -x prometheus_*.deb "$dir"
[ -x "$bin/prometheus" ] && [ -x "$bin/promtool" ] || { echo "the package did not contain prometheus and promtool" >&2; exit 1; }
echo "$bin"
