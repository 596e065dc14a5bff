#!/usr/bin/env bash
# Training speed on a shared machine: the shapes Faster R-CNN (the demo's model and data) for
# 40 iterations, alone and beside one busy process (a Python loop), with the native core's
# adaptive thread pool (the default) and with the pool fixed at every CPU (MMDET4J_THREADS, what
# LibTorch does by itself). Prints the median seconds per iteration of each run (the first
# logged interval, with warm-up, left out). RUNS (default 3) runs of each case, interleaved.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
config=benchmarks/contention/faster_rcnn_r18_fpn_shapes_iters.yaml
work="$(mktemp -d)"
busy_pid=""
trap '[ -n "$busy_pid" ] && kill "$busy_pid" 2>/dev/null; rm -rf "$work"' EXIT
[ -f data/shapes/annotations/instances_train.json ] || ./mmdet4j make-shapes --out data/shapes --train 400 --val 50

median_iter_time() {
  ./mmdet4j train "$config" --work-dir "$work/run" 2>&1 | grep -o 'Iter \[[0-9]*/[0-9]*\].*, time: [0-9.]*' \
    | sed 's/.*time: //' | tail -n +2 | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

echo "== $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-26s %s\n' neighbour pool "s/iter (median of the run)"
for run in $(seq "${RUNS:-3}"); do
  for neighbour in none busy; do
    if [ "$neighbour" = busy ]; then
      python3 -c 'while True: pass' & busy_pid=$!
      sleep 1
    fi
    printf '%-12s %-26s %s\n' "$neighbour" "adaptive (default)" "$(median_iter_time)"
    printf '%-12s %-26s %s\n' "$neighbour" "fixed at $(nproc)" "$(MMDET4J_THREADS="$(nproc)" median_iter_time)"
    if [ -n "$busy_pid" ]; then
      kill "$busy_pid"; wait "$busy_pid" 2>/dev/null || true; busy_pid=""
    fi
  done
done
