#!/usr/bin/env bash
# Prepares everything the native build needs; idempotent and quiet once done.
#  - system packages (cmake, g++, ninja, GoogleTest, nlohmann-json), installed with apt-get when absent;
#    as root also jemalloc (libjemalloc2), the allocator the launcher preloads (tools/allocator_env.sh),
#    which is optional: without it the launcher stays with glibc's malloc;
#  - LibTorch 2.13: from LIBTORCH_HOME or Torch_DIR when set, else from a project-local venv
#    (.venv) with `pip install torch==2.13.0`, which also holds the Python test dependencies.
# Prints nothing on success except what it installs; writes the CMake prefix of Torch to
# build/torch_prefix.txt for the build script.
# Environment: MMDET4J_PIP_ARGS (extra pip arguments, e.g. an --index-url), MMDET4J_PYTHON.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

missing=()
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
command -v ninja >/dev/null || missing+=(ninja-build)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
python="${MMDET4J_PYTHON:-python3}"
"$python" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing system packages: ${missing[*]} (install them, e.g. apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Optional, so best effort and tried once per build folder: a failed install leaves the launcher on
# glibc's malloc.
jemalloc_tried="$root/build/.jemalloc-install-tried"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null && [ ! -f "$jemalloc_tried" ] && \
   ! ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2'; then
  mkdir -p "$root/build" && touch "$jemalloc_tried"
  echo "bootstrap: installing libjemalloc2"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjemalloc2 >/dev/null; }; then
    echo "bootstrap: libjemalloc2 not installed; the launcher stays with glibc's malloc" >&2
  fi
fi

venv="$root/.venv"
req="$root/native/scripts/requirements.txt"
stamp="$venv/.ready-$(sha1sum "$req" | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: creating $venv with $(grep -v '^#' "$req" | tr '\n' ' ')"
  "$python" -m venv "$venv"
  # A short timeout keeps an unreachable extra index from stalling the install.
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q --disable-pip-version-check --retries 0 --timeout 5 \
      ${MMDET4J_PIP_ARGS:-} -r "$req"
  rm -f "$venv"/.ready-*
  touch "$stamp"
fi

mkdir -p "$root/build"
if [ -n "${Torch_DIR:-}" ]; then
  prefix="$Torch_DIR"
elif [ -n "${LIBTORCH_HOME:-}" ]; then
  prefix="$LIBTORCH_HOME/share/cmake"
else
  prefix="$("$venv/bin/python" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')"
fi
echo "$prefix" > "$root/build/torch_prefix.txt"
