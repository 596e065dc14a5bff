# Sourced by the mmdet4j launcher and the soak benchmark: chooses the C allocator of the Java
# process that runs the native core, through LD_PRELOAD and the allocators' environment variables.
#
# The C allocator. jemalloc, where the system has it (Debian/Ubuntu: libjemalloc2), is preloaded:
# glibc's heap fragments under the native core's varying tensor sizes, so a long training run's
# resident memory climbs although nothing is leaked (a small Mask R-CNN: +360-390 MB in 500 iterations),
# while jemalloc stays flat with training steps no slower (BENCHMARKS.md, "Long runs"). Its settings:
# freed pages go back after 5 s unused, by a background thread, and large tensors are not sent to a
# separate arena that would return them at once. MMDET4J_ALLOCATOR=glibc keeps glibc; MALLOC_CONF
# set by the caller wins.
if [ "${MMDET4J_ALLOCATOR:-jemalloc}" = jemalloc ] && [[ "${LD_PRELOAD:-}" != *jemalloc* ]]; then
  for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
             /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2; do
    if [ -f "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
      export MALLOC_CONF="${MALLOC_CONF:-background_thread:true,dirty_decay_ms:5000,muzzy_decay_ms:0,oversize_threshold:0}"
      break
    fi
  done
fi
# With glibc: one malloc arena. The native core then allocates from the main heap, where its
# malloc tuning (native/core/malloc_tuning.h) keeps freed tensor memory for reuse. With glibc's
# default of one arena per thread, the Java threads that call into the core get heaps of their own
# that the tuning does not reach: a shapes SSD training step took 1.8-2.0 s instead of 1.2-1.4 s,
# with twice the page faults (BENCHMARKS.md). Set MALLOC_ARENA_MAX to override.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
