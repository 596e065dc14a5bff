#include "mmdet4j/memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mmdet4j::api {

void mallocStats(int64_t* out) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 info = mallinfo2();
  out[0] = static_cast<int64_t>(info.arena);
  out[1] = static_cast<int64_t>(info.uordblks);
  out[2] = static_cast<int64_t>(info.fordblks);
  out[3] = static_cast<int64_t>(info.hblkhd);
#else
  for (int i = 0; i < 4; ++i) out[i] = -1;
#endif
}

}  // namespace mmdet4j::api
