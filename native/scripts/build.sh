#!/usr/bin/env bash
# Configures and builds the native core (libmmdet4j.so), its C++ tests and, where nvcc exists
# but LibTorch has no CUDA, the compile-only check of every .cu file.
# Environment: MMDET4J_CUDA=AUTO|ON|OFF, MMDET4J_BUILD_TYPE (default Release), MMDET4J_JOBS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$root/native/scripts/bootstrap.sh"
build="$root/build/native"
prefix="$(cat "$root/build/torch_prefix.txt")"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${MMDET4J_BUILD_TYPE:-Release}" \
    -DCMAKE_PREFIX_PATH="$prefix" \
    -DMMDET4J_CUDA="${MMDET4J_CUDA:-AUTO}"
fi
cmake --build "$build" -j "${MMDET4J_JOBS:-$(nproc)}"
