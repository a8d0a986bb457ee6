# What the tests need beyond Docker and PostgreSQL: real third-party peers from Debian and npm.

ensure_test_dependencies() {
  step "Test dependencies"
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  # Browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  echo "    ready"
}
