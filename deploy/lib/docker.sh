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
