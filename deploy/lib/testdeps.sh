# What the tests need beyond Docker and PostgreSQL: real third-party peers from Debian and npm.

ensure_test_dependencies() {
  step "Test dependencies"
  local missing=()
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  if ((${#missing[@]})); then
    apt_install "${missing[@]}"
  fi
  echo "    ready"
}
