# Sourced by the model benchmarks (run.sh, precision.sh): the native driver, the torchvision
# reference and its environment.
# MMDET4J_REFERENCE_PYTHON: a Python with torch + torchvision (default .cache/reference-venv).
# ITERS (default 5) timed runs each, after one warm-up run.
# The native library keeps freed memory for reuse (native/core/malloc_tuning.h); the torchvision
# process gets the same glibc settings through MALLOC_* variables, so that both sides allocate
# alike (REFERENCE_MALLOC=default runs it with glibc's defaults instead).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ref="${MMDET4J_REFERENCE_PYTHON:-$root/.cache/reference-venv/bin/python}"
tool="$root/build/native/mmdet4j_native"
iters="${ITERS:-5}"
reference="$root/benchmarks/models/torchvision_detector.py"
reference_env=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456)
if [ "${REFERENCE_MALLOC:-same}" = default ]; then reference_env=(); fi
