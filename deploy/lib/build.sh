# Building the .NET projects and the local images, without any registry.

build_solution() {
  local log=$GSP_LOGS/build.log
  step "Build (dotnet build -c Release)" "$log"
  if [[ -n ${GSP_SKIP_BUILD:-} ]]; then
    echo "    skipped (GSP_SKIP_BUILD)"
    return
  fi
  dotnet build "$repo/Gsp.sln" -c Release -nologo -v minimal >"$log" 2>&1 || fail "the build failed"
  echo "    built (log: $log)"
}

# build_image NAME TAG: stages deploy/docker/NAME with its stage.sh and builds the image from it.
build_image() {
  local name=$1 tag=$2
  local log=$GSP_LOGS/image-$name.log
  local out=$GSP_HOME/images/$name
  step "Image $tag" "$log"
  rm -rf "$out"
  mkdir -p "$out"
  bash "$repo/deploy/docker/$name/stage.sh" "$out" >"$log" 2>&1 || fail "staging $name failed"
  docker build -q -t "$tag" --label gsp.managed=true "$out" >>"$log" 2>&1 || fail "docker build of $tag failed"
  echo "    $(docker image inspect "$tag" --format '{{.Id}} {{.Size}}' | awk '{printf "%s, %.1f MB", substr($1,8,12), $2/1000000}')"
}

build_images() {
  if [[ -n ${GSP_SKIP_BUILD:-} ]] && docker image inspect gsp/proxy:dev gsp/demo-game:dev >/dev/null 2>&1; then
    step "Images"
    echo "    skipped (GSP_SKIP_BUILD; gsp/proxy:dev and gsp/demo-game:dev present)"
    return
  fi
  ensure_native_toolchain
  build_image proxy gsp/proxy:dev
  build_image demo-game gsp/demo-game:dev
}
