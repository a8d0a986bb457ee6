# The platform on this machine: one silo (this host) and the dashboard, as background processes.

web_port=${GSP_WEB_PORT:-5080}
# Only this machine reaches the dashboard unless GSP_WEB_ADDRESS says otherwise (e.g. 0.0.0.0 or a LAN address).
web_address=${GSP_WEB_ADDRESS:-127.0.0.1}
# The port that serves only the wake webhook: the one port of the control plane the host firewall lets sidecars reach.
webhook_port=${GSP_WEBHOOK_PORT:-5081}
silo_dll=$repo/src/Silo/bin/Release/net10.0/Gsp.Silo.dll
web_dll=$repo/src/WebFrontend/bin/Release/net10.0/Gsp.WebFrontend.dll

# A secret from which per-server wake tokens are derived; made once, kept in GSP_HOME.
ensure_secrets() {
  local file=$GSP_HOME/wake-secret
  if [[ ! -f $file ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$file")
  fi
  export Gsp__Wake__Secret Gsp__Wake__WebhookUrl Gsp__Wake__ListenerPort=$webhook_port
  Gsp__Wake__Secret=$(cat "$file")
  # The one-time link that makes its user the first admin (each token works once; the dashboard records it).
  local bootstrap=$GSP_HOME/admin-bootstrap-token
  if [[ ! -f $bootstrap ]]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$bootstrap")
  fi
  export Gsp__Auth__BootstrapToken
  Gsp__Auth__BootstrapToken=$(cat "$bootstrap")
  # Proxies reach the dashboard from inside their containers through the host's gateway address.
  Gsp__Wake__WebhookUrl=${Gsp__Wake__WebhookUrl:-http://host.docker.internal:$webhook_port/api/webhook/wake}
}

run_migrations() {
  local log=$GSP_LOGS/migrate.log
  step "Schema (apply deploy/sql, idempotent)" "$log"
  dotnet "$silo_dll" migrate >"$log" 2>&1 || fail "$(grep -m1 '^gsp-silo:' "$log" || echo 'the migration failed')"
  echo "    $(tail -n 1 "$log")"
}

# start_background NAME LOG READY_DESCRIPTION READY_COMMAND -- COMMAND...: starts COMMAND in the
# background unless NAME already runs, then waits up to 90 s for READY_COMMAND to succeed.
start_background() {
  local name=$1 log=$2 ready_description=$3 ready_command=$4
  shift 5
  if pid_alive "$name"; then
    echo "    already running (pid $(cat "$GSP_RUN/$name.pid"))"
    return
  fi
  : >"$log"
  nohup "$@" >>"$log" 2>&1 &
  echo $! >"$GSP_RUN/$name.pid"
  local deadline=$((SECONDS + 90))
  until eval "$ready_command" >/dev/null 2>&1; do
    pid_alive "$name" || fail "$(grep -m1 '^gsp-' "$log" || echo "the $name exited")"
    ((SECONDS < deadline)) || fail "the $name did not $ready_description within 90 s"
    sleep 0.5
  done
  echo "    started (pid $(cat "$GSP_RUN/$name.pid"), log: $log)"
}

start_silo() {
  local log=$GSP_LOGS/silo.log
  step "Silo (this Docker host)" "$log"
  start_background silo "$log" "open its gateway" "port_open ${Gsp__Cluster__GatewayPort:-30000}" -- \
    env Gsp__Cluster__ApplySchemaOnStart=false dotnet "$silo_dll"
}

start_dashboard() {
  local log=$GSP_LOGS/dashboard.log
  # On a machine of one's own the development login (any email, no password) is the way in; the page
  # labels it, and Gsp__Auth__DevelopmentLogin=false (with a real provider configured) turns it off.
  export Gsp__Auth__DevelopmentLogin=${Gsp__Auth__DevelopmentLogin:-true}
  # The development login answers only requests from this machine (loopback), whatever the address. The
  # webhook port serves nothing but the wake webhook (token-checked, rate-limited) to the sidecars.
  step "Dashboard (http://$web_address:$web_port; webhook on port $webhook_port)" "$log"
  start_background dashboard "$log" "report a healthy cluster" "curl -fsS http://$(local_web_address):$web_port/healthz" -- \
    dotnet "$web_dll" --urls "http://$web_address:$web_port;http://0.0.0.0:$webhook_port" --contentRoot "$repo/src/WebFrontend"
}

# The address this machine's own requests use to reach the dashboard.
local_web_address() {
  case $web_address in
    0.0.0.0 | "*" | "+") echo 127.0.0.1 ;;
    "[::]") echo "[::1]" ;;
    *) echo "$web_address" ;;
  esac
}

platform_up() {
  command -v dotnet >/dev/null 2>&1 || { echo "gsp: the .NET SDK 10 is required (dotnet not found)" >&2; exit 1; }
  ensure_docker
  ensure_database
  ensure_secrets
  ensure_cluster_certificates
  build_solution
  build_images
  run_migrations
  start_silo
  start_dashboard
  echo
  echo "GSP is running: http://$(local_web_address | sed 's/^127.0.0.1$/localhost/'):$web_port"
  [[ $Gsp__Auth__DevelopmentLogin != true ]] || echo "  sign in:  any email (development login, from this machine only)"
  echo "  first admin: sign in, then open (once) http://$(local_web_address | sed 's/^127.0.0.1$/localhost/'):$web_port/login/bootstrap?token=$Gsp__Auth__BootstrapToken"
  echo "  health:  http://$(local_web_address):$web_port/healthz"
  echo "  logs:    $GSP_LOGS (silo.log, dashboard.log); PostgreSQL: $(pg_data_root)/postgres-dev.log"
  echo "  stop:    deploy/gsp down"
}

platform_down() {
  step "Stop"
  stop_pid dashboard
  stop_pid silo
  if [[ -z ${ConnectionStrings__Gsp:-} ]]; then
    stop_private_postgres dev
  fi
  echo "    game servers' containers keep their state; 'deploy/gsp up' brings the platform back"
}

platform_status() {
  local name
  for name in silo dashboard; do
    if pid_alive "$name"; then
      echo "$name: running (pid $(cat "$GSP_RUN/$name.pid"))"
    else
      echo "$name: stopped"
    fi
  done
  local bin data
  data=$(pg_data_root)/pg-dev
  bin=$(pg_bin) || true
  if [[ -n $bin && -f $data/PG_VERSION ]] && as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "postgres: running ($data)"
  else
    echo "postgres: stopped"
  fi
  if curl -fsS "http://$(local_web_address):$web_port/healthz" 2>/dev/null; then
    echo
  else
    echo "health: dashboard not answering on http://$(local_web_address):$web_port/healthz"
  fi
}

# Only "uninstall": the silo installs and checks the rules itself at every start.
platform_firewall() {
  [[ ${1:-} == uninstall ]] || fail "usage: deploy/gsp firewall uninstall"
  [[ -f $silo_dll ]] || build_solution
  dotnet "$silo_dll" firewall uninstall
}

platform_migrate() {
  ensure_database
  build_solution
  run_migrations
}
