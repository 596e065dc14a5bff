package org.mmdet4j.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.CocoDataset;
import org.mmdet4j.data.datasets.DatasetOptions;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.data.transforms.Collect;
import org.mmdet4j.data.transforms.DefaultFormatBundle;
import org.mmdet4j.data.transforms.LoadAnnotations;
import org.mmdet4j.data.transforms.LoadImageFromFile;
import org.mmdet4j.data.transforms.Normalize;
import org.mmdet4j.data.transforms.Pad;
import org.mmdet4j.data.transforms.PhotoMetricDistortion;
import org.mmdet4j.data.transforms.RandomFlip;
import org.mmdet4j.data.transforms.Resize;
import org.mmdet4j.data.transforms.Transform;

class DataLoaderTest {
    @TempDir
    static Path dir;

    private static DetDataset dataset(Transform extra) throws Exception {
        Path ann = dir.resolve("annotations/instances_train.json");
        if (!Files.exists(ann)) {
            ShapesFixture.write(dir, 10);
        }
        List<Transform> pipeline = new ArrayList<>(List.of(new LoadImageFromFile(), new LoadAnnotations(),
                new Resize(List.of(new int[] {160, 96}, new int[] {160, 128}), Resize.MultiscaleMode.RANGE, null,
                        true, true, false),
                new RandomFlip(new double[] {0.5}, List.of(FlipDirection.HORIZONTAL, FlipDirection.VERTICAL)),
                new PhotoMetricDistortion(),
                new Normalize(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f}, true),
                Pad.toMultipleOf(32), new DefaultFormatBundle(), new Collect(List.of("img", "gt_bboxes", "gt_labels"))));
        if (extra != null) {
            pipeline.add(extra);
        }
        return CocoDataset.load(ann, dir.resolve("JPEGImages").toString(), pipeline, null, DatasetOptions.train());
    }

    private static List<Batch> run(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader.BatchIterator it = loader.epoch(epoch)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalBatchesWithOneTwoAndFourWorkers() throws Exception {
        DetDataset ds = dataset(null);
        List<List<Batch>> runs = new ArrayList<>();
        GroupSampler sampler = new GroupSampler(ds.groupFlags(), 2, 7);
        for (int workers : new int[] {1, 2, 4}) {
            DataLoader loader = new DataLoader(ds, new GroupSampler(ds.groupFlags(), 2, 7), 2, workers, 3, 7, 32);
            runs.add(run(loader, 1));
        }
        List<Batch> ref = runs.get(0);
        assertEquals(sampler.length() / 2, ref.size());   // each aspect group padded to whole batches
        for (List<Batch> other : runs.subList(1, 3)) {
            assertEquals(ref.size(), other.size());
            for (int b = 0; b < ref.size(); b++) {
                assertArrayEquals(ref.get(b).indices, other.get(b).indices);
                assertArrayEquals(ref.get(b).shape(), other.get(b).shape());
                assertArrayEquals(ref.get(b).images, other.get(b).images);
                for (int i = 0; i < ref.get(b).n; i++) {
                    assertArrayEquals(ref.get(b).gtBboxes.get(i), other.get(b).gtBboxes.get(i));
                    assertArrayEquals(ref.get(b).gtLabels.get(i), other.get(b).gtLabels.get(i));
                    assertEquals(ref.get(b).metas.get(i).flip(), other.get(b).metas.get(i).flip());
                }
            }
        }
        // Another epoch reshuffles and redraws the augmentation.
        DataLoader loader = new DataLoader(ds, new GroupSampler(ds.groupFlags(), 2, 7), 2, 2, 3, 7, 32);
        List<Batch> epoch2 = run(loader, 2);
        boolean differs = false;
        for (int b = 0; b < ref.size(); b++) {
            differs |= !java.util.Arrays.equals(ref.get(b).indices, epoch2.get(b).indices);
        }
        assertTrue(differs);
    }

    @Test
    void batchesAreGroupedByAspectAndPaddedToTheDivisor() throws Exception {
        DetDataset ds = dataset(null);
        int[] flags = ds.groupFlags();
        DataLoader loader = new DataLoader(ds, new GroupSampler(flags, 2, 1), 2, 2, 2, 1, 32);
        for (Batch b : run(loader, 0)) {
            assertEquals(flags[b.indices[0]], flags[b.indices[1]]);
            assertEquals(0, b.height % 32);
            assertEquals(0, b.width % 32);
            assertEquals(3, b.channels);
            for (ImageMeta m : b.metas) {
                assertTrue(m.padShape()[0] <= b.height && m.padShape()[1] <= b.width);
            }
        }
    }

    @Test
    void skipInvalidDropsAnUnreadableImageAndDeliversEveryOtherSample(@TempDir Path other) throws Exception {
        Path ann = ShapesFixture.write(other, 6);
        Files.delete(other.resolve("JPEGImages/train_000002.jpg"));
        DetDataset ds = CocoDataset.load(ann, other.resolve("JPEGImages").toString(),
                List.of(new LoadImageFromFile(), new LoadAnnotations(), new DefaultFormatBundle(),
                        new Collect(List.of("img", "gt_bboxes", "gt_labels"))),
                null, new DatasetOptions(false, true, 32, true, 0.2));
        DataLoader loader = new DataLoader(ds, new SequentialSampler(ds.size()), 2, 2, 2, 0, 32);
        List<Integer> seen = new ArrayList<>();
        for (Batch b : run(loader, 0)) {
            for (int i : b.indices) {
                seen.add(i);
            }
        }
        assertEquals(List.of(0, 1, 3, 4, 5), seen);
        assertEquals(1, ds.skips().count());
        assertTrue(ds.skips().skipped().get(0).contains("train_000002.jpg"), ds.skips().skipped().toString());
    }

    @Test
    void workerExceptionSurfacesInTheConsumerWithItsCause() throws Exception {
        DetDataset ds = dataset((s, rng) -> {
            if (s.index == 3) {
                throw new IllegalStateException("boom on image 3");
            }
            return s;
        });
        DataLoader loader = new DataLoader(ds, new SequentialSampler(ds.size()), 2, 2, 2, 0, 32);
        DataLoaderException e;
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            e = assertThrows(DataLoaderException.class, () -> it.forEachRemaining(b -> { }));
            assertTrue(it.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertTrue(e.getMessage().contains("boom on image 3"), e.getMessage());
        Throwable root = e.getCause();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalStateException.class, root);
        assertEquals("boom on image 3", root.getMessage());
    }

    @Test
    @Timeout(20)
    void interruptingTheConsumerStopsAllWorkers() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        DetDataset ds = dataset((s, rng) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);   // a stuck read
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            return s;
        });
        DataLoader loader = new DataLoader(ds, new SequentialSampler(ds.size()), 2, 2, 2, 0, 32);
        DataLoader.BatchIterator it = loader.epoch(0);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                it.next();
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        consumer.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        consumer.interrupt();
        consumer.join(10_000);
        assertFalse(consumer.isAlive());
        assertInstanceOf(DataLoaderException.class, seen.get());
        assertInstanceOf(InterruptedException.class, seen.get().getCause());
        assertTrue(it.awaitTermination(10, TimeUnit.SECONDS), "workers still running");
        assertFalse(it.hasNext());
    }
}
