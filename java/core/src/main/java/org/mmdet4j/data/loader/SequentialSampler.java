package org.mmdet4j.data.loader;

/** 0, 1, ..., n-1 every epoch: evaluation order. */
public final class SequentialSampler implements Sampler {
    private final int n;

    public SequentialSampler(int n) {
        this.n = n;
    }

    @Override
    public int[] indices(int epoch) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Override
    public int length() {
        return n;
    }
}
