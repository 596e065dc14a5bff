package org.mmdet4j.data.datasets;

import java.util.Arrays;

/** A growable float array, for building box arrays without boxing. */
final class FloatList {
    private float[] data = new float[16];
    private int size;

    void add(float... values) {
        if (size + values.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + values.length));
        }
        System.arraycopy(values, 0, data, size, values.length);
        size += values.length;
    }

    float[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
