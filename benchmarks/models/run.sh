#!/usr/bin/env bash
# RetinaNet, Faster R-CNN, Mask R-CNN and FCOS R50-FPN and SSD300-VGG16: mmdet4j's native core next
# to torchvision, one after the other on this machine: inference on one 800x1216 image and a
# training step with batch 2 at 512x512 (SSD: one 300x300 image, batch 8). MODELS (default
# "retinanet faster_rcnn mask_rcnn fcos ssd") picks some.
# ITERS, MMDET4J_REFERENCE_PYTHON, REFERENCE_MALLOC: see common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for model in ${MODELS:-retinanet faster_rcnn mask_rcnn fcos ssd}; do
  # SSD300 works at its fixed 300x300 input; its training step takes batch 8 (mmdetection's per GPU).
  if [ "$model" = ssd ]; then
    opts="$root/benchmarks/models/ssd300_vgg16.options" infer=(1 300 300) train=(8 300 300)
  else
    opts="$root/benchmarks/models/${model}_r50_fpn.options" infer=(1 800 1216) train=(2 512 512)
  fi
  echo "== $model, $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$tool" bench "$opts" infer "${infer[@]}" "$iters"
  env "${reference_env[@]}" "$ref" "$reference" infer "${infer[@]}" "$iters" --model "$model"
  "$tool" bench "$opts" train "${train[@]}" "$iters"
  env "${reference_env[@]}" "$ref" "$reference" train "${train[@]}" "$iters" --model "$model"
done
