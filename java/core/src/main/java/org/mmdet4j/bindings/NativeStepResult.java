package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * {@code mmdet4j::api::StepResult} (native/api/include/mmdet4j/results.h): whether a training
 * step's update was applied, its gradient norm and its named losses.
 */
@Name("StepResult")
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public class NativeStepResult extends Pointer {
    static {
        Loader.load();
    }

    public NativeStepResult() {
        allocate();
    }

    private native void allocate();

    public native @Cast("bool") boolean updated();

    public native double gradNorm();

    /** The loss scale of a mixed-precision step; 0 without loss scaling. */
    public native double lossScale();

    /** Whether the step was skipped because the scaled gradients overflowed. */
    public native @Cast("bool") boolean overflow();

    public native int numLosses();

    public native @StdString String lossName(int i);

    public native double lossValue(int i);
}
