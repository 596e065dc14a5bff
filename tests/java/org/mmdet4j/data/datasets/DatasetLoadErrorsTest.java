package org.mmdet4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.shapes.JpegEncoder;
import org.mmdet4j.data.transforms.LoadAnnotations;
import org.mmdet4j.data.transforms.LoadImageFromFile;

/** Unreadable images: a clear error naming the image and annotation file, or counted skips. */
class DatasetLoadErrorsTest {
    @TempDir
    Path dir;

    private Path fixture() throws Exception {
        byte[] jpg = JpegEncoder.encode(new byte[40 * 40 * 3], 40, 40);
        Files.write(dir.resolve("good.jpg"), jpg);
        Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length - 100));
        StringBuilder imgs = new StringBuilder();
        StringBuilder anns = new StringBuilder();
        String[] names = {"good.jpg", "missing.jpg", "cut.jpg"};
        for (int i = 0; i < names.length; i++) {
            imgs.append(i > 0 ? "," : "").append("{\"id\": ").append(i + 1).append(", \"file_name\": \"")
                    .append(names[i]).append("\", \"width\": 40, \"height\": 40}");
            anns.append(i > 0 ? "," : "").append("{\"id\": ").append(i + 1).append(", \"image_id\": ").append(i + 1)
                    .append(", \"category_id\": 1, \"bbox\": [1, 1, 10, 10], \"area\": 100}");
        }
        return Files.writeString(dir.resolve("ann.json"), "{\"images\": [" + imgs + "], \"annotations\": [" + anns
                + "], \"categories\": [{\"id\": 1, \"name\": \"x\"}]}");
    }

    private DetDataset dataset(boolean skip, double maxSkipRatio) throws Exception {
        return CocoDataset.load(fixture(), dir.toString(), List.of(new LoadImageFromFile(), new LoadAnnotations()),
                null, new DatasetOptions(false, true, 1, skip, maxSkipRatio));
    }

    @Test
    void missingAndTruncatedImagesNameTheImageAndTheAnnotationFile() throws Exception {
        DetDataset ds = dataset(false, 0.1);
        assertNotNull(ds.get(0, new Random(0)));
        DataLoadException missing = assertThrows(DataLoadException.class, () -> ds.get(1, new Random(0)));
        assertTrue(missing.getMessage().contains("ann.json") && missing.getMessage().contains("image id 2")
                && missing.getMessage().contains("missing.jpg") && missing.getMessage().contains("not found"),
                missing.getMessage());
        DataLoadException cut = assertThrows(DataLoadException.class, () -> ds.get(2, new Random(0)));
        assertTrue(cut.getMessage().contains("cut.jpg") && cut.getMessage().contains("truncated"), cut.getMessage());
    }

    @Test
    void skipInvalidCountsUnreadableImagesOnceEachAndKeepsTheRest() throws Exception {
        DetDataset ds = dataset(true, 1.0);
        assertNotNull(ds.get(0, new Random(0)));
        assertNull(ds.get(1, new Random(0)));
        assertNull(ds.get(2, new Random(0)));
        assertNull(ds.get(2, new Random(1)));   // the same image in a later epoch
        assertEquals(2, ds.skips().count());
        List<String> skipped = ds.skips().skipped();
        assertEquals(2, skipped.size());
        assertTrue(skipped.get(0).contains("image id 2 ('missing.jpg')") && skipped.get(0).contains("not found"),
                skipped.get(0));
        assertTrue(skipped.get(1).contains("image id 3 ('cut.jpg')") && skipped.get(1).contains("truncated"),
                skipped.get(1));
    }

    @Test
    void moreSkipsThanMaxSkipRatioAllowsFailNamingTheCount() throws Exception {
        DetDataset ds = dataset(true, 0.5);
        assertNull(ds.get(1, new Random(0)));   // 1 of 3: within one half
        DataLoadException e = assertThrows(DataLoadException.class, () -> ds.get(2, new Random(0)));
        assertTrue(e.getMessage().contains("2 of 3 images skipped as invalid, more than max_skip_ratio=0.5 allows"
                + " (the latest: ") && e.getMessage().contains("cut.jpg"), e.getMessage());
    }
}
