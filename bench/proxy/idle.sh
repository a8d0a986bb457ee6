#!/usr/bin/env bash
# Idle sidecar memory (issue 15.4): N sidecars of one image in their containers with the production limits
# (64 MiB, one CPU in 10 ms periods at weight 10240, 64 pids), sleeping server (no game), no traffic. Per sidecar: PSS from /proc/PID/smaps_rollup
# (anonymous and file-backed), threads, and voluntary context switches of all its threads over 10 s.
#   BENCH_IMAGE=gsp/proxy:TAG BENCH_COUNT=1 bench/proxy/idle.sh
set -euo pipefail
out_prefix=proxy-idle
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
image="${BENCH_IMAGE:-gsp/proxy:dev}"
count="${BENCH_COUNT:-1}"
net="gsp-bench-idle-$$"
docker network create --label gsp.test=true "$net" >/dev/null; networks+=("$net")
for i in $(seq 1 "$count"); do
  docker run -d --name "$net-$i" --label gsp.test=true --network "$net" --memory 64m --memory-swap 64m --cpu-period 10000 --cpu-quota 10000 --cpu-shares 10240 --pids-limit 64 \
    -e GSP_PROXY_PORTS=25565/tcp,27015/both -e GSP_PROXY_UPSTREAM_HOST=game -e GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused \
    -e GSP_PROXY_SERVER_ID=idle -e GSP_PROXY_TOKEN=idle-token "$image" >/dev/null
  containers+=("$net-$i")
done
sleep 15
switches() { cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s }'; }
say "# idle gsp-proxy $(date -u +%FT%TZ): $count container(s) of $image, load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in "${containers[@]}"; do
  pid=$(docker inspect -f '{{.State.Pid}}' "$c")
  before=$(switches "$pid"); sleep 10; after=$(switches "$pid")
  say "$c: PSS $(pss_kib "$pid") KiB (anon $(awk '/^Pss_Anon:/ {print $2}' "/proc/$pid/smaps_rollup"), file $(awk '/^Pss_File:/ {print $2}' "/proc/$pid/smaps_rollup")), threads $(threads "$pid"), voluntary context switches in 10 s: $((after - before))"
  [[ $count -gt 3 ]] && break
done
echo "results written to $out"
