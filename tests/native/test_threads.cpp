// The intra-op pool's size: the rule that maps CPUs left free by other processes to threads, and
// a fixed count that stops the adapting.

#include <gtest/gtest.h>

#include <cstdlib>

#include <ATen/Parallel.h>

#include "core/threads.h"
#include "error_of.h"

namespace {

using namespace mmdet4j;

TEST(Threads, FreeCpusBecomeThreadsFromOneToTheMaximum) {
  EXPECT_EQ(core::threads_for_free_cpus(2.0, 2), 2);   // a quiet 2-core machine
  EXPECT_EQ(core::threads_for_free_cpus(1.75, 2), 2);  // a light neighbour (a quarter of a CPU)
  EXPECT_EQ(core::threads_for_free_cpus(1.05, 2), 1);  // one busy process beside this one
  EXPECT_EQ(core::threads_for_free_cpus(0.1, 2), 1);   // never fewer than one
  EXPECT_EQ(core::threads_for_free_cpus(12.8, 16), 13);
  EXPECT_EQ(core::threads_for_free_cpus(40.0, 16), 16);  // never more than the maximum
}

TEST(Threads, AvailableCpusAreCountedAndAFixedCountStopsAdapting) {
  EXPECT_GE(core::available_cpus(), 1);
  EXPECT_EQ(mmdet4j::test_support::error_of([] { core::set_num_threads(0); }),
            "threads: expected a count from 1 to 4096, got 0");
  core::set_num_threads(1);
  EXPECT_FALSE(core::adaptive_threads());
  core::adapt_num_threads();
  EXPECT_EQ(at::get_num_threads(), 1);
  core::reset_num_threads();
  EXPECT_EQ(core::num_threads(), core::default_num_threads());
  EXPECT_EQ(core::adaptive_threads(), std::getenv("MMDET4J_THREADS") == nullptr);
}

}  // namespace
