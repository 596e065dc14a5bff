#pragma once
// glibc's malloc hands every freed block above its mmap threshold (128 KiB, raised on the fly only
// to the largest block freed so far) back to the kernel, and trims the heap's top above 128 KiB:
// each tensor of a forward or backward pass is then fresh memory whose pages fault in on first
// touch. Measured on a detector's inference and training step, the page faults cost about half of
// the time (BENCHMARKS.md). When the library loads it therefore keeps freed memory for reuse:
// mmap threshold 32 MiB (glibc's maximum), trim threshold 1 GiB, top pad 256 MiB. The process
// keeps up to its peak (plus the pad) instead of returning memory between steps, as PyTorch's
// caching allocators do.
//
// Not applied when MMDET4J_MALLOC_TUNING=0, when any of glibc's MALLOC_MMAP_THRESHOLD_,
// MALLOC_TRIM_THRESHOLD_ or MALLOC_TOP_PAD_ is set (the user's tuning wins), or without glibc.

#include <string>

namespace mmdet4j::core {

struct MallocTuning {
  bool applied = false;
  std::string reason;  // why it was or was not applied
};

// What happened when the library loaded.
const MallocTuning& malloc_tuning();

}  // namespace mmdet4j::core
