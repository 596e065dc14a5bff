package org.mmdet4j.ops;

import org.mmdet4j.tensor.NdArray;

/** Gradients of {@link Ops#deformConv2d}; {@code mask} and {@code bias} are null where the forward had none. */
public record DeformConvGradients(NdArray input, NdArray weight, NdArray offset, NdArray mask, NdArray bias) {
}
