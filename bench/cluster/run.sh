#!/usr/bin/env bash
# Cluster benchmark: one production-wired silo on real PostgreSQL with an in-memory container engine;
# N users, each with a funded wallet and one sleeping demo server with its idle-check reminder.
#   bench/cluster/run.sh     # BENCH_SERVERS=10000 BENCH_REST_MINUTES=5 BENCH_CONCURRENCY=32 by default
# PostgreSQL: GSP_BENCH_POSTGRES (an admin connection string; the bench creates and drops its own
# database), or GSP_TEST_POSTGRES, or a private one started like deploy/test's.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="$repo/bench/results"
mkdir -p "$results"
out="$results/cluster-$(date -u +%Y%m%dT%H%M%SZ).txt"

if [[ -z ${GSP_BENCH_POSTGRES:-} && -n ${GSP_TEST_POSTGRES:-} ]]; then
  GSP_BENCH_POSTGRES=$GSP_TEST_POSTGRES
fi
if [[ -z ${GSP_BENCH_POSTGRES:-} ]]; then
  # shellcheck source=deploy/lib/common.sh
  source "$repo/deploy/lib/common.sh"
  # shellcheck source=deploy/lib/postgres.sh
  source "$repo/deploy/lib/postgres.sh"
  ensure_private_postgres bench "${GSP_BENCH_PG_PORT:-55435}" fresh
  trap 'stop_private_postgres bench >/dev/null 2>&1 || true' EXIT
  GSP_BENCH_POSTGRES=$pg_connection_string
fi
export GSP_BENCH_POSTGRES

dotnet build "$repo/bench/cluster/ClusterBench/ClusterBench.csproj" -c Release -nologo -v quiet >/dev/null
{
  echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$repo/bench/cluster/ClusterBench/bin/Release/net10.0/cluster-bench.dll" 2>&1 | grep --line-buffered -v '^\(warn\|      \)'
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "results: $out"
