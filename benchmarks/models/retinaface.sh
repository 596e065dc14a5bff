#!/usr/bin/env bash
# RetinaFace-MobileNet-0.25 inference on the CPU (issue 17): mmdet4j's native core
# (`mmdet4j_native bench`, batch norms folded as in every evaluation) next to a straightforward
# eager PyTorch implementation of the same network (retinaface_reference.py: the RetinaFace
# authors' modules, batch norms unfolded, their detect.py post-processing), one after the other,
# on one random image (batch 1) of 640x480 and of 1920x1080, with the same weights (mmdet4j's
# initial ones, saved by `mmdet4j_native save`) and the same number of threads. Each side times
# the whole detection from a float (1, 3, H, W) tensor: network, priors, decoding, score
# threshold 0.02, top 5000, NMS 0.4, 750 kept. Prints each side's line, then a table: ms and
# frames per second each, and mmdet4j's time over PyTorch's (the issue's goal: <= 0.7).
#
#   benchmarks/models/retinaface.sh          the benchmark
#   benchmarks/models/retinaface.sh check    the same weights and image in both: detections compared
#                                            (needs a Maven build of the Java side)
#
# ITERS (default 20): timed runs per side and size, after one warm-up; medians.
# THREADS (default: the CPUs this process may use, as mmdet4j's default): both sides' threads
# (MMDET4J_THREADS for mmdet4j, torch.set_num_threads for PyTorch).
# SIZES (default "480x640 1080x1920"): HxW of the images.
# WEIGHTS: a trained mmdet4j checkpoint of this network for both sides (default: the initial
# weights, with which every prior scores alike and all 5000 reach NMS; trained weights on the
# random images pass few, so the network dominates as on real images).
# MMDET4J_REFERENCE_PYTHON, REFERENCE_MALLOC: see common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
iters="${ITERS:-20}"
threads="${THREADS:-$(nproc)}"
retinaface="$root/benchmarks/models/retinaface_reference.py"

if [ "${1:-}" = check ]; then
  exec "$ref" "$root/benchmarks/models/retinaface_check.py"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$ref" "$retinaface" options > "$tmp/retinaface.options"
"$tool" save "$tmp/retinaface.options" "$tmp/initial.pth"

weights="${WEIGHTS:-$tmp/initial.pth}"
echo "== retinaface_mnet025, weights $(basename "$weights"), $(date -u +%F), $(nproc) cores, $threads threads, $iters runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sed -n 's/.* median \([0-9.]*\) ms .*/\1/p' <<< "$1"; }
rows=()
for size in ${SIZES:-480x640 1080x1920}; do
  h="${size%x*}" w="${size#*x}"
  native="$(MMDET4J_THREADS="$threads" MMDET4J_BENCH_WEIGHTS="$weights" "$tool" bench "$tmp/retinaface.options" \
    infer 1 "$h" "$w" "$iters")"
  echo "mmdet4j: $native"
  reference="$(env "${reference_env[@]}" "$ref" "$retinaface" infer 1 "$h" "$w" "$iters" --threads "$threads" \
    --weights "$weights")"
  echo "PyTorch: $reference"
  rows+=("$w x $h $(median "$native") $(median "$reference")")
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | mmdet4j ms | mmdet4j frames/s | PyTorch ms | PyTorch frames/s | mmdet4j / PyTorch |"
echo "|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  awk '{ printf "| %sx%s | %.2f | %.1f | %.2f | %.1f | %.2f |\n", $1, $3, $4, 1000 / $4, $5, 1000 / $5, $4 / $5 }' <<< "$row"
done
