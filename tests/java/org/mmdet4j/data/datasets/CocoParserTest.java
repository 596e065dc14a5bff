package org.mmdet4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.mask.RleBitmaps;
import org.mmdet4j.mask.Segmentation;

class CocoParserTest {
    @TempDir
    Path dir;

    private static final String CATEGORIES = "\"categories\": [{\"id\": 1, \"name\": \"cat\"}, "
            + "{\"id\": 3, \"name\": \"dog\"}, {\"id\": 7, \"name\": \"bird\"}]";

    private Path write(String images, String annotations) throws Exception {
        return Files.writeString(dir.resolve("instances.json"),
                "{\"images\": [" + images + "], \"annotations\": [" + annotations + "], " + CATEGORIES + "}");
    }

    private static String img(int id, String name, int w, int h) {
        return "{\"id\": " + id + ", \"file_name\": \"" + name + "\", \"width\": " + w + ", \"height\": " + h + "}";
    }

    private static String ann(int id, int imageId, int cat, String bbox, String extra) {
        return "{\"id\": " + id + ", \"image_id\": " + imageId + ", \"category_id\": " + cat + ", \"bbox\": ["
                + bbox + "], \"area\": 100" + extra + "}";
    }

    private Path goodFile() throws Exception {
        return write(img(1, "a.jpg", 100, 80) + ", " + img(2, "b.jpg", 60, 60) + ", " + img(3, "c.jpg", 50, 50),
                ann(10, 1, 1, "10, 20, 30, 40", ", \"segmentation\": [[10, 20, 40, 20, 40, 60]]") + ", "
                        + ann(11, 1, 7, "0, 0, 5, 5", ", \"iscrowd\": 1") + ", "
                        + ann(12, 1, 3, "50, 50, 0.5, 10", "") + ", "                  // < 1 px wide: left out
                        + ann(13, 2, 3, "1, 2, 3, 4", ", \"segmentation\": {\"size\": [60, 60], \"counts\": [61, 2, 3537]}") + ", "
                        + ann(14, 2, 7, "5, 5, 10, 10", ", \"ignore\": 1"));
    }

    @Test
    void boxesLabelsCrowdAndMasksFollowMmdetectionRules() throws Exception {
        ParsedDataset p = CocoParser.parse(goodFile(), null, false);
        assertEquals(List.of("cat", "dog", "bird"), p.classes());
        assertTrue(p.problems().isEmpty());
        DataInfo a = p.infos().get(0);
        assertEquals("a.jpg", a.filename());
        assertArrayEquals(new float[] {10, 20, 40, 60}, a.ann().bboxes());
        assertArrayEquals(new long[] {0}, a.ann().labels());
        assertArrayEquals(new float[] {0, 0, 5, 5}, a.ann().bboxesIgnore());   // iscrowd
        assertArrayEquals(new long[] {2}, a.ann().labelsIgnore());
        assertTrue(a.ann().masks().get(0).isPolygon());
        DataInfo b = p.infos().get(1);
        assertArrayEquals(new long[] {1}, b.ann().labels());                   // category id 3 -> label 1
        Segmentation rle = b.ann().masks().get(0);
        assertFalse(rle.isPolygon());
        byte[] m = RleBitmaps.decodeRowMajor(rle.toRle(60, 60));
        // Column-major runs: 61 zeros, then 2 ones -> pixels (row 1, col 1) and (row 2, col 1).
        assertEquals(1, m[1 * 60 + 1]);
        assertEquals(1, m[2 * 60 + 1]);
        assertEquals(0, m[3 * 60 + 1]);
        assertEquals(0, p.infos().get(2).ann().count());
    }

