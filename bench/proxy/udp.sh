#!/usr/bin/env bash
# UDP echo only (the UDP rows of run.sh, repeated): direct vs gsp-proxy, 1200-byte datagrams.
#   bench/proxy/udp.sh            # BENCH_SECONDS=5 BENCH_REPEATS=3 BENCH_RATES="50000 100000" by default
# Addresses as in run.sh: echo target on 127.0.0.2, gsp-proxy on 127.0.0.1, same port number.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/gsp-proxy-udp-bench.XXXXXX)"
results="$repo/bench/results"
mkdir -p "$results"
out="$results/proxy-udp-$(date -u +%Y%m%dT%H%M%SZ).txt"
seconds="${BENCH_SECONDS:-5}"
repeats="${BENCH_REPEATS:-3}"
rates="${BENCH_RATES:-50000 100000}"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }
wait_ready() { for _ in $(seq 1 300); do grep -q ready "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; exit 1; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1:$2" >&2; exit 1; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }

echo "building (publish gsp-proxy NativeAOT, bench tool Release)..."
dotnet publish "$repo/src/Proxy" -c Release -r linux-x64 -o "$work/proxy" >/dev/null
dotnet build "$repo/bench/proxy/ProxyBench" -c Release -o "$work/tool" >/dev/null
bench=(dotnet "$work/tool/proxy-bench.dll")

say "# gsp-proxy UDP echo benchmark $(date -u +%FT%TZ) on $(nproc) cores, $(uname -r), commit $(git -C "$repo" rev-parse --short HEAD)"
"${bench[@]}" echo 127.0.0.2 7000 > "$work/echo.out" & pids+=($!)
wait_ready "$work/echo.out"
GSP_PROXY_PORTS=7000/udp GSP_PROXY_UPSTREAM_HOST=127.0.0.2 GSP_PROXY_LISTEN_ADDRESS=127.0.0.1 \
GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused GSP_PROXY_SERVER_ID=bench GSP_PROXY_TOKEN=bench-token GSP_PROXY_ADMIN_PORT=7081 \
  "$work/proxy/gsp-proxy" > "$work/proxy.log" 2>&1 & proxy_pid=$!; pids+=($proxy_pid)
wait_port 127.0.0.1 7081
sleep 0.5

say "## UDP, 1200-byte datagrams, ${seconds}s per run, ${repeats} runs per rate, direct and gsp-proxy in turn"
for rate in $rates; do
  for run in $(seq 1 "$repeats"); do
    say "$(printf '%-10s ' direct)$("${bench[@]}" udp 127.0.0.2 7000 "$seconds" 1200 "$rate")"
    say "$(printf '%-10s ' gsp-proxy)$("${bench[@]}" udp 127.0.0.1 7000 "$seconds" 1200 "$rate")"
  done
done
say "gsp-proxy RSS at end: $(rss_kib $proxy_pid) KiB, threads: $(threads $proxy_pid)"
echo "results written to $out"
