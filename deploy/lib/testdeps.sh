# What the tests need beyond Docker and PostgreSQL: real third-party peers from Debian and npm.

ensure_test_dependencies() {
  step "Test dependencies"
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  # s3rver, the S3-compatible server the backup tests store into, runs on Node.js.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  ensure_npm_peer "$repo/tests/peers/s3"
  echo "    ready"
}

# Installs a test peer's npm packages exactly as its committed package-lock.json says, unless they are
# already installed from that same lock file.
ensure_npm_peer() {
  local folder=$1
  local stamp=$folder/node_modules/.package-lock.json
  if [[ -f $stamp && ! $folder/package-lock.json -nt $stamp ]]; then
    return
  fi
  local log=$GSP_LOGS/npm.log
  echo "    npm ci in ${folder#"$repo"/} (log: $log)"
  (cd "$folder" && npm ci --no-audit --no-fund) >>"$log" 2>&1 || fail "npm ci in $folder failed (see $log)"
}
