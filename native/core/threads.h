#pragma once
// The CPU threads of the native core's tensor operations (LibTorch's intra-op pool, OpenMP).
//
// LibTorch sizes that pool by the machine's cores, not by the CPUs this process may use: in a
// container limited to two CPUs of a 64-core host it starts 64 threads, and any pool larger than
// the CPUs that are free turns every parallel region into a wait for a descheduled thread.
// The default here is the CPUs the process may run on (affinity mask and cgroup quota), or
// MMDET4J_THREADS when set; set_num_threads changes it at run time (the --threads option).

#include <cstdint>

namespace mmdet4j::core {

// MMDET4J_THREADS when it holds a positive integer, else available_cpus().
int64_t default_num_threads();

// The CPUs this process may use: its affinity mask, capped by a cgroup CPU quota (v2 cpu.max or
// v1 cfs_quota_us / cfs_period_us), rounded up; at least 1.
int64_t available_cpus();

// The intra-op thread count; n must be at least 1.
void set_num_threads(int64_t n);
int64_t num_threads();

}  // namespace mmdet4j::core
