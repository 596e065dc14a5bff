// The library keeps freed memory for reuse (core/malloc_tuning.h): a block of several MiB comes
// from the heap, not from a fresh mmap, and freeing it keeps it in the process.

#include <gtest/gtest.h>

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/malloc_tuning.h"

namespace {

TEST(MallocTuning, LargeTensorsComeFromTheHeap) {
#if defined(__GLIBC__)
  const auto& tuning = mmdet4j::core::malloc_tuning();
  if (!tuning.applied) GTEST_SKIP() << "not applied: " << tuning.reason;
  const auto before = mallinfo2();
  void* block = std::malloc(16 << 20);  // 16 MiB: above glibc's default threshold, below ours
  ASSERT_NE(block, nullptr);
  const auto during = mallinfo2();
  EXPECT_EQ(during.hblks, before.hblks) << "a 16 MiB block was mmapped";
  std::free(block);
  EXPECT_GE(mallinfo2().fordblks, size_t{16} << 20) << "the freed block went back to the kernel";
#else
  GTEST_SKIP() << "glibc only";
#endif
}

}  // namespace
