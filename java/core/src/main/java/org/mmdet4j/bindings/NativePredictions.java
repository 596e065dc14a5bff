package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * {@code mmdet4j::api::Predictions} (native/api/include/mmdet4j/results.h): the detections of a
 * batch, one {@link NativeImagePredictions} per image in batch order.
 */
@Name("Predictions")
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public class NativePredictions extends Pointer {
    static {
        Loader.load();
    }

    public NativePredictions() {
        allocate();
    }

    private native void allocate();

    public native int size();

    public native @ByVal NativeImagePredictions image(int i);
}
