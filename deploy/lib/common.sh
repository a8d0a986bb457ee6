# Shared helpers of the launcher: announced steps, failures that name their step and log.

GSP_HOME=${GSP_HOME:-$repo/.gsp}
GSP_LOGS=$GSP_HOME/logs
GSP_RUN=$GSP_HOME/run
mkdir -p "$GSP_LOGS" "$GSP_RUN"
chmod 700 "$GSP_HOME"

current_step=""
current_log=""

# step NAME LOG: announce a step; a failure inside it names the step and its log.
step() {
  current_step=$1
  current_log=${2:-}
  echo "==> $current_step"
}

fail() {
  local message=$1
  echo "gsp: step '$current_step' failed: $message" >&2
  if [[ -n $current_log && -f $current_log ]]; then
    echo "gsp: last lines of $current_log:" >&2
    tail -n 15 "$current_log" | sed 's/^/    /' >&2
  fi
  exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

has_apt() { command -v apt-get >/dev/null 2>&1; }

apt_updated=""
# apt_install PKG...: installs Debian packages (as root only), updating the package lists once.
apt_install() {
  is_root && has_apt || fail "missing: $*; install them with your package manager (Debian: apt-get install $*)"
  local log=$GSP_LOGS/apt.log
  if [[ -z $apt_updated ]]; then
    apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed (see $log)"
    apt_updated=1
  fi
  echo "    installing $* (log: $log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$log" 2>&1 \
    || fail "apt-get install $* failed (see $log)"
}

# wait_for SECONDS COMMAND...: polls a command until it succeeds.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() {
  local file=$GSP_RUN/$1.pid
  [[ -f $file ]] && kill -0 "$(cat "$file")" 2>/dev/null
}

# stop_pid NAME: SIGTERM, then SIGKILL after 30 s.
stop_pid() {
  local name=$1 file=$GSP_RUN/$1.pid
  if pid_alive "$name"; then
    local pid
    pid=$(cat "$file")
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for 30 bash -c "! kill -0 $pid"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "    stopped $name (pid $pid)"
  fi
  rm -f "$file"
}
