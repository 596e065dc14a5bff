#pragma once
// The C allocator under the native core, seen from callers without LibTorch headers (the Java
// bindings). LibTorch's CPU tensors come from malloc; with glibc, a training or inference loop
// whose tensor sizes vary from step to step fragments the heap: it grows while the memory in use
// stays flat, and the process's resident memory climbs although nothing is leaked (BENCHMARKS.md,
// "Long runs"). These figures tell the two apart.

#include <cstdint>

namespace mmdet4j::api {

// glibc's mallinfo2, in bytes: out[0] the heap's size (main arena and the others), out[1] in
// use there, out[2] free there (held by the allocator), out[3] in separately mapped chunks.
// Every value is -1 where the C library is not glibc.
void mallocStats(int64_t* out);

}  // namespace mmdet4j::api
