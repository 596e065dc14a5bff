#!/usr/bin/env bash
# Soak benchmark (not a test): does resident memory stay flat over a long run?
#  1. trains the small Mask R-CNN of mask_rcnn_r18_fpn_soak.yaml for ITERS iterations (default 5000)
#     on generated shapes, sampling resident memory every 100 iterations (MemoryProfilerHook);
#  2. runs CALLS Detector.detect calls (default 5000) from THREADS threads (default 4) with the
#     checkpoint it saved, sampling every 100 calls.
# For each, memory_slope.py prints the curve and the growth over the second half (goal: < 2%).
# The allocator is the launcher's (tools/allocator_env.sh): MMDET4J_ALLOCATOR=glibc compares glibc.
# PARTS="train detect" (the default) chooses the parts; detect alone reuses OUT/train's checkpoint.
# Output: OUT (default work_dirs/soak): train.log, detect.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/soak"
out="${OUT:-$root/work_dirs/soak}"
iters="${ITERS:-5000}"
calls="${CALLS:-5000}"
threads="${THREADS:-4}"
parts="${PARTS:-train detect}"
mkdir -p "$out"
cd "$root"
if [ ! -f "$out/data/annotations/instances_train.json" ]; then
  ./mmdet4j make-shapes --out "$out/data" --train 200 --val 50
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
if [[ " $parts " == *" train "* ]]; then
  ./mmdet4j train "$here/mask_rcnn_r18_fpn_soak.yaml" --work-dir "$out/train" --cfg-options \
    "runner.max_iters=$iters" "data.train.data_root=$out/data/" | tee "$out/train.log"
  echo "== training, $iters iterations"
  python3 "$here/memory_slope.py" "$out/train.log" || status=1
fi
if [[ " $parts " == *" detect "* ]]; then
  source "$root/tools/allocator_env.sh"
  java -cp "$("$root/tools/java_classpath.sh")" "$here/DetectSoak.java" \
    "$here/mask_rcnn_r18_fpn_soak.yaml" "$out/train" "$out/data/JPEGImages" "$calls" "$threads" 100 \
    | tee "$out/detect.log"
  echo "== Detector.detect, $calls calls from $threads threads"
  python3 "$here/memory_slope.py" "$out/detect.log" || status=1
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
