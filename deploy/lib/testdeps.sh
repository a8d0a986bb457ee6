# What the tests need beyond Docker and PostgreSQL: real third-party peers from Debian and npm.

ensure_test_dependencies() {
  step "Test dependencies"
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  # Browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  ensure_npm_project tests/peers/oidc
  ensure_npm_project tests/peers/s3
  ensure_npm_project tests/peers/game-protocols
  echo "    ready"
}

# ensure_npm_project FOLDER: npm ci in FOLDER (relative to the repository) unless node_modules was
# already installed from the same package-lock.json (a copy of it inside node_modules says so).
ensure_npm_project() {
  local folder=$repo/$1
  local stamp=$folder/node_modules/.gsp-package-lock.json
  if [[ -f $stamp ]] && cmp -s "$stamp" "$folder/package-lock.json"; then
    return
  fi
  local log=$GSP_LOGS/npm.log
  echo "    npm ci in $1 (log: $log)"
  (cd "$folder" && npm ci --no-audit --no-fund) >>"$log" 2>&1 || fail "npm ci in $1 failed (see $log)"
  cp "$folder/package-lock.json" "$stamp"
}
