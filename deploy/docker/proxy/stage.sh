#!/usr/bin/env bash
# Stages a build context for the gsp/proxy image without any registry:
#   OUTDIR/rootfs     the NativeAOT binary plus exactly the shared libraries ldd says it needs
#   OUTDIR/Dockerfile FROM scratch image (copied from this folder)
# Usage: deploy/docker/proxy/stage.sh OUTDIR && docker build -t gsp/proxy:dev OUTDIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$(realpath -m "$1")"

# OUTDIR is wiped; refuse paths where that would be a disaster.
case "$out" in
  / | "$repo" | "$repo"/src* | "$HOME") echo "refusing to use $out as OUTDIR" >&2; exit 2 ;;
esac
rm -rf "$out"
mkdir -p "$out/publish" "$out/rootfs/usr/local/bin"

dotnet publish "$repo/src/Proxy" -c Release -r linux-x64 -o "$out/publish"
install -m 0755 "$out/publish/gsp-proxy" "$out/rootfs/usr/local/bin/gsp-proxy"

# Copy each library (and the dynamic loader) at the path the binary will look for it, dereferencing
# symlinks: a scratch image has no /lib -> /usr/lib merge links to follow.
ldd "$out/publish/gsp-proxy" | awk '/=>/ { print $3; next } /^[ \t]*\// { print $1 }' | while read -r lib; do
  [[ -n "$lib" && -e "$lib" ]] || continue
  cp -L --parents "$lib" "$out/rootfs/"
done

cp "$here/Dockerfile" "$here/Dockerfile.registry" "$out/"
echo "staged $(du -sh "$out/rootfs" | cut -f1) in $out/rootfs:"
(cd "$out/rootfs" && find . -type f | sort)
