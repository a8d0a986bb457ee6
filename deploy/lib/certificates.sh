# The cluster's certificate authority and host certificates (mutual TLS between silos and clients).
# The CA lives in GSP_HOME/tls (ca.pem, and ca.key, which never leaves this machine); each host or
# dashboard presents a certificate it issued. Made with openssl on the first `up`, kept after.

tls_dir=$GSP_HOME/tls

ensure_openssl() {
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

# ensure_cluster_ca: makes the CA once (EC P-256, ten years).
ensure_cluster_ca() {
  mkdir -p "$tls_dir"
  chmod 700 "$tls_dir"
  [[ -f $tls_dir/ca.pem && -f $tls_dir/ca.key ]] && return
  local log=$GSP_LOGS/tls.log
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls_dir/ca.key") >>"$log" 2>&1 \
    || fail "openssl could not make the cluster CA's key (see $log)"
  openssl req -x509 -new -key "$tls_dir/ca.key" -sha256 -days 3650 -subj "/CN=GSP cluster CA $(hostname)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$tls_dir/ca.pem" >>"$log" 2>&1 || fail "openssl could not make the cluster CA (see $log)"
  echo "    made the cluster CA: $tls_dir/ca.pem"
}

# issue_certificate NAME DIR: issues NAME.pem and NAME.key in DIR (two years), unless they exist, and
# copies ca.pem beside them: the three files a silo or dashboard needs.
issue_certificate() {
  local name=$1 dir=$2 log=$GSP_LOGS/tls.log
  [[ $name =~ ^[A-Za-z0-9._-]{1,64}$ ]] || fail "certificate name '$name': letters, digits, '.', '_' or '-' only"
  mkdir -p "$dir"
  cp "$tls_dir/ca.pem" "$dir/ca.pem" 2>/dev/null || true
  [[ -f $dir/$name.pem && -f $dir/$name.key ]] && return
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key") >>"$log" 2>&1 \
    || fail "openssl could not make a key for $name (see $log)"
  local extensions
  extensions=$(mktemp)
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' >"$extensions"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$name" 2>>"$log" \
    | openssl x509 -req -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca.key" -set_serial "0x$(openssl rand -hex 16 | sed 's/^./1/')" \
      -days 730 -sha256 -extfile "$extensions" -out "$dir/$name.pem" >>"$log" 2>&1 \
    || { rm -f "$extensions"; fail "openssl could not issue the certificate of $name (see $log)"; }
  rm -f "$extensions"
}

# ensure_cluster_certificates: the CA and this machine's certificate (shared by its silo and dashboard),
# exported as the Gsp:Cluster:Tls settings.
ensure_cluster_certificates() {
  step "Cluster certificates (mutual TLS, $tls_dir)"
  ensure_openssl
  ensure_cluster_ca
  issue_certificate node "$tls_dir"
  export Gsp__Cluster__Tls__CertificatePath=$tls_dir/node.pem
  export Gsp__Cluster__Tls__KeyPath=$tls_dir/node.key
  export Gsp__Cluster__Tls__CaPath=$tls_dir/ca.pem
}

# platform_certificate NAME [DIR]: issues a certificate for another host (deploy/compose), signed by this CA.
platform_certificate() {
  local name=${1:-}
  [[ -n $name ]] || { echo "usage: deploy/gsp certificate NAME [DIR]" >&2; exit 2; }
  local dir=${2:-$GSP_HOME/tls/hosts/$name}
  step "Certificate for $name"
  ensure_openssl
  ensure_cluster_ca
  issue_certificate "$name" "$dir"
  echo "    $dir/$name.pem, $dir/$name.key, $dir/ca.pem: copy them to $name (keep the key private)"
}
