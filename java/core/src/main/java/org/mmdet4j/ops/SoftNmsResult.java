package org.mmdet4j.ops;

import org.mmdet4j.tensor.NdArray;

/** Soft-NMS output: detections (K, 5) as x1, y1, x2, y2, decayed score, and their indices. */
public record SoftNmsResult(NdArray dets, long[] keep) {
}
