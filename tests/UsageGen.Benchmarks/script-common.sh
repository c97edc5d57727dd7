# Sourced by the comparison scripts of this folder (compare-nswag.sh, touch-build.sh): strict mode, the repository
# root, the run count ($1, else RUNS, else 10), and $nswag, NSwag.MSBuild's dotnet-nswag.dll (NSWAG_DLL overrides).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-${RUNS:-10}}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

nswag=${NSWAG_DLL:-$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/nswag.msbuild/*/tools/Net100/dotnet-nswag.dll 2>/dev/null | sort -V | tail -1 || true)}
if [ ! -f "$nswag" ]; then
  echo "NSwag.MSBuild's dotnet-nswag.dll not found: run 'dotnet restore tests/UsageGen.Benchmarks' first (or set NSWAG_DLL)." >&2
  exit 2
fi
