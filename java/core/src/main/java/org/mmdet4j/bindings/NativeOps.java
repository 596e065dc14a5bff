package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * The box ops of native/api/include/mmdet4j/ops.h. A C++ exception (bad argument) arrives as a
 * {@link RuntimeException} carrying the C++ message; {@code org.mmdet4j.ops.Ops} is the typed
 * Java API on top of these raw calls.
 */
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public final class NativeOps {
    static {
        Loader.load();
    }

    private NativeOps() {
    }

    public static native @ByVal NativeTensor nms(@Const @ByRef NativeTensor boxes, @Const @ByRef NativeTensor scores,
            double iouThreshold);

    public static native @ByVal NativeTensor batchedNms(@Const @ByRef NativeTensor boxes,
            @Const @ByRef NativeTensor scores, @Const @ByRef NativeTensor idxs, double iouThreshold);

    public static native void softNms(@Const @ByRef NativeTensor boxes, @Const @ByRef NativeTensor scores,
            double iouThreshold, double sigma, double minScore, @StdString String method,
            @ByRef NativeTensor dets, @ByRef NativeTensor keep);

    public static native @ByVal NativeTensor bboxOverlaps(@Const @ByRef NativeTensor bboxes1,
            @Const @ByRef NativeTensor bboxes2, @StdString String mode, @Cast("bool") boolean isAligned, double eps);

    public static native @ByVal NativeTensor roiAlign(@Const @ByRef NativeTensor input, @Const @ByRef NativeTensor rois,
            double spatialScale, @Cast("int64_t") long pooledHeight, @Cast("int64_t") long pooledWidth,
            @Cast("int64_t") long samplingRatio, @Cast("bool") boolean aligned);

    public static native @ByVal NativeTensor roiAlignBackward(@Const @ByRef NativeTensor grad,
            @Const @ByRef NativeTensor rois, double spatialScale, @Cast("int64_t") long pooledHeight,
            @Cast("int64_t") long pooledWidth, @Cast("int64_t") long batchSize, @Cast("int64_t") long channels,
            @Cast("int64_t") long height, @Cast("int64_t") long width, @Cast("int64_t") long samplingRatio,
            @Cast("bool") boolean aligned);

    public static native void roiPool(@Const @ByRef NativeTensor input, @Const @ByRef NativeTensor rois,
            double spatialScale, @Cast("int64_t") long pooledHeight, @Cast("int64_t") long pooledWidth,
            @ByRef NativeTensor output, @ByRef NativeTensor argmax);

    public static native @ByVal NativeTensor sigmoidFocalLoss(@Const @ByRef NativeTensor logits,
            @Const @ByRef NativeTensor targets, @Const @ByRef NativeTensor weight, double gamma, double alpha);

    public static native @ByVal NativeTensor sigmoidFocalLossBackward(@Const @ByRef NativeTensor grad,
            @Const @ByRef NativeTensor logits, @Const @ByRef NativeTensor targets, @Const @ByRef NativeTensor weight,
            double gamma, double alpha);

    public static native @ByVal NativeTensor deformConv2d(@Const @ByRef NativeTensor input,
            @Const @ByRef NativeTensor weight, @Const @ByRef NativeTensor offset, @Const @ByRef NativeTensor mask,
            @Const @ByRef NativeTensor bias, @Cast("int64_t") long strideH, @Cast("int64_t") long strideW,
            @Cast("int64_t") long padH, @Cast("int64_t") long padW, @Cast("int64_t") long dilationH,
            @Cast("int64_t") long dilationW, @Cast("int64_t") long groups, @Cast("int64_t") long deformGroups);

    public static native void deformConv2dBackward(@Const @ByRef NativeTensor grad, @Const @ByRef NativeTensor input,
            @Const @ByRef NativeTensor weight, @Const @ByRef NativeTensor offset, @Const @ByRef NativeTensor mask,
            @Const @ByRef NativeTensor bias, @Cast("int64_t") long strideH, @Cast("int64_t") long strideW,
            @Cast("int64_t") long padH, @Cast("int64_t") long padW, @Cast("int64_t") long dilationH,
            @Cast("int64_t") long dilationW, @Cast("int64_t") long groups, @Cast("int64_t") long deformGroups,
            @ByRef NativeTensor gradInput, @ByRef NativeTensor gradWeight, @ByRef NativeTensor gradOffset,
            @ByRef NativeTensor gradMask, @ByRef NativeTensor gradBias);
}
