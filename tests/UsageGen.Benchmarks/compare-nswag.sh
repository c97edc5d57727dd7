#!/usr/bin/env bash
# Whole-process comparison: `usagegen generate` against NSwag's `openapi2csclient` (the NSwag.MSBuild tool,
# System.Text.Json flavour) on the same five specs, each run a fresh `dotnet` process, the two tools alternated
# (ABBA order), RUNS rounds; prints the median wall time of each and the ratio as a Markdown table.
#
#   tests/UsageGen.Benchmarks/compare-nswag.sh [runs]        (default 10; NO_BUILD=1 to skip building the CLI)
#
# Two scenarios: all five specs in one process (usagegen generate specs/*.yaml; `nswag run` over five .nswag
# documents), and one process per spec (summed over the five specs). usagegen runs twice: the plain JIT build
# (bin/Release, what `dotnet run` and the dotnet tool give) and a ReadyToRun publish of the same project
# (dotnet publish -r linux-x64 --self-contained false -p:PublishReadyToRun=true), which is what the released tool
# package for linux-x64 holds (src/UsageGen.Cli packs one ReadyToRun package per RID with -p:UsageGenToolRelease=true):
# a process that runs for under a second spends most of it in the JIT, and R2R removes most of that. NO_R2R=1 skips it.
source "$(dirname "$0")/script-common.sh"
cli=${USAGEGEN_CLI_DLL:-$root/src/UsageGen.Cli/bin/Release/net10.0/UsageGen.Cli.dll}
if [ -z "${NO_BUILD:-}" ]; then
  echo "Building the CLI (Release)..." >&2
  dotnet build "$root/src/UsageGen.Cli" -c Release -nologo -v q >/dev/null
fi
[ -f "$cli" ] || { echo "usagegen not built: $cli" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
r2r=""
if [ -z "${NO_R2R:-}" ]; then
  echo "Publishing the CLI ReadyToRun (framework-dependent, linux-x64)..." >&2
  if dotnet publish "$root/src/UsageGen.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
       -o "$work/r2r" -nologo > "$work/r2r.log" 2>&1; then
    r2r="$work/r2r/UsageGen.Cli.dll"
  else
    echo "  ReadyToRun publish failed (see below); timing the JIT build only." >&2
    tail -5 "$work/r2r.log" >&2
  fi
fi
specs=(coingecko coinstats sharpe shoal tavily)
names=(CoinGecko CoinStats Sharpe Shoal Tavily)
mkdir -p "$work/nswag-run" "$work/out"
for i in "${!specs[@]}"; do
  cat > "$work/nswag-run/${names[$i]}.nswag" <<JSON
{
  "runtime": "Net100",
  "documentGenerator": { "fromDocument": { "url": "$root/specs/${specs[$i]}.yaml" } },
  "codeGenerators": { "openApiToCSharpClient": { "className": "${names[$i]}Client", "namespace": "Bench.NSwag.${names[$i]}", "jsonLibrary": "SystemTextJson", "output": "${names[$i]}.cs" } }
}
JSON
done

# Wall time of one command in milliseconds (fails the script if the command fails).
ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

ug_all() { dotnet "$cli" generate "$root"/specs/*.yaml -o "$work/out/usagegen.cs"; }
r2r_all() { dotnet "$r2r" generate "$root"/specs/*.yaml -o "$work/out/usagegen-r2r.cs"; }
r2r_each() { for s in "${specs[@]}"; do dotnet "$r2r" generate "$root/specs/$s.yaml" -o "$work/out/r2r-$s.cs" || return 1; done; }
ns_all() { (cd "$work/nswag-run" && dotnet "$nswag" run); }
ug_each() { for s in "${specs[@]}"; do dotnet "$cli" generate "$root/specs/$s.yaml" -o "$work/out/ug-$s.cs" || return 1; done; }
ns_each() {
  for i in "${!specs[@]}"; do
    dotnet "$nswag" openapi2csclient /input:"$root/specs/${specs[$i]}.yaml" /output:"$work/out/ns-${specs[$i]}.cs" \
      /namespace:Bench.NSwag.${names[$i]} /ClassName:${names[$i]}Client /JsonLibrary:SystemTextJson || return 1
  done
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# One untimed run of each (disk cache, first-run effects), then alternated timed rounds.
ug_all >/dev/null 2>&1; ns_all >/dev/null 2>&1; [ -n "$r2r" ] && { r2r_all >/dev/null 2>&1 || true; }
declare -a UA NA UE NE RA RE
for ((r = 1; r <= runs; r++)); do
  if (( r % 2 )); then
    UA+=("$(ms ug_all)"); NA+=("$(ms ns_all)"); NE+=("$(ms ns_each)"); UE+=("$(ms ug_each)")
    [ -n "$r2r" ] && { RA+=("$(ms r2r_all)"); RE+=("$(ms r2r_each)"); }
  else
    [ -n "$r2r" ] && { RE+=("$(ms r2r_each)"); RA+=("$(ms r2r_all)"); }
    NA+=("$(ms ns_all)"); UA+=("$(ms ug_all)"); UE+=("$(ms ug_each)"); NE+=("$(ms ns_each)")
  fi
  echo "round $r/$runs: all-in-one usagegen ${UA[-1]} ms${r2r:+ (R2R ${RA[-1]} ms)}, nswag ${NA[-1]} ms; per-spec usagegen ${UE[-1]} ms${r2r:+ (R2R ${RE[-1]} ms)}, nswag ${NE[-1]} ms" >&2
done

ua=$(printf '%s\n' "${UA[@]}" | median); na=$(printf '%s\n' "${NA[@]}" | median)
ue=$(printf '%s\n' "${UE[@]}" | median); ne=$(printf '%s\n' "${NE[@]}" | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "Whole process, $runs alternated runs each, median wall time (dotnet $(dotnet --version), $(nproc) cores):"
echo
echo "| scenario | usagegen generate | NSwag openapi2csclient | ratio (usagegen / NSwag) |"
echo "|---|---:|---:|---:|"
echo "| 5 specs, one process (JIT build) | $ua ms | $na ms (nswag run, 5 .nswag) | $(ratio "$ua" "$na") |"
if [ -n "$r2r" ]; then
  ra=$(printf '%s\n' "${RA[@]}" | median)
  echo "| 5 specs, one process (ReadyToRun publish) | $ra ms | $na ms (nswag run, 5 .nswag) | $(ratio "$ra" "$na") |"
fi
echo "| 5 specs, one process per spec (JIT build) | $ue ms | $ne ms | $(ratio "$ue" "$ne") |"
if [ -n "$r2r" ]; then
  re=$(printf '%s\n' "${RE[@]}" | median)
  echo "| 5 specs, one process per spec (ReadyToRun publish) | $re ms | $ne ms | $(ratio "$re" "$ne") |"
fi
echo
echo "Output sizes: usagegen $(wc -c < "$work/out/usagegen.cs") bytes (5 specs, one file); NSwag $(cat "$work/nswag-run"/*.cs | wc -c) bytes (5 files)."
