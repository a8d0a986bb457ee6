#!/usr/bin/env bash
# Density benchmark: N sleeping demo servers on one real Docker engine, created through the real platform
# (a production silo process, the dashboard's wake webhook, PostgreSQL), then a wake storm.
#   bench/density/run.sh     # BENCH_SERVERS=100 BENCH_STORM=50 BENCH_CONCURRENCY=8 BENCH_REST_SECONDS=180 by default;
#   BENCH_CREATE_DEADLINE_SECONDS stops creating after that long (a loaded box) and measures what was made
# PostgreSQL: GSP_BENCH_POSTGRES (an admin connection string; the bench creates and drops its own database),
# or GSP_TEST_POSTGRES, or a private instance like deploy/test's on 127.0.0.1:55436.
# Sidecars call the wake webhook at host.docker.internal (the engine's default bridge gateway), or BENCH_WEBHOOK_HOST.
# Engine: BENCH_DOCKER_HOST (default: the local engine); its dockerd pid from BENCH_DOCKERD_PIDFILE
# (default /var/run/docker.pid) for the engine's own memory and CPU.
# Everything the bench makes carries the label gsp.bench=<run> and is removed at exit, also on Ctrl-C.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="$repo/bench/results"
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$results/density-$stamp.txt"
run="density-$(date -u +%Y%m%d%H%M%S)"
label="gsp.bench=$run"
servers=${BENCH_SERVERS:-100}
host_name=${BENCH_HOST_NAME:-density}
docker_host=${BENCH_DOCKER_HOST:-unix:///var/run/docker.sock}
export DOCKER_HOST=$docker_host
port_first=${BENCH_PORT_FIRST:-40000}
silo_port=${BENCH_SILO_PORT:-21311}
gateway_port=${BENCH_GATEWAY_PORT:-21312}
web_port=${BENCH_WEB_PORT:-21380}
webhook_port=${BENCH_WEBHOOK_PORT:-21381}
proxy_image=${GSP_BENCH_PROXY_IMAGE:-gsp/proxy:dev}

GSP_HOME=$(mktemp -d /tmp/gsp-density.XXXXXX)
export GSP_HOME
# shellcheck source=deploy/lib/common.sh
source "$repo/deploy/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$repo/deploy/lib/postgres.sh"
# shellcheck source=deploy/lib/certificates.sh
source "$repo/deploy/lib/certificates.sh"

started_postgres=""
database=""
admin=""
pids=()

psql_admin() {
  local field
  field() { sed -n "s/.*\(^\|;\)$1=\([^;]*\).*/\2/Ip" <<<"$admin"; }
  PGPASSWORD=$(field Password) psql -qAt -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" -d postgres -c "$1"
}

cleanup() {
  local status=$?
  # A second Ctrl-C (or timeout's forwarded signal) must not cut the removal short.
  trap - EXIT
  trap '' INT TERM
  echo "cleaning up $label"
  # The bench client first, then the dashboard and the silo (stopping a silo leaves its containers alone).
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    timeout 20 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  # Logs for reading the run afterwards: the silo's, the dashboard's and one sidecar's.
  cp "$GSP_HOME/silo.log" "${out%.txt}.silo.log" 2>/dev/null || true
  cp "$GSP_HOME/dashboard.log" "${out%.txt}.dashboard.log" 2>/dev/null || true
  local sidecar
  sidecar=$(docker ps -aq --filter "label=$label" --filter label=gsp.role=proxy | head -n 1)
  [[ -z $sidecar ]] || docker logs "$sidecar" >"${out%.txt}.sidecar.log" 2>&1 || true
  # Several removals at once: one by one, 1,000 containers took over 20 minutes.
  docker ps -aq --filter "label=$label" | xargs -r -P 6 -n 25 docker rm -f >/dev/null 2>&1 || true
  docker network ls -q --filter "label=$label" | xargs -r -P 6 -n 25 docker network rm >/dev/null 2>&1 || true
  docker volume ls -q --filter "label=$label" | xargs -r -P 6 -n 25 docker volume rm >/dev/null 2>&1 || true
  if [[ -n $database ]]; then
    psql_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [[ -z $started_postgres ]] || stop_private_postgres density >/dev/null 2>&1 || true
  echo "left behind: $(docker ps -aq --filter "label=$label" | wc -l) containers, $(docker network ls -q --filter "label=$label" | wc -l) networks, $(docker volume ls -q --filter "label=$label" | wc -l) volumes"
  rm -rf "$GSP_HOME"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

admin=${GSP_BENCH_POSTGRES:-${GSP_TEST_POSTGRES:-}}
if [[ -z $admin ]]; then
  ensure_private_postgres density "${GSP_BENCH_PG_PORT:-55436}" fresh >/dev/null
  started_postgres=1
  admin=$pg_connection_string
fi
database="gsp_density_$(date -u +%Y%m%d%H%M%S)"
psql_admin "CREATE DATABASE $database" >/dev/null
connection=$(sed "s/\(^\|;\)Database=[^;]*/\1Database=$database/I" <<<"$admin")

ensure_cluster_ca >/dev/null
issue_certificate node "$tls_dir"

dotnet build "$repo/src/Silo/Silo.csproj" -c Release -nologo -v quiet >/dev/null
dotnet build "$repo/src/WebFrontend/WebFrontend.csproj" -c Release -nologo -v quiet >/dev/null
dotnet build "$repo/bench/density/DensityBench/DensityBench.csproj" -c Release -nologo -v quiet >/dev/null

export ConnectionStrings__Gsp=$connection
export Gsp__Cluster__ClusterId=$run Gsp__Cluster__ServiceId=$run
export Gsp__Cluster__Tls__CertificatePath=$tls_dir/node.pem Gsp__Cluster__Tls__KeyPath=$tls_dir/node.key Gsp__Cluster__Tls__CaPath=$tls_dir/ca.pem
export Gsp__Wake__Secret
Gsp__Wake__Secret=$(head -c 32 /dev/urandom | base64)
export Gsp__Wake__ListenerPort=$webhook_port

# The silo: this engine's host. Room for the storm (50 demo games at 0.25 CPU and 64 MB each: 8 CPUs, over-committed
# twice by default), a port block per server, its own network pool, and a login timeout long enough that a player
# held through the whole storm still reaches its game. The host firewall is left off: it changes the host's iptables
# for every engine and is not what is measured here.
env \
  Gsp__Cluster__SiloPort="$silo_port" Gsp__Cluster__GatewayPort="$gateway_port" Gsp__Cluster__AdvertisedAddress=127.0.0.1 \
  Gsp__Host__Name="$host_name" Gsp__Host__DockerEndpoint="$docker_host" \
  Gsp__Host__PublicPortFirst="$port_first" Gsp__Host__PublicPortLast=$((port_first + servers + 99)) \
  Gsp__Host__Cpus="${BENCH_HOST_CPUS:-8}" \
  Gsp__Host__NetworkPool="${BENCH_NETWORK_POOL:-10.236.0.0/16}" \
  "Gsp__Host__ExtraLabels__gsp.bench=$run" \
  Gsp__Firewall__Enabled=false \
  Gsp__Wake__WebhookUrl="http://${BENCH_WEBHOOK_HOST:-host.docker.internal}:$webhook_port/api/webhook/wake" \
  Gsp__GameServers__ProxyImage="$proxy_image" \
  Gsp__GameServers__LoginTimeout=00:05:00 \
  dotnet "$repo/src/Silo/bin/Release/net10.0/Gsp.Silo.dll" >"$GSP_HOME/silo.log" 2>&1 &
pids+=($!)
silo_pid=$!
wait_for 120 port_open "$gateway_port" || { tail -n 30 "$GSP_HOME/silo.log"; echo "the silo did not open its gateway" >&2; exit 1; }

Gsp__Auth__DevelopmentLogin=true dotnet "$repo/src/WebFrontend/bin/Release/net10.0/Gsp.WebFrontend.dll" \
  --urls "http://127.0.0.1:$web_port;http://0.0.0.0:$webhook_port" --contentRoot "$repo/src/WebFrontend" \
  >"$GSP_HOME/dashboard.log" 2>&1 &
pids+=($!)
dashboard_pid=$!
wait_for 120 curl -fsS "http://127.0.0.1:$web_port/healthz" || { tail -n 30 "$GSP_HOME/dashboard.log"; echo "the dashboard did not become healthy" >&2; exit 1; }

dockerd_pid=$(cat "${BENCH_DOCKERD_PIDFILE:-/var/run/docker.pid}" 2>/dev/null || echo 0)
containerd_pid=$(pgrep -P "$dockerd_pid" -x containerd 2>/dev/null | head -n 1 || echo 0)

{
  echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
  echo "# engine $docker_host: $(docker version --format '{{.Server.Version}}'), dockerd: $(tr '\0' ' ' <"/proc/$dockerd_pid/cmdline" 2>/dev/null | cut -c1-200)"
  echo "# proxy image $proxy_image $(docker image inspect --format '{{.Id}}' "$proxy_image" | cut -c1-19); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
# In the background of this shell, so the exit trap can stop it.
BENCH_HOST_NAME=$host_name BENCH_RUN_LABEL=$label BENCH_SERVERS=$servers \
  BENCH_SILO_PID=$silo_pid BENCH_DASHBOARD_PID=$dashboard_pid BENCH_DOCKERD_PID=$dockerd_pid BENCH_CONTAINERD_PID=$containerd_pid \
  dotnet "$repo/bench/density/DensityBench/bin/Release/net10.0/density-bench.dll" > >(tee -a "$out") 2>&1 &
bench_pid=$!
pids+=("$bench_pid")
bench_status=0
wait "$bench_pid" || bench_status=$?
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "results: $out"
exit "$bench_status"
