#!/usr/bin/env bash
# The density bench against a private Docker engine whose userland proxy is ON (Docker's default), to measure
# what docker-proxy costs per sleeping server. As root. The engine has its own socket, data root, exec root
# (so its own containerd), pid file, bridge and address pool, and an empty config file; it is started with
# --iptables=false so it leaves the host's iptables alone (docker-proxy relays the published ports anyway).
# Everything is removed at exit: the bench's own objects (by run.sh), then the engine, its bridge and its folders.
#   bench/density/with-docker-proxy.sh     # BENCH_SERVERS=50 BENCH_STORM=10 BENCH_REST_SECONDS=60 by default
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "run as root: it starts a private dockerd" >&2; exit 1; }
root=/run/gsp-density-docker3
data=/var/lib/gsp-density-docker3
bridge=gsp-density3
endpoint="unix://$root/docker.sock"
log=$(mktemp /tmp/gsp-density-dockerd3.XXXXXX.log)

stop_engine() {
  local pid
  pid=$(cat "$root/dockerd.pid" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null; then
    timeout 60 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  ip link del "$bridge" 2>/dev/null || true
  # Whatever the engine left mounted under its folders (network namespaces, overlay layers), deepest first.
  awk -v a="$root" -v b="$data" '$2 ~ "^(" a "|" b ")/" { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$root" "$data"
  echo "private engine removed (its log: $log)"
}

[[ ! -e $root/dockerd.pid ]] || { echo "$root/dockerd.pid exists: another run of this script?" >&2; exit 1; }
trap stop_engine EXIT
trap 'exit 130' INT TERM
mkdir -p "$root" "$data"
echo '{}' >"$root/daemon.json"
ip link add name "$bridge" type bridge
ip addr add 10.217.0.1/24 dev "$bridge"
ip link set "$bridge" up
dockerd --config-file "$root/daemon.json" --userland-proxy=true --iptables=false \
  --host "$endpoint" --data-root "$data" --exec-root "$root/exec" --pidfile "$root/dockerd.pid" \
  --bridge "$bridge" --default-address-pool "base=10.218.0.0/16,size=24" >>"$log" 2>&1 &
for _ in $(seq 120); do
  docker -H "$endpoint" info >/dev/null 2>&1 && break
  sleep 0.5
done
docker -H "$endpoint" info >/dev/null
docker save gsp/proxy:dev gsp/demo-game:dev | docker -H "$endpoint" load >/dev/null

BENCH_DOCKER_HOST=$endpoint BENCH_DOCKERD_PIDFILE=$root/dockerd.pid \
  BENCH_SERVERS=${BENCH_SERVERS:-50} BENCH_STORM=${BENCH_STORM:-10} BENCH_REST_SECONDS=${BENCH_REST_SECONDS:-60} \
  BENCH_HOST_NAME=${BENCH_HOST_NAME:-density3} BENCH_PORT_FIRST=${BENCH_PORT_FIRST:-42000} \
  BENCH_SILO_PORT=21411 BENCH_GATEWAY_PORT=21412 BENCH_WEB_PORT=21480 BENCH_WEBHOOK_PORT=21481 \
  BENCH_NETWORK_POOL=${BENCH_NETWORK_POOL:-10.237.0.0/16} \
  "$repo/bench/density/run.sh"
