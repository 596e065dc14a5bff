package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/** The C allocator under the native core: native/api/include/mmdet4j/memory.h. */
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public final class NativeMemory {
    static {
        Loader.load();
    }

    private NativeMemory() {
    }

    /** glibc's heap size, bytes in use, bytes free in the heap, bytes in mapped chunks; -1 each off glibc. */
    public static native void mallocStats(@Cast("int64_t*") long[] out);
}
