#!/usr/bin/env bash
# Proxy benchmarks on loopback: direct vs gsp-proxy (NativeAOT) vs haproxy (tcp mode).
#   bench/proxy/run.sh            # needs: dotnet, clang-14, iperf3, haproxy, python3; run as a user who may raise ulimit -n
# Addresses: target/game 127.0.0.2, gsp-proxy 127.0.0.1, haproxy 127.0.0.3 (same port numbers, like production).
set -euo pipefail

out_prefix=proxy
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
idle_count="${BENCH_IDLE_CONNECTIONS:-1000}"
streams="${BENCH_STREAMS:-1}"
# 1000 idle connections need ~2000 descriptors in the proxy and the client tool.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "building (publish gsp-proxy NativeAOT, bench tool Release)..."
build_proxy
build_tool

say "# gsp-proxy benchmark $(date -u +%FT%TZ) on $(nproc) cores, $(uname -r)"
say "binary size: $(stat -c %s "$work/proxy/gsp-proxy") bytes"

# Targets: iperf3 server and TCP/UDP echo on 127.0.0.2; a wake webhook that always answers 202.
iperf3 -s -B 127.0.0.2 -p 5201 >/dev/null 2>&1 & pids+=($!)
"${bench[@]}" echo 127.0.0.2 7000 > "$work/echo.out" & pids+=($!)
"${bench[@]}" wake-server 7090 > "$work/wake.out" & pids+=($!)
wait_ready "$work/echo.out"; wait_ready "$work/wake.out"

# 7001 has no game behind it (clients are held); 7002 is the wake-timing port and 7003 the one-way UDP sink
# port, both opened by the tool itself.
GSP_PROXY_PORTS=5201/tcp,7000/both,7001/tcp,7002/tcp,7003/udp GSP_PROXY_UPSTREAM_HOST=127.0.0.2 GSP_PROXY_LISTEN_ADDRESS=127.0.0.1 \
GSP_PROXY_WAKE_URL=http://127.0.0.1:7090/wake GSP_PROXY_SERVER_ID=bench GSP_PROXY_TOKEN=bench-token \
GSP_PROXY_ADMIN_PORT=7081 GSP_PROXY_HOLD_SECONDS=300 \
  "$work/proxy/gsp-proxy" > "$work/proxy.log" 2>&1 & proxy_pid=$!; pids+=($proxy_pid)

cat > "$work/haproxy.cfg" <<CFG
global
  maxconn 8000
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
frontend iperf
  bind 127.0.0.3:5201
  default_backend iperf
backend iperf
  server target 127.0.0.2:5201
frontend echo
  bind 127.0.0.3:7000
  default_backend echo
backend echo
  server target 127.0.0.2:7000
CFG
haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 & haproxy_pid=$!; pids+=($haproxy_pid)
wait_port 127.0.0.1 7081; wait_port 127.0.0.3 7000
sleep 0.5
say "gsp-proxy idle RSS at start: $(rss_kib $proxy_pid) KiB; haproxy: $(rss_kib $haproxy_pid) KiB"

gbps() { python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.2f" % (d["end"]["sum_received"]["bits_per_second"]/1e9))'; }
# Every target gets identical parameters, and the repeats go round-robin over the targets so a burst of
# background load on the shared cores does not land on one target's measurements only.
targets=("direct 127.0.0.2" "gsp-proxy 127.0.0.1" "haproxy 127.0.0.3")
declare -A up down
say ""
say "## TCP throughput, iperf3 ${streams} stream(s), ${seconds}s, median of ${repeats} (Gbit/s)   upload / download(-R)   [all runs]"
for _ in $(seq 1 "$repeats"); do
  for target in "${targets[@]}"; do
    set -- $target
    up[$1]+=" $(iperf3 -c "$2" -p 5201 -P "$streams" -t "$seconds" -J | gbps)"
    down[$1]+=" $(iperf3 -c "$2" -p 5201 -P "$streams" -t "$seconds" -R -J | gbps)"
  done
done
for target in "${targets[@]}"; do
  set -- $target
  say "$(printf '%-10s %8s / %8s   [%s /%s]' "$1" "$(median ${up[$1]})" "$(median ${down[$1]})" "${up[$1]# }" "${down[$1]}")"
done
say "gsp-proxy RSS after throughput runs: $(rss_kib $proxy_pid) KiB"

say ""
say "## TCP 64-byte request/response latency, 1 connection, 20000 round trips, median of ${repeats} runs   [all p50 / p99]"
declare -A p50 p99
for _ in $(seq 1 "$repeats"); do
  for target in "${targets[@]}"; do
    set -- $target
    line=$("${bench[@]}" latency "$2" 7000 20000)
    p50[$1]+=" $(sed -E 's/.*p50_us=([0-9.]+).*/\1/' <<<"$line")"
    p99[$1]+=" $(sed -E 's/.*p99_us=([0-9.]+).*/\1/' <<<"$line")"
  done
done
for target in "${targets[@]}"; do
  set -- $target
  say "$(printf '%-10s p50_us=%s p99_us=%s   [%s /%s]' "$1" "$(median ${p50[$1]})" "$(median ${p99[$1]})" "${p50[$1]# }" "${p99[$1]}")"
done

say ""
say "## Memory: $idle_count idle connections"
hold_rss() { # name pid host port
  local before after fifo="$work/hold-$1-$4.fifo"
  before=$(rss_kib "$2")
  mkfifo "$fifo"
  "${bench[@]}" hold "$3" "$4" "$idle_count" < "$fifo" > "$fifo.out" & local hold_pid=$!
  exec 3> "$fifo"
  wait_ready "$fifo.out"
  sleep 1
  after=$(rss_kib "$2")
  exec 3>&-
  wait "$hold_pid" || true
  say "$(printf '%-32s RSS %7s -> %7s KiB, %6.1f KiB per connection' "$1" "$before" "$after" "$(python3 -c "print(($after-$before)/$idle_count)")")"
}
hold_rss "gsp-proxy relayed (live game)" "$proxy_pid" 127.0.0.1 7000
hold_rss "gsp-proxy held (game asleep)" "$proxy_pid" 127.0.0.1 7001
hold_rss "haproxy relayed" "$haproxy_pid" 127.0.0.3 7000

say ""
say "## Wake: game starts listening -> first held byte arrives at the game / echo reaches the client"
say "$("${bench[@]}" wake 127.0.0.1 7002 127.0.0.2 10)"

say ""
say "## UDP, 1200-byte datagrams, ${seconds}s per rate (echo target; haproxy has no UDP)"
for rate in 20000 50000 100000; do
  say "$(printf '%-10s ' direct)$("${bench[@]}" udp 127.0.0.2 7000 "$seconds" 1200 "$rate")"
  say "$(printf '%-10s ' gsp-proxy)$("${bench[@]}" udp 127.0.0.1 7000 "$seconds" 1200 "$rate")"
done
say ""
say "## UDP one way, 1200-byte datagrams, ${seconds}s per rate (client -> sink on 127.0.0.2:7003, nothing comes back)"
for rate in 50000 100000; do
  say "$(printf '%-10s ' direct)$("${bench[@]}" udp-oneway 127.0.0.2 7003 127.0.0.2 "$seconds" 1200 "$rate")"
  say "$(printf '%-10s ' gsp-proxy)$("${bench[@]}" udp-oneway 127.0.0.1 7003 127.0.0.2 "$seconds" 1200 "$rate")"
done
say ""
say "gsp-proxy RSS at end: $(rss_kib $proxy_pid) KiB"
say "activity: $(activity 127.0.0.1 7081 bench-token)"
echo "results written to $out"
