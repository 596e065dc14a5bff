#!/usr/bin/env bash
# Inference on one 800x1216 image, RetinaNet and Faster R-CNN R50-FPN, in float32 and bfloat16:
# mmdet4j's native core with batch norms unfolded, folded (the default), and under bfloat16
# autocast, next to torchvision in float32 and under CPU bfloat16 autocast; one after the other on
# this machine. MODELS (default "retinanet faster_rcnn"); ITERS, MMDET4J_REFERENCE_PYTHON,
# REFERENCE_MALLOC: see common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for model in ${MODELS:-retinanet faster_rcnn}; do
  opts="$root/benchmarks/models/${model}_r50_fpn.options"
  echo "== $model, $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  MMDET4J_BN_FOLDING=0 "$tool" bench "$opts" infer 1 800 1216 "$iters" cpu fp32
  "$tool" bench "$opts" infer 1 800 1216 "$iters" cpu fp32
  "$tool" bench "$opts" infer 1 800 1216 "$iters" cpu bf16
  env "${reference_env[@]}" "$ref" "$reference" infer 1 800 1216 "$iters" --model "$model"
  env "${reference_env[@]}" "$ref" "$reference" infer 1 800 1216 "$iters" --model "$model" --autocast bf16
done
