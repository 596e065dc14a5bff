package org.mmdet4j.runner;

import java.util.Iterator;
import java.util.List;
import org.mmdet4j.data.loader.DataLoader;

/**
 * Batches for the runner, epoch by epoch. Implementations must give the same batches for the
 * same epoch every time (the data loader's order depends only on seed and epoch), which is what
 * makes a resumed run continue exactly where the saved one stopped.
 */
public interface BatchSource {
    /** Batches in one epoch ({@code len(data_loader)}). */
    int batchesPerEpoch();

    /** The batches of {@code epoch} from position {@code start} on; close it when done. */
    Batches open(int epoch, int start);

    /** The samples skipped as invalid so far (file and reason of each), in order; none by default. */
    default List<String> skippedSamples() {
        return List.of();
    }

    /** An epoch's batches; closing releases loader threads. */
    interface Batches extends Iterator<org.mmdet4j.data.loader.Batch>, AutoCloseable {
        @Override
        void close();
    }

    /**
     * A {@link DataLoader} as a batch source. Starting mid-epoch loads and drops the batches
     * before {@code start}: the loader has no random access, and loading them keeps the
     * per-sample random streams exactly those of an uninterrupted epoch.
     */
    static BatchSource of(DataLoader loader) {
        return new BatchSource() {
            @Override
            public int batchesPerEpoch() {
                return loader.batchesPerEpoch();
            }

            @Override
            public List<String> skippedSamples() {
                return loader.dataset().skips().skipped();
            }

            @Override
            public Batches open(int epoch, int start) {
                DataLoader.BatchIterator it = loader.epoch(epoch);
                for (int i = 0; i < start && it.hasNext(); i++) {
                    it.next();
                }
                return new Batches() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public org.mmdet4j.data.loader.Batch next() {
                        return it.next();
                    }

                    @Override
                    public void close() {
                        it.close();
                    }
                };
            }
        };
    }
}
