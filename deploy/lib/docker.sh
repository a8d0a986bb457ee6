# The Docker engine: found running, or installed (Debian, as root) and started in the background.
#
# GSP wants the engine's userland proxy off. With it on (Docker's default), every published port runs a
# docker-proxy process per address family, five for a sleeping demo server, about 0.75 MiB each: more than
# the sidecar itself (bench/README.md, Density). With it off, the kernel (iptables NAT) delivers published ports; clients on this
# machine then reach a container from its network's gateway address instead of their own.

GSP_DOCKER_CONFIG=${GSP_DOCKER_CONFIG:-/etc/docker/daemon.json}

# userland_proxy_flag: the dockerd flag that turns the userland proxy off, unless the engine's config file
# already sets it (dockerd refuses to start when a flag and the file both set an option).
userland_proxy_flag() {
  grep -qs '"userland-proxy"' "$GSP_DOCKER_CONFIG" || echo "--userland-proxy=false"
}

# userland_proxy_state [PID]: "on", "off" or "unknown" for the running engine (default: the one of
# /var/run/docker.pid), from its command line and config file, or from docker-proxy processes it started.
userland_proxy_state() {
  local pid=${1:-$(cat /var/run/docker.pid 2>/dev/null)}
  local argv config
  if [[ -z $pid || ! -r /proc/$pid/cmdline ]]; then
    echo unknown
    return
  fi
  argv=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  if [[ $argv =~ --userland-proxy[=\ ](false|true) ]]; then
    [[ ${BASH_REMATCH[1]} == false ]] && echo off || echo on
    return
  fi
  config=$GSP_DOCKER_CONFIG
  [[ $argv =~ --config-file[=\ ]([^ ]+) ]] && config=${BASH_REMATCH[1]}
  if [[ -r $config ]] && grep -qsE '"userland-proxy"[[:space:]]*:[[:space:]]*false' "$config"; then
    echo off
  elif [[ -r $config ]] || pgrep -P "$pid" -x docker-proxy >/dev/null 2>&1; then
    echo on
  else
    echo unknown
  fi
}

# report_userland_proxy: says plainly how to turn the userland proxy off when a running engine has it on.
# Never restarts an engine: it may run other people's containers (`deploy/gsp engine userland-proxy-off` does it
# when asked).
report_userland_proxy() {
  case $(userland_proxy_state) in
    off) echo "    userland proxy: off (published ports through iptables, no docker-proxy processes)" ;;
    on)
      echo "    userland proxy: on. Each published port costs a docker-proxy process per address family (about"
      echo "      3.8 MiB per sleeping server, more than its sidecar). To turn it off, set \"userland-proxy\": false in"
      echo "      $GSP_DOCKER_CONFIG and restart the engine when its containers may stop for a moment"
      echo "      (sudo systemctl restart docker), or let 'sudo deploy/gsp engine userland-proxy-off' do both."
      ;;
    *) echo "    userland proxy: could not tell (engine not on this machine, or its process not readable); GSP wants it off" ;;
  esac
}

ensure_docker() {
  step "Docker engine" "$GSP_LOGS/dockerd.log"
  if docker info >/dev/null 2>&1; then
    echo "    running: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}')"
    report_userland_proxy
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
  echo "    starting dockerd without the userland proxy (log: $GSP_LOGS/dockerd.log)"
  # shellcheck disable=SC2046 # the flag is one word or nothing
  nohup dockerd $(userland_proxy_flag) >>"$GSP_LOGS/dockerd.log" 2>&1 &
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
    # shellcheck disable=SC2046 # the flag is one word or nothing
    nohup dockerd $(userland_proxy_flag) \
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

# platform_engine userland-proxy-off [--yes]: as root, sets "userland-proxy": false in the engine's config
# file and restarts the engine. Only on request, and after asking (or --yes): a restart stops every container
# of the engine for a moment; those with a restart policy (GSP's sidecars) start again, sleeping games stay asleep.
platform_engine() {
  [[ ${1:-} == userland-proxy-off ]] || fail "usage: deploy/gsp engine userland-proxy-off [--yes]"
  step "Docker engine: turn the userland proxy off"
  is_root || fail "run it as root (sudo deploy/gsp engine userland-proxy-off)"
  if [[ $(userland_proxy_state) == off ]]; then
    echo "    already off"
    return
  fi
  local file=$GSP_DOCKER_CONFIG running
  running=$(docker ps -q 2>/dev/null | wc -l)
  if [[ ${2:-} != --yes ]]; then
    [[ -t 0 ]] || fail "the engine must restart, which stops its $running running containers for a moment: add --yes to go ahead"
    local answer
    read -r -p "    the engine restarts and its $running running containers stop for a moment; go ahead? [y/N] " answer
    [[ $answer == [yY]* ]] || { echo "    nothing changed"; return; }
  fi
  mkdir -p "$(dirname "$file")"
  if [[ -s $file ]]; then
    cp "$file" "$file.gsp-backup"
    if grep -q '"userland-proxy"' "$file"; then
      sed -i -E 's/("userland-proxy"[[:space:]]*:[[:space:]]*)true/\1false/' "$file"
    elif grep -qzE '^[[:space:]]*\{[[:space:]]*\}[[:space:]]*$' "$file"; then
      echo '{ "userland-proxy": false }' >"$file"
    else
      sed -i '0,/{/s//{ "userland-proxy": false,/' "$file"
    fi
    if command -v python3 >/dev/null 2>&1 && ! python3 -m json.tool "$file" >/dev/null 2>&1; then
      mv "$file.gsp-backup" "$file"
      fail "could not edit $file as JSON (left as it was): set \"userland-proxy\": false there by hand"
    fi
    echo "    $file: \"userland-proxy\": false (the old file is $file.gsp-backup)"
  else
    echo '{ "userland-proxy": false }' >"$file"
    echo "    wrote $file"
  fi
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker 2>/dev/null; then
    systemctl restart docker || fail "systemctl restart docker failed (journalctl -u docker)"
    wait_for 60 docker info || fail "the engine did not answer within 60 s after the restart"
    echo "    restarted; userland proxy: $(userland_proxy_state)"
  else
    echo "    restart the engine to apply it: stop dockerd (kill \$(cat /var/run/docker.pid)), then 'deploy/gsp up' starts it"
  fi
}
