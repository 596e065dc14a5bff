package org.mmdet4j.ops;

import org.mmdet4j.tensor.NdArray;

/** RoI pooling output (K, C, PH, PW) and, per bin, the flat input position of its maximum. */
public record RoiPoolResult(NdArray output, NdArray argmax) {
}
