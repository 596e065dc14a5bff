package org.mmdet4j.data.loader;

import java.util.Random;

/**
 * torch's {@code DistributedSampler}: optionally shuffled (by seed and epoch), padded by
 * repeating from the start to a multiple of {@code worldSize}, and strided so rank r takes
 * positions r, r + worldSize, ... Every rank sees the same number of indices.
 */
public final class DistributedSampler implements Sampler {
    private final int size;
    private final int rank;
    private final int worldSize;
    private final boolean shuffle;
    private final long seed;

    public DistributedSampler(int size, int rank, int worldSize, boolean shuffle, long seed) {
        if (worldSize <= 0 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("need 0 <= rank < world_size, got rank " + rank + ", world size " + worldSize);
        }
        this.size = size;
        this.rank = rank;
        this.worldSize = worldSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    @Override
    public int length() {
        return (size + worldSize - 1) / worldSize;
    }

    @Override
    public int[] indices(int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random rng = Seeds.samplerRng(seed, epoch);
            Seeds.shuffle(order, 0, size, rng);
        }
        int n = length();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[(rank + i * worldSize) % size];
        }
        return out;
    }
}
