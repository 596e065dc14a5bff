#include "core/threads.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <sched.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace mmdet4j::core {
namespace {

std::vector<int> affinity_cpu_ids() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> ids;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return ids;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) ids.push_back(cpu);
  }
  return ids;
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

// MMDET4J_THREADS as a positive count, or 0 when unset or not one.
int64_t env_threads() {
  const char* env = std::getenv("MMDET4J_THREADS");
  if (env == nullptr) return 0;
  char* end = nullptr;
  const long n = std::strtol(env, &end, 10);
  return end != env && *end == '\0' && n > 0 ? n : 0;
}

// Clock ticks of the CPUs in `ids`: all of them, and those spent busy (not idle or waiting on I/O).
struct CpuTicks {
  double total = 0, busy = 0;
};

bool read_cpu_ticks(const std::vector<int>& ids, CpuTicks& out) {
  std::ifstream stat("/proc/stat");
  std::string line;
  out = {};
  int found = 0;
  while (std::getline(stat, line)) {
    if (line.rfind("cpu", 0) != 0 || line.size() < 4 || !std::isdigit(static_cast<unsigned char>(line[3]))) continue;
    std::istringstream fields(line.substr(3));
    int cpu = -1;
    fields >> cpu;
    if (!std::binary_search(ids.begin(), ids.end(), cpu)) continue;
    double value = 0, total = 0, idle = 0;
    for (int i = 0; fields >> value; ++i) {
      if (i >= 8) break;  // guest times are already counted in user and nice
      total += value;
      if (i == 3 || i == 4) idle += value;  // idle, iowait
    }
    out.total += total;
    out.busy += total - idle;
    ++found;
  }
  return found == static_cast<int>(ids.size()) && found > 0;
}

// Clock ticks this process has run (user + system, all threads).
bool read_self_ticks(double& out) {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto paren = text.rfind(')');
  if (paren == std::string::npos) return false;
  std::istringstream fields(text.substr(paren + 1));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 0; fields >> field; ++i) {  // i = 0 is field 3 (state); utime is field 14
    if (i == 11) utime = std::atof(field.c_str());
    if (i == 12) {
      stime = std::atof(field.c_str());
      out = utime + stime;
      return true;
    }
  }
  return false;
}

struct Governor {
  std::mutex mutex;
  int64_t current = 1;  // the pool's size threads should have
  bool adaptive = true;
  bool usable = false;  // /proc readable and no cgroup quota
  int64_t max_threads = 1;
  std::vector<int> cpu_ids;
  CpuTicks last;
  double last_self = 0;
  std::chrono::steady_clock::time_point last_look;
};

Governor& governor() {
  static Governor g;
  return g;
}

// LibTorch's pool sized once when the library loads, before any parallel region runs.
[[maybe_unused]] const bool kDefaultApplied = [] {
  auto& g = governor();
  g.max_threads = default_num_threads();
  g.adaptive = env_threads() == 0;
  g.cpu_ids = affinity_cpu_ids();
  g.usable = g.adaptive && cgroup_quota_cpus() == 0 && read_cpu_ticks(g.cpu_ids, g.last) && read_self_ticks(g.last_self);
  g.last_look = std::chrono::steady_clock::now();
  g.current = g.max_threads;
  at::set_num_threads(static_cast<int>(g.current));
  return true;
}();

}  // namespace

int64_t available_cpus() {
  int64_t cpus = static_cast<int64_t>(affinity_cpu_ids().size());
  if (cpus <= 0) cpus = static_cast<int64_t>(at::get_num_threads());
  const int64_t quota = cgroup_quota_cpus();
  if (quota > 0 && quota < cpus) cpus = quota;
  return cpus > 0 ? cpus : 1;
}

int64_t default_num_threads() {
  const int64_t env = env_threads();
  return env > 0 ? env : available_cpus();
}

void set_num_threads(int64_t n) {
  TORCH_CHECK(n >= 1 && n <= 4096, "threads: expected a count from 1 to 4096, got ", n);
  auto& g = governor();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.adaptive = false;
  g.current = n;
  at::set_num_threads(static_cast<int>(n));
}

int64_t num_threads() { return at::get_num_threads(); }

void reset_num_threads() {
  auto& g = governor();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.adaptive = env_threads() == 0;
  g.current = g.max_threads;
  at::set_num_threads(static_cast<int>(g.current));
}

bool adaptive_threads() {
  auto& g = governor();
  std::lock_guard<std::mutex> lock(g.mutex);
  return g.adaptive;
}

int64_t threads_for_free_cpus(double free_cpus, int64_t max_threads) {
  const auto n = static_cast<int64_t>(std::floor(free_cpus + 0.3));
  return std::clamp<int64_t>(n, 1, std::max<int64_t>(max_threads, 1));
}

void adapt_num_threads() {
  auto& g = governor();
  int64_t wanted = 0;
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    const auto now = std::chrono::steady_clock::now();
    CpuTicks ticks;
    double self = 0;
    if (g.adaptive && g.usable && now - g.last_look >= std::chrono::milliseconds(500) &&
        read_cpu_ticks(g.cpu_ids, ticks) && read_self_ticks(self)) {
      const double elapsed_per_cpu = (ticks.total - g.last.total) / static_cast<double>(g.cpu_ids.size());
      if (elapsed_per_cpu > 0) {
        const double others = std::max(0.0, (ticks.busy - g.last.busy) - (self - g.last_self)) / elapsed_per_cpu;
        const double usable = std::min(static_cast<double>(g.cpu_ids.size()), static_cast<double>(g.max_threads));
        g.current = threads_for_free_cpus(usable - others, g.max_threads);
        g.last = ticks;
        g.last_self = self;
        g.last_look = now;
      }
    }
    wanted = g.current;
  }
  // OpenMP keeps the count per calling thread: set it on this one, which is about to compute.
  if (wanted != at::get_num_threads()) at::set_num_threads(static_cast<int>(wanted));
}

}  // namespace mmdet4j::core
