package org.mmdet4j.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.ImageMeta;

/**
 * Deterministic regression data as a {@link BatchSource}: {@code size} samples of
 * {@code dim} features, {@code y = w_true.x + 0.5 + noise}, shuffled per epoch by a generator
 * seeded from (seed, epoch) like the real loader. {@code nanSample} puts a NaN into one sample in epoch {@code nanEpoch}.
 */
final class SyntheticSource implements BatchSource {
    final int size;
    final int dim;
    final int batchSize;
    final long seed;
    final float[][] x;
    final float[] y;
    int nanSample = -1;
    int nanEpoch = -1;
    int opened;

    SyntheticSource(int size, int dim, int batchSize, long seed) {
        this.size = size;
        this.dim = dim;
        this.batchSize = batchSize;
        this.seed = seed;
        Random r = new Random(seed);
        x = new float[size][dim];
        y = new float[size];
        for (int i = 0; i < size; i++) {
            double t = 0.5;
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) r.nextGaussian();
                t += (j + 1) * 0.3 * x[i][j];
            }
            y[i] = (float) (t + 0.05 * r.nextGaussian());
        }
    }

    @Override
    public int batchesPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    int[] order(int epoch) {
        int[] o = new int[size];
        for (int i = 0; i < size; i++) {
            o[i] = i;
        }
        Random r = new Random(seed * 1_000_003L + epoch);
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    @Override
    public Batches open(int epoch, int start) {
        opened++;
        int[] order = order(epoch);
        return new Batches() {
            int next = start;

            @Override
            public boolean hasNext() {
                return next < batchesPerEpoch();
            }

            @Override
            public Batch next() {
                int from = next * batchSize, to = Math.min(size, from + batchSize);
                next++;
                int n = to - from;
                float[] images = new float[n * dim];
                List<ImageMeta> metas = new ArrayList<>();
                List<float[]> targets = new ArrayList<>();
                List<long[]> labels = new ArrayList<>();
                int[] idx = new int[n];
                for (int k = 0; k < n; k++) {
                    int s = order[from + k];
                    idx[k] = s;
                    System.arraycopy(x[s], 0, images, k * dim, dim);
                    if (s == nanSample && epoch == nanEpoch) {
                        images[k * dim] = Float.NaN;
                    }
                    metas.add(new ImageMeta(java.util.Map.of()));
                    targets.add(new float[] {y[s], 0, 0, 0});
                    labels.add(new long[] {0});
                }
                return new Batch(images, n, 1, 1, dim, metas, targets, labels, List.of(), List.of(), idx);
            }

            @Override
            public void close() {
            }
        };
    }
}
