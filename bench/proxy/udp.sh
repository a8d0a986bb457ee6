#!/usr/bin/env bash
# UDP echo, 1200-byte datagrams: direct vs gsp-proxy, side by side in one run.
#   bench/proxy/udp.sh                      # processes on loopback (like run.sh)
#   BENCH_CONTAINER=gsp/proxy:TAG bench/proxy/udp.sh
#                                           # the sidecar image in its container with the production limits
#                                           # (64 MiB, one CPU in 10 ms periods at weight 10240, 64 pids), the echo target in a second container's
#                                           # network namespace; both reached over their bridge, like public traffic
# BENCH_SECONDS=5 BENCH_REPEATS=3 BENCH_RATES="50000 100000" by default; repeats alternate direct and gsp-proxy.
set -euo pipefail
out_prefix=proxy-udp
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rates="${BENCH_RATES:-50000 100000}"
image="${BENCH_CONTAINER:-}"

echo "building..."
build_tool
if [[ -n $image ]]; then
  net="gsp-bench-udp-$$"; holder="$net-game"; sidecar="$net-proxy"
  docker network create --label gsp.test=true "$net" >/dev/null; networks+=("$net")
  # The demo game only holds the network namespace (and the alias "game"); the bench's blocking echo target runs in it.
  docker run -d --name "$holder" --label gsp.test=true --network "$net" --network-alias game -e DEMO_PORTS=7999/tcp \
    "${BENCH_GAME_IMAGE:-gsp/demo-game:dev}" >/dev/null; containers+=("$holder")
  nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$holder")" -n "${bench[@]}" echo 0.0.0.0 7000 > "$work/echo.out" & pids+=($!)
  wait_ready "$work/echo.out"
  docker run -d --name "$sidecar" --label gsp.test=true --network "$net" --memory 64m --memory-swap 64m --cpu-period 10000 --cpu-quota 10000 --cpu-shares 10240 --pids-limit 64 \
    -e GSP_PROXY_PORTS=7000/udp -e GSP_PROXY_UPSTREAM_HOST=game -e GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused \
    -e GSP_PROXY_SERVER_ID=bench -e GSP_PROXY_TOKEN=bench-token "$image" >/dev/null; containers+=("$sidecar")
  ip_of() { docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$1"; }
  direct=$(ip_of "$holder"); proxied=$(ip_of "$sidecar"); admin=$proxied
  wait_port "$admin" 8081
  proxy_pid=$(docker inspect -f '{{.State.Pid}}' "$sidecar")
  where="container $image (64 MiB, 1 CPU in 10 ms periods, weight 10240, 64 pids), echo target in a container's namespace"
  cid=$(docker inspect -f '{{.Id}}' "$sidecar")
  # The sidecar's own CPU time per echoed datagram (cgroup v1 or v2): what the relay costs, whatever else loads the box.
  cpu_ns() {
    if [[ -f /sys/fs/cgroup/cpuacct/docker/$cid/cpuacct.usage ]]; then cat "/sys/fs/cgroup/cpuacct/docker/$cid/cpuacct.usage"
    else echo $(( $(awk '/^usage_usec/ {print $2}' "/sys/fs/cgroup/system.slice/docker-$cid.scope/cpu.stat") * 1000 )); fi
  }
  throttled() { awk '/^nr_throttled/ {print $2}' "/sys/fs/cgroup/cpu/docker/$cid/cpu.stat" 2>/dev/null || awk '/^nr_throttled/ {print $2}' "/sys/fs/cgroup/system.slice/docker-$cid.scope/cpu.stat"; }
else
  build_proxy
  "${bench[@]}" echo 127.0.0.2 7000 > "$work/echo.out" & pids+=($!)
  wait_ready "$work/echo.out"
  GSP_PROXY_PORTS=7000/udp GSP_PROXY_UPSTREAM_HOST=127.0.0.2 GSP_PROXY_LISTEN_ADDRESS=127.0.0.1 \
  GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused GSP_PROXY_SERVER_ID=bench GSP_PROXY_TOKEN=bench-token GSP_PROXY_ADMIN_PORT=7081 \
    "$work/proxy/gsp-proxy" > "$work/proxy.log" 2>&1 & proxy_pid=$!; pids+=($proxy_pid)
  direct=127.0.0.2; proxied=127.0.0.1; admin=127.0.0.1
  wait_port 127.0.0.1 7081
  where="processes on loopback"
fi
sleep 0.5

say "# gsp-proxy UDP echo benchmark $(date -u +%FT%TZ) on $(nproc) cores, $(uname -r), commit $(git -C "$repo" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "## ${where}; 1200-byte datagrams, ${seconds}s per run, ${repeats} runs per rate, direct and gsp-proxy in turn"
for rate in $rates; do
  for _ in $(seq 1 "$repeats"); do
    say "$(printf '%-10s ' direct)$("${bench[@]}" udp "$direct" 7000 "$seconds" 1200 "$rate")"
    if [[ -n $image ]]; then
      before=$(cpu_ns); throttled_before=$(throttled)
      line=$("${bench[@]}" udp "$proxied" 7000 "$seconds" 1200 "$rate")
      used=$(( $(cpu_ns) - before )); echoed=$(sed -E 's/.* echoed=([0-9]+).*/\1/' <<<"$line")
      say "$(printf '%-10s ' gsp-proxy)$line sidecar_cpu_ms=$((used / 1000000)) cpu_us_per_echo=$(python3 -c "print('%.2f' % ($used / 1000 / max($echoed, 1)))") throttled_periods=$(( $(throttled) - throttled_before ))"
    else
      say "$(printf '%-10s ' gsp-proxy)$("${bench[@]}" udp "$proxied" 7000 "$seconds" 1200 "$rate")"
    fi
  done
done
say "gsp-proxy at end: RSS $(rss_kib "$proxy_pid") KiB, PSS $(pss_kib "$proxy_pid") KiB, threads $(threads "$proxy_pid"), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results written to $out"
