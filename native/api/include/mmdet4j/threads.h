#pragma once
// The native core's CPU threads, for callers without LibTorch headers (the Java bindings).
// See native/core/threads.h for the default and why it is what it is.

#include <cstdint>

namespace mmdet4j::api {

// Threads of the tensor operations (LibTorch's intra-op pool); n from 1 to 4096, else an error.
void setNumThreads(int64_t n);
int64_t numThreads();

// Back to the count the core starts with and, unless MMDET4J_THREADS is set, to following the CPUs
// that other processes leave free (undoes setNumThreads).
void resetNumThreads();

// The count the core starts with: MMDET4J_THREADS, else the CPUs this process may use.
int64_t defaultNumThreads();

}  // namespace mmdet4j::api
