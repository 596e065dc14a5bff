#include "core/malloc_tuning.h"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mmdet4j::core {

namespace {

MallocTuning tune() {
  MallocTuning t;
  const char* opt_out = std::getenv("MMDET4J_MALLOC_TUNING");
  if (opt_out != nullptr && std::strcmp(opt_out, "0") == 0) {
    t.reason = "MMDET4J_MALLOC_TUNING=0";
    return t;
  }
#if defined(__GLIBC__)
  for (const char* name : {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"}) {
    if (std::getenv(name) != nullptr) {
      t.reason = std::string(name) + " is set";
      return t;
    }
  }
  constexpr int kMiB = 1 << 20;
  t.applied = mallopt(M_MMAP_THRESHOLD, 32 * kMiB) == 1 && mallopt(M_TRIM_THRESHOLD, 1024 * kMiB) == 1 &&
              mallopt(M_TOP_PAD, 256 * kMiB) == 1;
  t.reason = t.applied ? "mmap threshold 32 MiB, trim threshold 1 GiB, top pad 256 MiB" : "mallopt refused";
#else
  t.reason = "not glibc";
#endif
  return t;
}

// Applied when the library is loaded, before any tensor is allocated through it.
const MallocTuning kTuning = tune();

}  // namespace

const MallocTuning& malloc_tuning() { return kTuning; }

}  // namespace mmdet4j::core
