package org.mmdet4j.ops;

/**
 * The geometry of a deformable convolution: stride, padding and dilation per axis (height,
 * width), convolution groups and deform groups (input channel groups with their own offsets).
 */
public record DeformConvParams(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
        int deformGroups) {

    /** The same stride, padding and dilation on both axes. */
    public static DeformConvParams square(int stride, int padding, int dilation, int groups, int deformGroups) {
        return new DeformConvParams(stride, stride, padding, padding, dilation, dilation, groups, deformGroups);
    }
}
