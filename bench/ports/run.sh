#!/usr/bin/env bash
# Port allocation benchmark (no database, no engine): old scan vs PortMap at 100, 1,000, 10,000 servers,
# and the bytes the old build rewrote per placement.   bench/ports/run.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="$repo/bench/results"
mkdir -p "$results"
out="$results/ports-$(date -u +%Y%m%dT%H%M%SZ).txt"
dotnet build "$repo/bench/ports/PortsBench/PortsBench.csproj" -c Release -nologo -v quiet >/dev/null
{
  echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(uname -r)"
  dotnet "$repo/bench/ports/PortsBench/bin/Release/net10.0/ports-bench.dll"
} | tee "$out"
