#!/usr/bin/env bash
# What sleeping servers cost the engine: N sidecars of each image as the platform makes them for a Minecraft server
# (production limits, the game's player query every 10 s, no game container, so every query's lookup of `game` fails
# in the engine's DNS), then the CPU that dockerd and containerd use over BENCH_SECONDS, images measured in turn.
#   BENCH_IMAGES="gsp/proxy:old gsp/proxy:dev" BENCH_COUNT=100 BENCH_SECONDS=60 bench/proxy/asleep.sh
set -euo pipefail
out_prefix=proxy-asleep
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
images="${BENCH_IMAGES:-gsp/proxy:dev}"
count="${BENCH_COUNT:-100}"
seconds="${BENCH_SECONDS:-60}"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

say "# sleeping sidecars and the engine $(date -u +%FT%TZ): $count per image, ${seconds}s each, on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
dockerd=$(pgrep -xo dockerd); containerd=$(pgrep -xo containerd)
hz=$(getconf CLK_TCK)
for image in $images; do
  net="gsp-bench-asleep-$$-${image//[^a-z0-9]/-}"
  docker network create --label gsp.test=true "$net" >/dev/null; networks+=("$net")
  started=()
  for i in $(seq 1 "$count"); do
    docker run -d --name "$net-$i" --label gsp.test=true --network "$net" --memory 64m --memory-swap 64m \
      --cpu-period 10000 --cpu-quota 10000 --cpu-shares 10240 --pids-limit 64 --no-healthcheck \
      -e GSP_PROXY_PORTS=25565/tcp -e GSP_PROXY_UPSTREAM_HOST=game -e GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused \
      -e GSP_PROXY_SERVER_ID=asleep -e GSP_PROXY_TOKEN=asleep-token \
      -e GSP_PROXY_GAME_PROTOCOL=minecraft-java -e GSP_PROXY_QUERY_PORT=25565 -e GSP_PROXY_QUERY_SECONDS=10 "$image" >/dev/null
    containers+=("$net-$i"); started+=("$net-$i")
  done
  # Past the first minutes of queries, where both images still ask every 10-40 s.
  sleep "${BENCH_SETTLE_SECONDS:-150}"
  d0=$(cpu_ticks "$dockerd"); c0=$(cpu_ticks "$containerd")
  sleep "$seconds"
  d1=$(cpu_ticks "$dockerd"); c1=$(cpu_ticks "$containerd")
  say "$image: dockerd $(awk -v d=$((d1 - d0)) -v hz="$hz" -v t="$seconds" 'BEGIN { printf "%.1f", 100 * d / hz / t }') % of a core, containerd $(awk -v d=$((c1 - c0)) -v hz="$hz" -v t="$seconds" 'BEGIN { printf "%.1f", 100 * d / hz / t }') % of a core, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for c in "${started[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 & done; wait
  docker network rm "$net" >/dev/null
done
echo "results written to $out"
