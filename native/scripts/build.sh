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

# build/runtime-libs: links to the libraries that libmmdet4j loads from outside the system (LibTorch's
# folder and, for a CUDA LibTorch from pip, the nvidia wheels' folders), each folder whole, as cuDNN
# opens its engine libraries by name. The JavaCPP build copies NativeLibrary's preloads from here
# into the native jar (java/core/pom.xml).
runtime="$root/build/runtime-libs"
rm -rf "$runtime.tmp" && mkdir -p "$runtime.tmp"
ldd "$build/libmmdet4j.so" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
  case "$lib" in /lib/*|/lib64/*|/usr/lib/*|/usr/lib64/*) continue ;; esac
  dirname "$lib"
done | sort -u | while read -r dir; do
  for f in "$dir"/*.so*; do
    [ -f "$f" ] && ln -sf "$f" "$runtime.tmp/$(basename "$f")"
  done
done
rm -rf "$runtime" && mv "$runtime.tmp" "$runtime"
