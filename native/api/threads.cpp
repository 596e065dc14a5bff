#include "mmdet4j/threads.h"

#include "api/tensor_impl.h"
#include "core/threads.h"

namespace mmdet4j::api {

void setNumThreads(int64_t n) {
  guarded([n] {
    core::set_num_threads(n);
    return 0;
  });
}

int64_t numThreads() { return core::num_threads(); }

void resetNumThreads() {
  guarded([] {
    core::reset_num_threads();
    return 0;
  });
}

int64_t defaultNumThreads() { return core::default_num_threads(); }

}  // namespace mmdet4j::api
