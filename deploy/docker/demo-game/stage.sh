#!/usr/bin/env bash
# Stages the demo game image without any registry: publishes the NativeAOT binary and copies it, the
# shared libraries ldd reports and the dynamic loader into OUTDIR/rootfs at their original paths, so
# the image can be FROM scratch.
#
#   deploy/docker/demo-game/stage.sh OUTDIR [TAG]
#
# With TAG (e.g. gsp/demo-game:dev) the image is also built. Needs: .NET SDK, clang, zlib1g-dev.
set -euo pipefail

out=${1:?usage: stage.sh OUTDIR [TAG]}
tag=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
binary_name=gsp-demo-game

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/rootfs" "$out/data" "$out/publish"
mkdir -p "$out/rootfs/app" "$out/data"

dotnet publish "$repo/src/DemoGame" -c Release -r linux-x64 -o "$out/publish"
binary="$out/publish/$binary_name"
install -m 0755 "$binary" "$out/rootfs/app/$binary_name"

# "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" gives a library; "/lib64/ld-linux-x86-64.so.2 (0x...)" the loader.
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u |
while read -r library; do
    # -L copies the file a symlink points to, under the path the binary asks for.
    mkdir -p "$out/rootfs$(dirname "$library")"
    cp -L "$library" "$out/rootfs$library"
done

chown 1000:1000 "$out/data" 2>/dev/null || true
cp "$here/Dockerfile" "$out/Dockerfile"
rm -rf "$out/publish"

echo "staged $(du -sh "$out/rootfs" | cut -f1) in $out"
if [[ -n "$tag" ]]; then
    docker build -t "$tag" "$out"
fi