    @Test
    void classSubsetRemapsLabelsInTheGivenOrder() throws Exception {
        ParsedDataset p = CocoParser.parse(goodFile(), List.of("bird", "cat"), false);
        assertEquals(List.of("bird", "cat"), p.classes());
        assertArrayEquals(new long[] {1}, p.infos().get(0).ann().labels());      // cat -> 1
        assertArrayEquals(new long[] {0}, p.infos().get(0).ann().labelsIgnore()); // bird -> 0
        assertEquals(0, p.infos().get(1).ann().count());                          // dog left out
        DetDataset ds = new DetDataset("instances.json", p, "", List.of(), new DatasetOptions(false, true, 10, false));
        assertEquals(1, ds.size());                                               // filter_empty_gt
        DatasetSummary sum = ds.summary();
        assertArrayEquals(new long[] {0, 1}, sum.instances());
        assertArrayEquals(new long[] {1, 0}, sum.ignored());
        assertTrue(sum.toString().contains("bird"));
    }

    @Test
    void unknownSelectedClassIsAnError() throws Exception {
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> CocoParser.parse(goodFile(), List.of("cat", "zebra"), false));
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());
    }

    private void assertProblem(Path f, String... expected) {
        ParsedDataset p = CocoParser.parse(f, null, false);
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class, () -> p.problems().finish(false));
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
    }

    @Test
    void eachKindOfBadEntryNamesFileAndAnnotation() throws Exception {
        String imgs = img(1, "a.jpg", 100, 80) + ", " + img(2, "b.jpg", 100, 80);
        String ok = ann(1, 2, 1, "1, 1, 10, 10", "");
        assertProblem(write(imgs, ok + ", " + ann(5, 1, 9, "1, 1, 10, 10", "")),
                "instances.json", "annotation id 5", "unknown category id 9");
        assertProblem(write(imgs, ok + ", " + ann(1, 1, 1, "1, 1, 10, 10", "")),
                "annotation id 1", "duplicate annotation id");
        assertProblem(write(imgs, ok + ", " + ann(6, 1, 1, "1, 1, \"NaN\", 10", "")),
                "annotation id 6", "NaN");
        assertProblem(write(imgs, ok + ", " + ann(7, 1, 1, "1, 1, -4, 10", "")),
                "annotation id 7", "negative width/height");
        assertProblem(write(imgs, ok + ", " + ann(8, 1, 1, "200, 10, 10, 10", "")),
                "annotation id 8", "outside the 100x80 image");
        assertProblem(write(imgs, ok + ", " + ann(9, 4, 1, "1, 1, 10, 10", "")),
                "annotation id 9", "unknown image id 4");
        assertProblem(write(imgs + ", " + img(3, "z.jpg", 0, 10), ok),
                "image id 3", "z.jpg", "zero-size image");
    }

    @Test
    void malformedMasksNameFileAndAnnotation() throws Exception {
        String imgs = img(1, "a.jpg", 10, 10) + ", " + img(2, "b.jpg", 10, 10);
        String ok = ann(1, 2, 1, "1, 1, 5, 5", "");
        String box = "1, 1, 5, 5";
        assertProblem(write(imgs, ok + ", " + ann(2, 1, 1, box, ", \"segmentation\": [[1, 1, 4, 1, 4]]")),
                "instances.json", "annotation id 2", "polygon needs an even number (>= 6) of coordinates, got 5");
        assertProblem(write(imgs, ok + ", " + ann(3, 1, 1, box, ", \"segmentation\": []")),
                "annotation id 3", "segmentation has no polygon");
        String rle = ", \"segmentation\": {\"size\": [10, 10], \"counts\": ";
        assertProblem(write(imgs, ok + ", " + ann(4, 1, 1, box, rle + "\"5:e2 \"}")),
                "annotation id 4", "invalid character ' ' in RLE string at 4");
        assertProblem(write(imgs, ok + ", " + ann(5, 1, 1, box, rle + "\"5P\"}")),
                "annotation id 5", "truncated RLE string");
        assertProblem(write(imgs, ok + ", " + ann(6, 1, 1, box, rle + "[5, 10]}")),
                "annotation id 6", "RLE counts sum to 15, expected 10*10 = 100");
        assertProblem(write(imgs, ok + ", " + ann(7, 1, 1, box, rle + "[5, -10, 105]}")),
                "annotation id 7", "negative run length -10");
        assertProblem(write(imgs, ok + ", " + ann(8, 1, 1, box, rle + "[5, 2.5, 92.5]}")),
                "annotation id 8", "RLE counts hold 2.5");
        assertProblem(write(imgs, ok + ", " + ann(9, 1, 1, box,
                ", \"segmentation\": {\"size\": [0, 10], \"counts\": []}")),
                "annotation id 9", "RLE segmentation needs a size [height, width] > 0, got [0,10]");
    }

    @Test
    void nanWidthWrittenAsJsonNaNIsReported() throws Exception {
        // Python's json.dump writes NaN literally (not valid JSON); it is read and reported.
        Path f = write(img(1, "a.jpg", 100, 80), ann(1, 1, 1, "1, 1, 5, 5", "") + ", " + ann(2, 1, 1, "1, 1, NaN, 10", ""));
        assertProblem(f, "instances.json", "annotation id 2", "NaN");
    }

    @Test
    void emptyAnnotationListIsAnErrorOutsideTestMode() throws Exception {
        Path f = write(img(1, "a.jpg", 100, 80), "");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> CocoParser.parse(f, null, false));
        assertTrue(e.getMessage().contains("instances.json") && e.getMessage().contains("empty"), e.getMessage());
        assertEquals(1, CocoParser.parse(f, null, true).infos().size());
    }

    @Test
    void skipInvalidLeavesOutEachImageWithAnInvalidEntryAndCountsIt() throws Exception {
        String imgs = img(1, "a.jpg", 100, 80) + ", " + img(2, "b.jpg", 100, 80) + ", " + img(3, "z.jpg", 0, 0)
                + ", " + img(4, "c.jpg", 100, 80);
        Path f = write(imgs, ann(1, 1, 1, "1, 1, 10, 10", "") + ", " + ann(2, 1, 9, "1, 1, 10, 10", "") + ", "
                + ann(3, 2, 3, "5, 5, -1, 3", "") + ", " + ann(4, 2, 3, "5, 5, 20, 30", "") + ", "
                + ann(4, 2, 1, "1, 1, 2, 2", "") + ", " + ann(5, 4, 1, "5, 5, 20, 30", ""));
        ParsedDataset p = CocoParser.parse(f, null, false);
        assertEquals(4, p.problems().problems().size());   // zero-size, duplicate id, unknown category, negative
        DetDataset ds = new DetDataset(f.toString(), p, "", List.of(), new DatasetOptions(false, true, 1, true, 1.0));
        // a.jpg (unknown category) and b.jpg (negative box) are left out whole, not just their bad boxes.
        assertEquals(1, ds.size());
        assertEquals("c.jpg", ds.info(0).filename());
        assertArrayEquals(new float[] {5, 5, 25, 35}, ds.info(0).ann().bboxes());
        assertEquals(List.of(
                f + ": image id 3 ('z.jpg'): zero-size image (width=0, height=0)",
                f + ": image id 1 ('a.jpg'): annotation id 2 (image id 1): unknown category id 9; categories: [1, 3, 7]",
                f + ": image id 2 ('b.jpg'): annotation id 3 (image id 2): bbox has negative width/height "
                        + "(w=-1.0, h=3.0)"), ds.skips().skipped());
        assertEquals(3, ds.skips().count());

        DataLoadException tooMany = assertThrows(DataLoadException.class, () -> new DetDataset(f.toString(),
                CocoParser.parse(f, null, false), "", List.of(), new DatasetOptions(false, true, 1, true, 0.5)));
        assertTrue(tooMany.getMessage().startsWith(f + ": 3 of 4 images skipped as invalid, more than "
                + "max_skip_ratio=0.5 allows"), tooMany.getMessage());

        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> new DetDataset(f.toString(), CocoParser.parse(f, null, false), "", List.of(),
                        DatasetOptions.train()));
        assertTrue(e.getMessage().startsWith(f + ": image id 3 ('z.jpg'): zero-size image"), e.getMessage());
        assertTrue(e.getMessage().contains("and 3 more"), e.getMessage());
    }
}
