#pragma once
// The CPU threads of the native core's tensor operations (LibTorch's intra-op pool, OpenMP).
//
// LibTorch sizes that pool by the machine's cores and its OpenMP threads spin while they wait for
// the next parallel region. On a machine another busy process shares, that is the worst case:
// every region waits for a thread the scheduler has just given to the other process, while the
// threads that did get a CPU burn it spinning. A shapes Faster R-CNN training step on 2 cores took
// 0.27 s alone and 0.8-2.3 s beside one busy Python loop with 2 threads, 0.44 s with 1
// (BENCHMARKS.md, "Sharing the machine").
//
// So, by default, the pool follows the CPUs that other processes leave free: before each training
// step and prediction, adapt_num_threads() looks at how busy the CPUs this process may use were
// since it last looked (at most twice a second, from /proc/stat) without counting this process's
// own time, and sizes the pool to the CPUs left, from 1 up to available_cpus(). On a quiet machine
// that is every CPU, as before. MMDET4J_THREADS=N, or set_num_threads(N) (the --threads option),
// fixes the pool at N instead.

#include <cstdint>

namespace mmdet4j::core {

// The CPUs this process may use: its affinity mask, capped by a cgroup CPU quota (v2 cpu.max or
// v1 cfs_quota_us / cfs_period_us), rounded up; at least 1.
int64_t available_cpus();

// MMDET4J_THREADS when it holds a positive integer, else available_cpus(): the pool's size at
// load, and its upper bound while it adapts.
int64_t default_num_threads();

// Fixes the pool at n threads (1 to 4096) and stops adapting it.
void set_num_threads(int64_t n);
int64_t num_threads();
// Whether the pool follows the free CPUs (the default unless MMDET4J_THREADS or set_num_threads
// fixed it).
bool adaptive_threads();

// Undoes set_num_threads: the pool back at default_num_threads() and, unless MMDET4J_THREADS is
// set, following the free CPUs again.
void reset_num_threads();

// Gives the calling thread the pool's current size (OpenMP keeps one per thread): called by the
// API before each training step and prediction. When the pool adapts and half a second has
// passed since the last look, first resizes it to the CPUs other processes left free meanwhile.
// Without /proc (not Linux), or under a cgroup CPU quota (where other processes do not take this
// process's share), the size stays the default.
void adapt_num_threads();

// The pool's size for `free_cpus` CPUs left free by other processes, between 1 and `max_threads`:
// a CPU counts when at least 0.7 of it is free.
int64_t threads_for_free_cpus(double free_cpus, int64_t max_threads);

}  // namespace mmdet4j::core
