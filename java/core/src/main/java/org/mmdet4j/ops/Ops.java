package org.mmdet4j.ops;

import org.bytedeco.javacpp.PointerScope;
import org.mmdet4j.bindings.NativeLibrary;
import org.mmdet4j.bindings.NativeOps;
import org.mmdet4j.bindings.NativeTensor;
import org.mmdet4j.bindings.Tensors;
import org.mmdet4j.tensor.NdArray;

/**
 * Box and RoI ops of the native core for Java callers. Semantics are those of the registered
 * {@code mmdet4j::} ops (native/ops/*.h). Every method is thread-safe; a bad argument raises
 * {@link org.mmdet4j.bindings.NativeException} with the native message.
 *
 * <pre>{@code
 * NdArray boxes = NdArray.of(new float[] {0, 0, 10, 10, 1, 1, 11, 11}, 2, 4);
 * long[] keep = Ops.nms(boxes, NdArray.of(new float[] {0.9f, 0.8f}, 2), 0.5);  // [0]
 * }</pre>
 */
public final class Ops {
    static {
        NativeLibrary.load();
    }

    private Ops() {
    }

    /** Indices of the boxes (N, 4) kept by greedy NMS, in descending score order. */
    public static long[] nms(NdArray boxes, NdArray scores, double iouThreshold) {
        try (PointerScope scope = new PointerScope()) {
            return indices(Tensors.call(() -> NativeOps.nms(Tensors.toNative(boxes), Tensors.toNative(scores),
                    iouThreshold)));
        }
    }

    /** NMS within each class of {@code idxs} (int64, shape (N,)); indices in descending score order. */
    public static long[] batchedNms(NdArray boxes, NdArray scores, NdArray idxs, double iouThreshold) {
        try (PointerScope scope = new PointerScope()) {
            return indices(Tensors.call(() -> NativeOps.batchedNms(Tensors.toNative(boxes),
                    Tensors.toNative(scores), Tensors.toNative(idxs), iouThreshold)));
        }
    }

    /** Soft-NMS; method is "linear", "gaussian" or "naive". */
    public static SoftNmsResult softNms(NdArray boxes, NdArray scores, double iouThreshold, double sigma,
            double minScore, String method) {
        try (PointerScope scope = new PointerScope()) {
            NativeTensor dets = new NativeTensor();
            NativeTensor keep = new NativeTensor();
            Tensors.call(() -> {
                NativeOps.softNms(Tensors.toNative(boxes), Tensors.toNative(scores), iouThreshold, sigma,
                        minScore, method, dets, keep);
                return null;
            });
            return new SoftNmsResult(Tensors.toJava(dets), indices(keep));
        }
    }

