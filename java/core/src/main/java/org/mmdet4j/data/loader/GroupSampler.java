package org.mmdet4j.data.loader;

import java.util.Random;

/**
 * mmdetection's {@code GroupSampler} and {@code DistributedGroupSampler}: every batch holds
 * images of one aspect group (wide or tall), so padding a batch to its largest image wastes
 * little. Each group is shuffled and padded with its own indices to a multiple of
 * {@code samplesPerGpu * worldSize}; batches are then shuffled as units, and each rank takes its
 * contiguous share. With {@code worldSize} 1 this is the single-process {@code GroupSampler}.
 * The order depends only on (seed, epoch).
 */
public final class GroupSampler implements Sampler {
    private final int[] flags;
    private final int samplesPerGpu;
    private final int rank;
    private final int worldSize;
    private final long seed;
    private final int[] groupSizes;
    private final int numSamples;

    public GroupSampler(int[] flags, int samplesPerGpu, long seed) {
        this(flags, samplesPerGpu, 0, 1, seed);
    }

    public GroupSampler(int[] flags, int samplesPerGpu, int rank, int worldSize, long seed) {
        if (samplesPerGpu <= 0 || worldSize <= 0 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("need samples_per_gpu > 0 and 0 <= rank < world_size, got "
                    + samplesPerGpu + ", " + rank + ", " + worldSize);
        }
        int groups = 0;
        for (int f : flags) {
            if (f < 0) {
                throw new IllegalArgumentException("group flags must be >= 0");
            }
            groups = Math.max(groups, f + 1);
        }
        this.flags = flags.clone();
        this.samplesPerGpu = samplesPerGpu;
        this.rank = rank;
        this.worldSize = worldSize;
        this.seed = seed;
        this.groupSizes = new int[groups];
        for (int f : flags) {
            groupSizes[f]++;
        }
        int n = 0;
        for (int size : groupSizes) {
            n += (int) Math.ceil(size / (double) samplesPerGpu / worldSize) * samplesPerGpu;
        }
        this.numSamples = n;
    }

    @Override
    public int length() {
        return numSamples;
    }

    @Override
    public int[] indices(int epoch) {
        Random rng = Seeds.samplerRng(seed, epoch);
        int total = numSamples * worldSize;
        int[] all = new int[total];
        int pos = 0;
        for (int g = 0; g < groupSizes.length; g++) {
            int size = groupSizes[g];
            if (size == 0) {
                continue;
            }
            int[] members = new int[size];
            for (int i = 0, k = 0; i < flags.length; i++) {
                if (flags[i] == g) {
                    members[k++] = i;
                }
            }
            Seeds.shuffle(members, 0, size, rng);
            int padded = (int) Math.ceil(size / (double) samplesPerGpu / worldSize) * samplesPerGpu * worldSize;
            // Pad by repeating the shuffled group from its start, as DistributedGroupSampler does.
            for (int i = 0; i < padded; i++) {
                all[pos++] = members[i % size];
            }
        }
        int batches = total / samplesPerGpu;
        int[] order = new int[batches];
        for (int i = 0; i < batches; i++) {
            order[i] = i;
        }
        Seeds.shuffle(order, 0, batches, rng);
        int[] out = new int[numSamples];
        int offset = numSamples * rank;
        for (int i = 0; i < numSamples; i++) {
            int j = offset + i;
            out[i] = all[order[j / samplesPerGpu] * samplesPerGpu + j % samplesPerGpu];
        }
        return out;
    }
}
