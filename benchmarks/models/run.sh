#!/usr/bin/env bash
# RetinaNet R50-FPN: mmdet4j's native core next to torchvision, one after the other on this
# machine: inference on one 800x1216 image and a training step with batch 2 at 512x512.
# MMDET4J_REFERENCE_PYTHON: a Python with torch + torchvision (default .cache/reference-venv).
# ITERS (default 5) timed runs each, after one warm-up run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ref="${MMDET4J_REFERENCE_PYTHON:-$root/.cache/reference-venv/bin/python}"
tool="$root/build/native/mmdet4j_native"
opts="$root/benchmarks/models/retinanet_r50_fpn.options"
iters="${ITERS:-5}"
echo "== $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$tool" bench "$opts" infer 1 800 1216 "$iters"
"$ref" "$root/benchmarks/models/torchvision_retinanet.py" infer 1 800 1216 "$iters"
"$tool" bench "$opts" train 2 512 512 "$iters"
"$ref" "$root/benchmarks/models/torchvision_retinanet.py" train 2 512 512 "$iters"
