# What the tests need beyond Docker and PostgreSQL: real third-party peers from Debian and npm.

# The npm project of real game protocol clients (minecraft-protocol, gamedig) the game tests drive.
game_protocol_peers="$repo/tests/peers/game-protocols"

ensure_test_dependencies() {
  step "Test dependencies"
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  # Debian 12's nodejs (18) runs the pinned peers; a newer node already installed is used as it is.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  ensure_game_protocol_peers
  echo "    ready"
}

# npm ci only when node_modules is missing or was installed from another package-lock.json: a stamp copy of
# the lock file inside node_modules says which one it came from.
ensure_game_protocol_peers() {
  local stamp=$game_protocol_peers/node_modules/.gsp-package-lock.json
  if [[ -f $stamp ]] && cmp -s "$stamp" "$game_protocol_peers/package-lock.json"; then
    return
  fi
  local log=$GSP_LOGS/npm.log
  echo "    npm ci in tests/peers/game-protocols (log: $log)"
  (cd "$game_protocol_peers" && npm ci --no-audit --no-fund) >>"$log" 2>&1 || fail "npm ci in $game_protocol_peers failed (see $log)"
  cp "$game_protocol_peers/package-lock.json" "$stamp"
}
