#!/usr/bin/env bash
# GPU check, for a machine with a CUDA GPU and Python torch + torchvision (no Java needed):
#  1. builds libmmdet4j with its CUDA kernels against that torch;
#  2. runs each malformed-input case in its own process (a crash is named, not fatal), then the
#     Python op tests, which cover the "cuda" device there;
#  3. times RetinaNet, Faster R-CNN and Mask R-CNN R50-FPN (native driver) and torchvision's,
#     training batch 2 and inference batch 1 at 800x1216;
#  4. times our ops against torchvision.ops on the same inputs and prints the table last.
# Details go under $OUT (default build/gpu-check). The machine needs nlohmann/json.hpp: carry a copy
# of /usr/include/nlohmann as .deps/include/nlohmann (an ignored folder) when it has none.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-$root/build/gpu-check}"
mkdir -p "$out"
python="${PYTHON:-python3}"
prefix="$("$python" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')"
arch="$("$python" -c 'import torch; p = torch.cuda.get_device_capability(); print(f"{p[0]}.{p[1]}")')"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"

echo "== build (TORCH_CUDA_ARCH_LIST=$arch)"
start=$(date +%s)
TORCH_CUDA_ARCH_LIST="$arch" cmake -S . -B build/gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DMMDET4J_CUDA=ON -DMMDET4J_BUILD_TESTS=OFF \
  ${MMDET4J_NLOHMANN_INCLUDE:+-DMMDET4J_NLOHMANN_INCLUDE="$MMDET4J_NLOHMANN_INCLUDE"} \
  $([ -f .deps/include/nlohmann/json.hpp ] && echo -DMMDET4J_NLOHMANN_INCLUDE="$root/.deps/include") > "$out/cmake.log" 2>&1 \
  || { tail -40 "$out/cmake.log"; exit 1; }
cmake --build build/gpu -j "$(nproc)" > "$out/build.log" 2>&1 || { grep -E "error" -A5 "$out/build.log" | head -60; exit 1; }
echo "built in $(( $(date +%s) - start )) s"

# From here on a failure is reported and the timings still run.
set +e
echo "== malformed inputs, one process per case"
"$python" tests/gpu/bad_inputs_probe.py "$root/build/gpu/libmmdet4j.so" 2>&1 | tee "$out/bad_inputs.log"

echo "== op tests (cpu and cuda)"
MMDET4J_NATIVE_LIB="$root/build/gpu/libmmdet4j.so" "$python" -m pytest -q -p no:cacheprovider \
  tests/python/ops --deselect tests/python/ops/test_bad_inputs.py::test_bad_inputs_raise_clear_errors 2>&1 \
  | tee "$out/pytest.log" | tail -25  # the malformed inputs ran one per process above

echo "== RetinaNet, Faster R-CNN, Mask R-CNN (R50-FPN): mmdet4j_native vs torchvision"
for model in retinanet faster_rcnn mask_rcnn; do
  opts="$root/benchmarks/models/${model}_r50_fpn.options"
  build/gpu/mmdet4j_native bench "$opts" train 2 800 1216 20 cuda
  "$python" benchmarks/models/torchvision_detector.py train 2 800 1216 20 --device cuda --model "$model"
  build/gpu/mmdet4j_native bench "$opts" infer 1 800 1216 20 cuda
  "$python" benchmarks/models/torchvision_detector.py infer 1 800 1216 20 --device cuda --model "$model"
done 2>&1 | tee "$out/detector_timing.txt"

echo "== ops against torchvision.ops"
"$python" benchmarks/ops/compare_torchvision.py --lib "$root/build/gpu/libmmdet4j.so" \
  --device cuda --json "$out/ops_timing.json" 2>&1 | tee "$out/ops_timing.txt"
