#!/usr/bin/env bash
# Start-up of the usagegen command: the NativeAOT binary against the JIT build (dotnet UsageGen.Cli.dll), in demo mode
# (a local Kestrel server replays the documented responses; loopback only). For each: time to the first byte on
# stdout and total wall time, RUNS alternated runs, medians and ratios as a Markdown table; then hyperfine's view of
# the total time when hyperfine is installed (apt-get install hyperfine).
#
#   tests/UsageGen.Benchmarks/startup.sh [runs]     (default 15; AOT_DIR=... to reuse a published binary, NO_BUILD=1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-${RUNS:-15}}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# No key may turn demo mode into real calls.
unset COINGECKO_API_KEY COINSTATS_API_KEY TAVILY_API_KEY SHARPE_API_KEY SHOAL_API_KEY || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jit=${USAGEGEN_CLI_DLL:-$root/src/UsageGen.Cli/bin/Release/net10.0/UsageGen.Cli.dll}
aot_dir=${AOT_DIR:-$work/aot}
if [ -z "${NO_BUILD:-}" ]; then
  echo "Building the JIT CLI (Release)..." >&2
  dotnet build "$root/src/UsageGen.Cli" -c Release -nologo -v q >/dev/null
fi
if [ ! -x "$aot_dir/UsageGen.Cli" ]; then
  echo "Publishing the NativeAOT CLI to $aot_dir (takes a minute or two)..." >&2
  log="$work/publish.log"
  dotnet publish "$root/src/UsageGen.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$aot_dir" -nologo > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
  warnings=$({ grep -oE 'warning IL[23][0-9]{3}' "$log" || true; } | wc -l)
  echo "  published; trim/AOT warnings (IL2xxx/IL3xxx): $warnings" >&2
fi
aot="$aot_dir/UsageGen.Cli"
for bin in "$aot" "dotnet $jit"; do
  # shellcheck disable=SC2086
  if ! $bin --demo --json >/dev/null 2>"$work/err.txt"; then echo "'$bin --demo --json' failed: $(head -c 300 "$work/err.txt")" >&2; exit 1; fi
done

# "<first byte ms> <total ms>" for one run; stdout goes through a reader that stamps the first byte, then drains.
run_once() {
  local start first end
  start=$(date +%s%N)
  first=$("$@" 2>/dev/null | { head -c 1 >/dev/null; date +%s%N; cat >/dev/null; } || true)
  end=$(date +%s%N)
  echo "$(( (first - start) / 1000000 )) $(( (end - start) / 1000000 ))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

echo
echo "| mode | AOT first output | JIT first output | JIT/AOT | AOT total | JIT total | JIT/AOT |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for mode in "--demo --json" "--demo"; do
  # shellcheck disable=SC2086
  { "$aot" $mode; dotnet "$jit" $mode; } >/dev/null 2>&1 || true   # warm the disk cache
  af=(); at=(); jf=(); jt=()
  for ((r = 1; r <= runs; r++)); do
    # shellcheck disable=SC2086
    if (( r % 2 )); then read -r f t < <(run_once "$aot" $mode); af+=("$f"); at+=("$t"); read -r f t < <(run_once dotnet "$jit" $mode); jf+=("$f"); jt+=("$t")
    else read -r f t < <(run_once dotnet "$jit" $mode); jf+=("$f"); jt+=("$t"); read -r f t < <(run_once "$aot" $mode); af+=("$f"); at+=("$t"); fi
  done
  maf=$(printf '%s\n' "${af[@]}" | median); mat=$(printf '%s\n' "${at[@]}" | median)
  mjf=$(printf '%s\n' "${jf[@]}" | median); mjt=$(printf '%s\n' "${jt[@]}" | median)
  echo "| usagegen $mode | $maf ms | $mjf ms | $(ratio "$mjf" "$maf") | $mat ms | $mjt ms | $(ratio "$mjt" "$mat") |"
done
echo
echo "$runs alternated runs each, medians; first output = first byte on stdout. AOT binary: $(du -h "$aot" | cut -f1)."

if command -v hyperfine >/dev/null 2>&1 && [ -z "${NO_HYPERFINE:-}" ]; then
  echo
  hyperfine --warmup 2 --runs "$runs" --style basic --export-markdown "$work/hyperfine.md" \
    -n aot "$aot --demo --json" -n jit "dotnet $jit --demo --json" >&2
  cat "$work/hyperfine.md"
fi
