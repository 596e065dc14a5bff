package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * {@code mmdet4j::api::Detector} (native/api/include/mmdet4j/detector.h): a native detector with
 * its optimizer. {@code org.mmdet4j.models.NativeDetectorModel} is the typed Java side.
 */
@Name("Detector")
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public class NativeDetector extends Pointer {
    static {
        Loader.load();
    }

    public NativeDetector(String options) {
        allocate(options);
    }

    private native void allocate(@StdString String options);

    public native void toDevice(@StdString String device);

    public native @StdString String device();

    public native void configureOptimizer(@StdString String options);

    public native void setGradClip(double maxNorm, double normType);

    public native void configureMixedPrecision(@StdString String options);

    public native @StdString String lossScalerState();

    public native void loadLossScalerState(@StdString String state);

    public native void setPrecision(@StdString String precision);

    public native int numParamGroups();

    public native void initialLearningRates(double[] out, int capacity);

    public native void setLearningRates(@Const double[] lrs, int count);

    public native void setMomentum(double momentum);

    public native void setTraining(@Cast("bool") boolean on);

    public native @ByVal NativeStepResult trainStep(@Const @ByRef NativeTensor images,
            @Const @ByRef NativeTensor imageSizes, @Const @ByRef NativeTensor gtBoxes,
            @Const @ByRef NativeTensor gtLabels, @Const @ByRef NativeTensor gtCounts,
            @Const @ByRef NativeTensor gtMasks, @Const @ByRef NativeTensor gtKeypoints);

    public native @ByVal NativeStepResult valStep(@Const @ByRef NativeTensor images,
            @Const @ByRef NativeTensor imageSizes, @Const @ByRef NativeTensor gtBoxes,
            @Const @ByRef NativeTensor gtLabels, @Const @ByRef NativeTensor gtCounts,
            @Const @ByRef NativeTensor gtMasks, @Const @ByRef NativeTensor gtKeypoints);

    public native @ByVal NativePredictions predict(@Const @ByRef NativeTensor images,
            @Const @ByRef NativeTensor imageSizes, @Const @ByRef NativeTensor scaleFactors,
            @Const @ByRef NativeTensor originalSizes);

    public native @StdString String loadWeights(@StdString String path, @Cast("bool") boolean strict);

    public native @StdString String loadCheckpoint(@StdString String path, @Cast("bool") boolean includeOptimizer);

    public native void saveCheckpoint(@StdString String path, @StdString String meta,
            @Cast("bool") boolean includeOptimizer);

    public native @Cast("int64_t") long numClasses();

    public native @Cast("bool") boolean withMask();

    public native @StdString String stateDictKeys();
}
