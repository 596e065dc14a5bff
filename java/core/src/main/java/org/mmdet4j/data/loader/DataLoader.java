package org.mmdet4j.data.loader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.sample.Sample;

/**
 * Turns a dataset into batches on worker threads, like torch's {@code DataLoader} but with
 * threads: the annotations are shared, not copied per worker.
 *
 * <p>Determinism: the sampler's order depends on (seed, epoch) and each sample's random stream
 * on (seed, epoch, position in the epoch), and batches are handed out in order, so the same seed
 * gives the same batches with any number of workers. At most {@code prefetch} batches are in
 * flight or waiting ahead of the consumer.
 *
 * <p>Failure and shutdown: an exception in a worker is rethrown in the consumer by
 * {@link BatchIterator#next()} as a {@link DataLoaderException} with the worker's exception as
 * cause, and stops the other workers; so does interrupting the consumer while it waits. Closing
 * the iterator (try-with-resources) stops its workers. Samples skipped as unreadable under
 * {@code skip_invalid} are left out of their batch; a batch left empty is skipped.
 */
public final class DataLoader {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final DetDataset dataset;
    private final Sampler sampler;
    private final int batchSize;
    private final int numWorkers;
    private final int prefetch;
    private final long seed;
    private final int sizeDivisor;

    /**
     * @param numWorkers  worker threads; 0 loads in the consumer thread
     * @param prefetch    batches loaded ahead of the consumer (at least 1)
     * @param sizeDivisor the padded batch's height and width are multiples of this
     */
    public DataLoader(DetDataset dataset, Sampler sampler, int batchSize, int numWorkers, int prefetch, long seed,
                      int sizeDivisor) {
        if (batchSize <= 0 || numWorkers < 0 || prefetch <= 0) {
            throw new IllegalArgumentException("need batch_size > 0, workers >= 0, prefetch > 0; got "
                    + batchSize + ", " + numWorkers + ", " + prefetch);
        }
        this.dataset = dataset;
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.numWorkers = numWorkers;
        this.prefetch = prefetch;
        this.seed = seed;
        this.sizeDivisor = sizeDivisor;
    }

    public int batchesPerEpoch() {
        return (sampler.length() + batchSize - 1) / batchSize;
    }

    public DetDataset dataset() {
        return dataset;
    }

    /** Starts loading the batches of {@code epoch}; close the iterator when done with it. */
    public BatchIterator epoch(int epoch) {
        return new BatchIterator(epoch);
    }

    /** The batch at position {@code b} of the epoch; the work of one task. */
    private Batch load(int[] order, int epoch, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        List<Sample> samples = new ArrayList<>(to - from);
        for (int p = from; p < to; p++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new DataLoaderException("loading stopped", new InterruptedException());
            }
            Sample s = dataset.get(order[p], Seeds.sampleRng(seed, epoch, p));
            if (s != null) {
                samples.add(s);
            }
        }
        return samples.isEmpty() ? null : Collate.collate(samples, sizeDivisor);
    }

    /** The batches of one epoch, in order. Not thread-safe: one consumer. */
    public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int numBatches;
        private final ExecutorService pool;
        private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
        private int nextToSubmit;
        private Batch ready;
        private boolean closed;

        private BatchIterator(int epoch) {
            this.epoch = epoch;
            this.order = sampler.indices(epoch);
            this.numBatches = (order.length + batchSize - 1) / batchSize;
            this.pool = numWorkers == 0 ? null : Executors.newFixedThreadPool(numWorkers, threads());
            if (pool != null) {
                while (nextToSubmit < numBatches && inFlight.size() < prefetch) {
                    submitNext();
                }
            }
        }

        private ThreadFactory threads() {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "mmdet4j-data-" + id + "-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        private void submitNext() {
            int b = nextToSubmit++;
            inFlight.add(pool.submit(() -> load(order, epoch, b)));
        }

        @Override
        public boolean hasNext() {
            if (ready != null) {
                return true;
            }
            if (closed) {
                return false;
            }
            while (ready == null) {
                if (pool == null) {
                    if (nextToSubmit >= numBatches) {
                        break;
                    }
                    ready = loadInline(nextToSubmit++);
                } else {
                    if (inFlight.isEmpty()) {
                        break;
                    }
                    ready = take();
                }
            }
            if (ready == null) {
                close();
                dataset.skips().report(dataset.source());
            }
            return ready != null;
        }

        private Batch loadInline(int b) {
            try {
                return load(order, epoch, b);
            } catch (RuntimeException e) {
                close();
                throw new DataLoaderException("loading batch " + b + " of epoch " + epoch + " failed: " + e.getMessage(), e);
            }
        }

        private Batch take() {
            Future<Batch> head = inFlight.peek();
            int b = nextToSubmit - inFlight.size();
            try {
                Batch batch = head.get();
                inFlight.poll();
                if (nextToSubmit < numBatches) {
                    submitNext();
                }
                return batch;
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new DataLoaderException("interrupted while waiting for batch " + b + " of epoch " + epoch, e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                throw new DataLoaderException("a data worker failed on batch " + b + " of epoch " + epoch + ": "
                        + cause.getMessage(), cause);
            }
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = ready;
            ready = null;
            return b;
        }

        /** Stops the workers (interrupting running loads) and drops batches not yet taken. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pool != null) {
                for (Future<Batch> f : inFlight) {
                    f.cancel(true);
                }
                inFlight.clear();
                pool.shutdownNow();
            }
        }

        /** Waits for the worker threads to end after {@link #close()}; for tests and shutdown hooks. */
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool == null || pool.awaitTermination(timeout, unit);
        }
    }
}
