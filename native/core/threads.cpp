#include "core/threads.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <sched.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

namespace mmdet4j::core {
namespace {

int64_t affinity_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
  return CPU_COUNT(&set);
}

// The cgroup's CPU quota in CPUs (rounded up), or 0 when there is none or it cannot be read.
int64_t cgroup_quota_cpus() {
  double quota = -1, period = -1;
  std::ifstream v2("/sys/fs/cgroup/cpu.max");  // "max 100000" or "200000 100000"
  std::string q;
  if (v2 >> q >> period) {
    if (q == "max") return 0;
    quota = std::atof(q.c_str());
  } else {
    std::ifstream v1q("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), v1p("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
    if (!(v1q >> quota) || !(v1p >> period)) return 0;
  }
  if (quota <= 0 || period <= 0) return 0;
  return static_cast<int64_t>(std::ceil(quota / period));
}

// LibTorch's pool sized once when the library loads, before any parallel region runs.
[[maybe_unused]] const bool kDefaultApplied = [] {
  at::set_num_threads(static_cast<int>(default_num_threads()));
  return true;
}();

}  // namespace

int64_t available_cpus() {
  int64_t cpus = affinity_cpus();
  if (cpus <= 0) cpus = static_cast<int64_t>(at::get_num_threads());
  const int64_t quota = cgroup_quota_cpus();
  if (quota > 0 && quota < cpus) cpus = quota;
  return cpus > 0 ? cpus : 1;
}

int64_t default_num_threads() {
  if (const char* env = std::getenv("MMDET4J_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return n;
  }
  return available_cpus();
}

void set_num_threads(int64_t n) {
  TORCH_CHECK(n >= 1 && n <= 4096, "threads: expected a count from 1 to 4096, got ", n);
  at::set_num_threads(static_cast<int>(n));
}

int64_t num_threads() { return at::get_num_threads(); }

}  // namespace mmdet4j::core
