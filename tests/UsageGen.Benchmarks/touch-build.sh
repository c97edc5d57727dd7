#!/usr/bin/env bash
# Consumer touch-build overhead: what the generated code of the five launch specs costs every build of a project that
# uses them. Three fresh net8.0 class libraries (Nullable, TreatWarningsAsErrors), the same hand-written C# in each:
#   baseline  no specs, no generated code
#   usagegen  the UsageGen package (packed from src/UsageGen into a local feed) and <UsageGenSpec Include="specs/*.yaml" />
#   nswag     NSwag's C# clients of the same five specs (openapi2csclient, System.Text.Json, from the NSwag.MSBuild tool
#             folder) as ordinary source files
# Each is built once, then timed: touch one .cs, `dotnet build --no-restore`, RUNS times; with the compiler server
# (the default) and without it (-p:UseSharedCompilation=false: a fresh csc process each build, as on a CI agent).
# Overhead = median(variant) - median(baseline). Wall time; without the server also the CPU time (user+sys) of the
# build's process tree. Uses hyperfine when installed (medians from its JSON export), else alternated runs. The compiler
# server is shared with whatever else builds on the machine: this script never shuts it down; the warm-up starts it.
#
#   tests/UsageGen.Benchmarks/touch-build.sh [runs]     (default 10; KEEP=1 keeps the work folder)
source "$(dirname "$0")/script-common.sh"

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work" >&2; fi
version="0.1.0-touch.$(date +%Y%m%d%H%M%S)"

echo "Packing UsageGen $version..." >&2
dotnet pack "$root/src/UsageGen" -c Release -o "$work/feed" -p:PackageVersion="$version" -nologo -v q > "$work/pack.log" 2>&1 \
  || { tail -20 "$work/pack.log" >&2; exit 1; }

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML

specs=(coingecko coinstats sharpe shoal tavily)
names=(CoinGecko CoinStats Sharpe Shoal Tavily)

# The same hand-written code in every project; Touched.cs is the file a developer edits.
consumer() {
  local dir=$1
  mkdir -p "$dir"
  cat > "$dir/Touched.cs" <<'CS'
namespace Consumer;

public static class Touched
{
    public static int Answer() => 42;
}
CS
  cat > "$dir/Other.cs" <<'CS'
using System.Collections.Generic;
using System.Linq;

namespace Consumer;

public sealed record Line(string Name, decimal Amount);

public static class Other
{
    public static decimal Total(IEnumerable<Line> lines) => lines.Sum(l => l.Amount);
}
CS
}

project() { # every project is Consumer.csproj: a project named like the UsageGen package would be a NuGet cycle (NU1108)
  local dir=$1 extra=$2
  cat > "$dir/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ImplicitUsings>disable</ImplicitUsings>
    <RestorePackagesPath>$work/packages</RestorePackagesPath>
  </PropertyGroup>
$extra
</Project>
XML
}

consumer "$work/baseline"
project "$work/baseline" ""

consumer "$work/usagegen"
mkdir -p "$work/usagegen/specs"
cp "$root"/specs/*.yaml "$work/usagegen/specs/"
project "$work/usagegen" "  <ItemGroup>
    <PackageReference Include=\"UsageGen\" Version=\"$version\" />
    <UsageGenSpec Include=\"specs/*.yaml\" />
  </ItemGroup>"

consumer "$work/nswag"
project "$work/nswag" ""
echo "Generating NSwag's clients..." >&2
for i in "${!specs[@]}"; do
  dotnet "$nswag" openapi2csclient /input:"$root/specs/${specs[$i]}.yaml" /output:"$work/nswag/${names[$i]}.NSwag.cs" \
    /namespace:Consumer.NSwag.${names[$i]} /ClassName:${names[$i]}Client /JsonLibrary:SystemTextJson \
    /GenerateClientInterfaces:false /UseBaseUrl:true > /dev/null
done

variants=(baseline usagegen nswag)
for v in "${variants[@]}"; do
  echo "Restoring and building $v once..." >&2
  (cd "$work/$v" && dotnet build -c Release -nologo -v q > "$work/$v.first.log" 2>&1) \
    || { echo "first build of $v failed:" >&2; tail -20 "$work/$v.first.log" >&2; exit 1; }
done
gen_bytes=$(cat "$work"/nswag/*.NSwag.cs | wc -c)

build_cmd() { # variant, mode (server|noserver)
  local flags="-c Release --no-restore -nologo -v q"
  [ "$2" = noserver ] && flags="$flags -p:UseSharedCompilation=false"
  echo "dotnet build $work/$1/Consumer.csproj $flags"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

declare -A wall cpu
if command -v hyperfine > /dev/null 2>&1; then
  for mode in server noserver; do
    for v in "${variants[@]}"; do
      hyperfine --style none --warmup 1 --runs "$runs" --prepare "touch $work/$v/Touched.cs" \
        --export-json "$work/$v.$mode.json" "$(build_cmd "$v" "$mode")" > /dev/null 2>&1
      read -r w c < <(python3 - "$work/$v.$mode.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
# hyperfine gives the mean of user/system only; the per-run wall times give a median.
print(int(statistics.median(r["times"]) * 1000), int((r["user"] + r["system"]) * 1000))
PY
)
      wall[$v.$mode]=$w; cpu[$v.$mode]=$c
    done
  done
  tool="hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs each after 1 warm-up (CPU: mean user+sys)"
else
  for mode in server noserver; do
    for v in "${variants[@]}"; do (cd "$work/$v" && touch Touched.cs && $(build_cmd "$v" "$mode") > /dev/null); done
    for ((r = 0; r < runs; r++)); do
      for v in "${variants[@]}"; do
        touch "$work/$v/Touched.cs"
        /usr/bin/time -f "%e %U %S" -o "$work/t" $(build_cmd "$v" "$mode") > /dev/null
        awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/t" >> "$work/$v.$mode.txt"
      done
    done
    for v in "${variants[@]}"; do
      wall[$v.$mode]=$(cut -d' ' -f1 "$work/$v.$mode.txt" | median)
      cpu[$v.$mode]=$(cut -d' ' -f2 "$work/$v.$mode.txt" | median)
    done
  done
  tool="alternated runs, $runs each after 1 warm-up (CPU: median user+sys)"
fi

echo
echo "Touch-build of a net8.0 library with the five launch specs ($tool; ms)"
echo
echo "| variant | server: wall | overhead | no server: wall | overhead | no server: CPU | overhead |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for v in "${variants[@]}"; do
  printf "| %s | %d | %+d | %d | %+d | %d | %+d |\n" "$v" \
    "${wall[$v.server]}" $(( ${wall[$v.server]} - ${wall[baseline.server]} )) \
    "${wall[$v.noserver]}" $(( ${wall[$v.noserver]} - ${wall[baseline.noserver]} )) \
    "${cpu[$v.noserver]}" $(( ${cpu[$v.noserver]} - ${cpu[baseline.noserver]} ))
done
echo
echo "NSwag's clients: $gen_bytes bytes of C#; UsageGen's: see \`usagegen generate specs/*.yaml\`."