    /** mmdetection v2 overlaps; mode "iou", "iof" or "giou"; (N, M), or (N,) when aligned. */
    public static NdArray bboxOverlaps(NdArray bboxes1, NdArray bboxes2, String mode, boolean aligned) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.bboxOverlaps(Tensors.toNative(bboxes1),
                    Tensors.toNative(bboxes2), mode, aligned, 1e-6)));
        }
    }

    /** RoIAlign of rois (K, 5) on features (N, C, H, W) into (K, C, pooledHeight, pooledWidth). */
    public static NdArray roiAlign(NdArray input, NdArray rois, double spatialScale, int pooledHeight,
            int pooledWidth, int samplingRatio, boolean aligned) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.roiAlign(Tensors.toNative(input),
                    Tensors.toNative(rois), spatialScale, pooledHeight, pooledWidth, samplingRatio, aligned)));
        }
    }

    /** Gradient of {@link #roiAlign} with respect to its input of shape (batch, channels, height, width). */
    public static NdArray roiAlignBackward(NdArray grad, NdArray rois, double spatialScale, int pooledHeight,
            int pooledWidth, long[] inputShape, int samplingRatio, boolean aligned) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException("inputShape must be (N, C, H, W)");
        }
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.roiAlignBackward(Tensors.toNative(grad),
                    Tensors.toNative(rois), spatialScale, pooledHeight, pooledWidth, inputShape[0], inputShape[1],
                    inputShape[2], inputShape[3], samplingRatio, aligned)));
        }
    }

    /** RoI max pooling, with the argmax positions used by its backward pass. */
    public static RoiPoolResult roiPool(NdArray input, NdArray rois, double spatialScale, int pooledHeight,
            int pooledWidth) {
        try (PointerScope scope = new PointerScope()) {
            NativeTensor output = new NativeTensor();
            NativeTensor argmax = new NativeTensor();
            Tensors.call(() -> {
                NativeOps.roiPool(Tensors.toNative(input), Tensors.toNative(rois), spatialScale, pooledHeight,
                        pooledWidth, output, argmax);
                return null;
            });
            return new RoiPoolResult(Tensors.toJava(output), Tensors.toJava(argmax));
        }
    }

    /**
     * Element-wise sigmoid focal loss (N, C) of logits (N, C) for int64 labels (N,) in [0, C]
     * (C is background); {@code weight} is null, (N,) or (N, C).
     */
    public static NdArray sigmoidFocalLoss(NdArray logits, NdArray targets, NdArray weight, double gamma,
            double alpha) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.sigmoidFocalLoss(Tensors.toNative(logits),
                    Tensors.toNative(targets), Tensors.toNative(weight), gamma, alpha)));
        }
    }

    /** Gradient of {@link #sigmoidFocalLoss} with respect to the logits, given the upstream gradient. */
    public static NdArray sigmoidFocalLossBackward(NdArray grad, NdArray logits, NdArray targets, NdArray weight,
            double gamma, double alpha) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.sigmoidFocalLossBackward(Tensors.toNative(grad),
                    Tensors.toNative(logits), Tensors.toNative(targets), Tensors.toNative(weight), gamma, alpha)));
        }
    }

    /**
     * Deformable convolution of input (N, C, H, W) with weight (C_out, C / groups, kh, kw), sampling
     * each kernel tap at its learned offset (N, 2 * deformGroups * kh * kw, H_out, W_out); with a
     * mask (N, deformGroups * kh * kw, H_out, W_out) the modulated form (DCNv2). mask and bias may be null.
     */
    public static NdArray deformConv2d(NdArray input, NdArray weight, NdArray offset, NdArray mask, NdArray bias,
            DeformConvParams p) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toJava(Tensors.call(() -> NativeOps.deformConv2d(Tensors.toNative(input),
                    Tensors.toNative(weight), Tensors.toNative(offset), Tensors.toNative(mask), Tensors.toNative(bias),
                    p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups(),
                    p.deformGroups())));
        }
    }

    /** Gradients of {@link #deformConv2d} given the upstream gradient of its output. */
    public static DeformConvGradients deformConv2dBackward(NdArray grad, NdArray input, NdArray weight, NdArray offset,
            NdArray mask, NdArray bias, DeformConvParams p) {
        try (PointerScope scope = new PointerScope()) {
            NativeTensor gInput = new NativeTensor();
            NativeTensor gWeight = new NativeTensor();
            NativeTensor gOffset = new NativeTensor();
            NativeTensor gMask = new NativeTensor();
            NativeTensor gBias = new NativeTensor();
            Tensors.call(() -> {
                NativeOps.deformConv2dBackward(Tensors.toNative(grad), Tensors.toNative(input),
                        Tensors.toNative(weight), Tensors.toNative(offset), Tensors.toNative(mask),
                        Tensors.toNative(bias), p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(),
                        p.dilationW(), p.groups(), p.deformGroups(), gInput, gWeight, gOffset, gMask, gBias);
                return null;
            });
            return new DeformConvGradients(Tensors.toJava(gInput), Tensors.toJava(gWeight), Tensors.toJava(gOffset),
                    mask == null ? null : Tensors.toJava(gMask), bias == null ? null : Tensors.toJava(gBias));
        }
    }

    private static long[] indices(NativeTensor t) {
        return Tensors.toJava(t).longs();
    }
}
