# PostgreSQL: the configured one, or a private instance in a data folder (initdb once, then started
# on a local port), so a newcomer sets up no database and the data survives restarts.

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

# As root, PostgreSQL runs as the 'postgres' user, which may not be able to enter the clone's folder
# (a clone under /root, say), so its data then lives under /var/lib/gsp, keyed by the state folder.
pg_data_root() {
  if [[ -n ${GSP_DATA:-} ]]; then
    echo "$GSP_DATA"
  elif is_root; then
    echo "/var/lib/gsp/$(echo -n "$GSP_HOME" | sha256sum | cut -c1-12)"
  else
    echo "$GSP_HOME"
  fi
}

as_pg_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ensure_private_postgres NAME PORT [fresh]: sets pg_connection_string. With "fresh", an instance left
# by an earlier run is stopped and its data removed first (the test instance: no leftovers).
ensure_private_postgres() {
  local name=$1 port=$2 fresh=${3:-}
  local root data log password_file
  root=$(pg_data_root)
  data=$root/pg-$name
  # PostgreSQL writes its own log as the postgres user, so it lives beside the data, not in GSP_HOME;
  # the password lives beside the data too (readable by us only), so the two can never disagree.
  log=$root/postgres-$name.log
  password_file=$root/pg-$name.password
  step "PostgreSQL ($name instance on 127.0.0.1:$port)" "$log"

  local bin
  bin=$(pg_bin) || true
  if [[ -z $bin ]]; then
    apt_install postgresql
    bin=$(pg_bin) || fail "PostgreSQL binaries not found after installing postgresql"
  fi

  mkdir -p "$root"
  if [[ -n $fresh ]]; then
    stop_private_postgres "$name" >/dev/null
    rm -rf "$data" "$password_file"
  elif [[ -f $data/PG_VERSION && ! -f $password_file ]]; then
    fail "$data exists but its password file $password_file is missing: restore it, or remove $data to start empty"
  fi
  if [[ ! -f $password_file ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
  fi
  local password
  password=$(cat "$password_file")

  if [[ ! -f $data/PG_VERSION ]]; then
    echo "    initdb $data"
    mkdir -p "$data"
    local pwfile
    pwfile=$(mktemp)
    echo "$password" >"$pwfile"
    if is_root; then chown postgres: "$root" "$data" "$pwfile"; fi
    chmod 700 "$data"
    as_pg_user "$bin/initdb" -D "$data" -U gsp --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 >>"$log" 2>&1 \
      || { rm -f "$pwfile"; fail "initdb failed"; }
    rm -f "$pwfile"
  fi
  touch "$log"
  if is_root; then chown postgres: "$log"; fi

  if as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "    already running"
  elif port_open "$port"; then
    fail "port $port is taken by another program; set GSP_PG_PORT (tests: GSP_TEST_PG_PORT) to a free port"
  else
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null \
      || fail "PostgreSQL did not start"
    echo "    started (log: $log)"
  fi
  pg_connection_string="Host=127.0.0.1;Port=$port;Username=gsp;Password=$password;Database=gsp"
  PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U gsp -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'gsp'" | grep -q 1 \
    || PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U gsp -d postgres -qc "CREATE DATABASE gsp" >>"$log" 2>&1 \
    || fail "cannot create database gsp"
}

stop_private_postgres() {
  local name=$1
  local data bin
  data=$(pg_data_root)/pg-$name
  bin=$(pg_bin) || return 0
  if [[ -f $data/PG_VERSION ]] && as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "    stopped PostgreSQL ($name)"
  fi
}

# The database the platform uses: ConnectionStrings__Gsp when given, else the private instance.
ensure_database() {
  if [[ -n ${ConnectionStrings__Gsp:-} ]]; then
    step "PostgreSQL (configured by ConnectionStrings__Gsp)"
    pg_connection_string=$ConnectionStrings__Gsp
  else
    ensure_private_postgres dev "${GSP_PG_PORT:-55433}"
  fi
  export ConnectionStrings__Gsp=$pg_connection_string
}
