package org.mmdet4j.data.sample;

import java.util.List;

/**
 * The mask annotation of one instance as the annotation file gave it: polygons, or a COCO
 * run-length encoding kept undecoded until {@code LoadAnnotations} needs it.
 */
public sealed interface Segmentation {
    /** One or more polygons {@code [x0, y0, x1, y1, ...]} in pixel coordinates. */
    record Polygons(List<float[]> polygons) implements Segmentation {
    }

    /** Column-major run lengths over a (height, width) frame. */
    record Rle(long[] counts, int height, int width) implements Segmentation {
        public byte[] decode() {
            return CocoRle.decode(counts, height, width);
        }
    }
}
