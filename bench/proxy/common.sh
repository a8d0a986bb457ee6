# Shared setup of the proxy benchmarks (sourced by run.sh and udp.sh): work directory, result file, cleanup of
# every process and Docker object a bench starts, readiness waits, /proc readings, and the two builds.
# The caller sets `out_prefix` (result file name) before sourcing.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "/tmp/gsp-${out_prefix}.XXXXXX")"
results="$repo/bench/results"
mkdir -p "$results"
out="$results/${out_prefix}-$(date -u +%Y%m%dT%H%M%SZ).txt"
seconds="${BENCH_SECONDS:-5}"
repeats="${BENCH_REPEATS:-3}"

pids=()
containers=()
networks=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  for n in "${networks[@]}"; do docker network rm "$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$out"; }
wait_ready() { for _ in $(seq 1 300); do grep -q ready "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; exit 1; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1:$2" >&2; exit 1; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
pss_kib() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$1/status"; }
median() { python3 -c 'import statistics,sys; print("%.1f" % statistics.median(float(v) for v in sys.argv[1:]))' "$@"; }

# build_proxy: the NativeAOT gsp-proxy in $work/proxy; build_tool: the load tool, run as "${bench[@]}".
# BENCH_PROXY_DIR: a directory that already holds a published gsp-proxy of this tree (e.g. stage.sh's OUTDIR/publish).
build_proxy() {
  if [[ -n ${BENCH_PROXY_DIR:-} ]]; then cp -r "$BENCH_PROXY_DIR" "$work/proxy"; return; fi
  dotnet publish "$repo/src/Proxy" -c Release -r linux-x64 -o "$work/proxy" >/dev/null
}
build_tool() {
  dotnet build "$repo/bench/proxy/ProxyBench" -c Release -o "$work/tool" >/dev/null
  bench=(dotnet "$work/tool/proxy-bench.dll")
}

# activity ADMIN_HOST ADMIN_PORT TOKEN: the proxy's /activity JSON.
activity() { (exec 3<>"/dev/tcp/$1/$2"; printf 'GET /activity HTTP/1.1\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n' "$3" >&3; tail -n1 <&3); }
