package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * {@code mmdet4j::api::ImagePredictions} (native/api/include/mmdet4j/results.h): the boxes, scores,
 * labels and (for a detector with masks) masks of one image.
 */
@Name("ImagePredictions")
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public class NativeImagePredictions extends Pointer {
    static {
        Loader.load();
    }

    public NativeImagePredictions() {
        allocate();
    }

    private native void allocate();

    public native @ByVal NativeTensor boxes();

    public native @ByVal NativeTensor scores();

    public native @ByVal NativeTensor labels();

    public native @ByVal NativeTensor masks();

    /** (K, P, 2) float32 landmarks for detectors with landmarks; undefined otherwise. */
    public native @ByVal NativeTensor keypoints();

    public native @Cast("int64_t") long size();
}
