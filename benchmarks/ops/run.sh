#!/usr/bin/env bash
# The ops benchmark and its torchvision reference, one after the other on the same machine.
# MMDET4J_REFERENCE_PYTHON: a Python with torch + torchvision (default .cache/reference-venv, see
# BENCHMARKS.md for how it was made). Not part of the tests: timings do not belong in CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ref="${MMDET4J_REFERENCE_PYTHON:-$root/.cache/reference-venv/bin/python}"
echo "== mmdet4j ($(date -u +%F), $(nproc) cores)"
"$root/mmdet4j" benchmark ops "$@"
echo "== torchvision"
"$ref" "$root/benchmarks/ops/torchvision_ops.py" "$@"
echo "== deform_conv2d: mmdet4j, then torchvision"
"$root/.venv/bin/python" "$root/benchmarks/ops/deform_conv_timing.py" --lib "$root/build/native/libmmdet4j.so"
"$ref" "$root/benchmarks/ops/deform_conv_timing.py" --torchvision
