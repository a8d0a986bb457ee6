# The Docker engine: found running, or installed (Debian, as root) and started in the background.

ensure_docker() {
  step "Docker engine" "$GSP_LOGS/dockerd.log"
  if docker info >/dev/null 2>&1; then
    echo "    running: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if is_root && has_apt; then
      apt_install docker.io
    else
      fail "no Docker engine: install Docker Engine (Debian: sudo apt-get install docker.io) and start it"
    fi
  fi
  command -v docker >/dev/null 2>&1 || apt_install docker.io
  if ! is_root; then
    fail "the Docker engine is not running or not reachable: start it (sudo systemctl start docker) and make sure you may use /var/run/docker.sock"
  fi
  echo "    starting dockerd (log: $GSP_LOGS/dockerd.log)"
  nohup dockerd >>"$GSP_LOGS/dockerd.log" 2>&1 &
  wait_for 60 docker info || fail "dockerd did not answer within 60 s"
  echo "    running: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"
}

# The NativeAOT toolchain the local images are compiled with.
ensure_native_toolchain() {
  local missing=()
  command -v clang >/dev/null 2>&1 || missing+=(clang)
  [[ -e /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
}

# A second Docker engine on this machine, for tests that span two Docker hosts: its own socket, data
# root, exec root (and so its own containerd), pid file, default bridge and address pool, so it shares
# nothing with the first engine but the kernel (and its iptables, where each engine keeps to its own
# bridges). Started when missing; loads the local images from the first engine. Sets docker2_endpoint.
GSP_DOCKER2_ROOT=${GSP_DOCKER2_ROOT:-/run/gsp-docker2}
GSP_DOCKER2_BRIDGE=gsp-docker2
GSP_DOCKER2_BRIDGE_ADDRESS=10.213.0.1/24
GSP_DOCKER2_POOL=10.214.0.0/16

ensure_second_docker() {
  step "Second Docker engine (tests)" "$GSP_LOGS/dockerd2.log"
  is_root || fail "starting a second dockerd needs root"
  local root=$GSP_DOCKER2_ROOT
  docker2_endpoint="unix://$root/docker.sock"
  local docker2=(docker -H "$docker2_endpoint")
  if ! "${docker2[@]}" info >/dev/null 2>&1; then
    mkdir -p "$root" /var/lib/gsp-docker2
    if ! ip link show "$GSP_DOCKER2_BRIDGE" >/dev/null 2>&1; then
      ip link add name "$GSP_DOCKER2_BRIDGE" type bridge || fail "could not create bridge $GSP_DOCKER2_BRIDGE"
      ip addr add "$GSP_DOCKER2_BRIDGE_ADDRESS" dev "$GSP_DOCKER2_BRIDGE"
    fi
    ip link set "$GSP_DOCKER2_BRIDGE" up
    # This engine's network store starts empty each time: a store left by an engine once started with other
    # bridge settings makes dockerd delete that bridge at start, and it may be docker0, the first engine's.
    # The test engine keeps no networks worth keeping (tests remove what they make).
    rm -rf /var/lib/gsp-docker2/network
    echo "    starting dockerd on $docker2_endpoint (log: $GSP_LOGS/dockerd2.log)"
    nohup dockerd \
      --host "$docker2_endpoint" \
      --data-root /var/lib/gsp-docker2 \
      --exec-root "$root/exec" \
      --pidfile "$root/dockerd.pid" \
      --bridge "$GSP_DOCKER2_BRIDGE" \
      --default-address-pool "base=$GSP_DOCKER2_POOL,size=24" \
      >>"$GSP_LOGS/dockerd2.log" 2>&1 &
    wait_for 60 "${docker2[@]}" info || fail "the second dockerd did not answer within 60 s"
  fi
  local images=(gsp/proxy:dev gsp/demo-game:dev) missing=()
  local image
  for image in "${images[@]}"; do
    [[ $("${docker2[@]}" image inspect --format '{{.Id}}' "$image" 2>/dev/null) == "$(docker image inspect --format '{{.Id}}' "$image")" ]] \
      || missing+=("$image")
  done
  if ((${#missing[@]})); then
    echo "    loading ${missing[*]}"
    docker save "${missing[@]}" | "${docker2[@]}" load >>"$GSP_LOGS/dockerd2.log" 2>&1 || fail "could not load images into the second engine"
  fi
  echo "    running: $("${docker2[@]}" version --format 'engine {{.Server.Version}}') at $docker2_endpoint"
}
