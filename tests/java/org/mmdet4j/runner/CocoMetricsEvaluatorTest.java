package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.CocoDataset;
import org.mmdet4j.data.datasets.DatasetOptions;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.evaluation.coco.IouType;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleCodec;

/** Box and mask results of a dataset: the segm results file and COCO evaluation of both. */
class CocoMetricsEvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path ann;
    private DetDataset dataset;

    @BeforeEach
    void shapes() throws Exception {
        List<ShapesImage> images = new ShapesGenerator(11).split("val", 3);
        ann = ShapesWriter.writeCoco(dir, "val", images);
        dataset = CocoDataset.load(ann, dir.resolve("JPEGImages").toString(), List.of(), null, DatasetOptions.test());
    }

    /** The annotation file's own objects as detections: boxes, and masks rasterized as COCO does. */
    private List<Detections> groundTruthAsDetections() throws Exception {
        JsonNode root = JSON.readTree(ann.toFile());
        Map<Long, int[]> sizes = new HashMap<>();
        root.get("images").forEach(im -> sizes.put(im.get("id").asLong(),
                new int[] {im.get("height").asInt(), im.get("width").asInt()}));
        Map<Long, List<JsonNode>> byImage = new HashMap<>();
        root.get("annotations").forEach(a -> byImage.computeIfAbsent(a.get("image_id").asLong(),
                k -> new ArrayList<>()).add(a));
        List<Detections> results = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            long id = Long.parseLong(dataset.info(i).id());
            List<JsonNode> anns = byImage.getOrDefault(id, List.of());
            int n = anns.size();
            float[] boxes = new float[4 * n];
            float[] scores = new float[n];
            int[] labels = new int[n];
            Rle[] masks = new Rle[n];
            for (int k = 0; k < n; k++) {
                JsonNode a = anns.get(k);
                JsonNode b = a.get("bbox");
                boxes[4 * k] = (float) b.get(0).asDouble();
                boxes[4 * k + 1] = (float) b.get(1).asDouble();
                boxes[4 * k + 2] = (float) (b.get(0).asDouble() + b.get(2).asDouble());
                boxes[4 * k + 3] = (float) (b.get(1).asDouble() + b.get(3).asDouble());
                scores[k] = 1f - 0.01f * k;
                labels[k] = a.get("category_id").asInt() - 1;  // shapes categories are 1, 2, 3 in class order
                JsonNode poly = a.get("segmentation").get(0);
                double[] xy = new double[poly.size()];
                for (int j = 0; j < xy.length; j++) {
                    xy[j] = poly.get(j).asDouble();
                }
                masks[k] = PolygonRasterizer.fromPolygon(xy, sizes.get(id)[0], sizes.get(id)[1]);
            }
            results.add(new Detections(boxes, scores, labels, masks));
        }
        return results;
    }

    @Test
    void perfectBoxesAndMasksScoreOneOnBothMetrics() throws Exception {
        CocoMetricsEvaluator evaluator = new CocoMetricsEvaluator(dataset, ann, List.of(IouType.BBOX, IouType.SEGM));
        Map<String, Object> metrics = evaluator.evaluate(groundTruthAsDetections());
        assertEquals(List.of("bbox_mAP", "bbox_mAP_50", "bbox_mAP_75", "bbox_mAP_s", "bbox_mAP_m", "bbox_mAP_l",
                "bbox_mAP_copypaste", "segm_mAP", "segm_mAP_50", "segm_mAP_75", "segm_mAP_s", "segm_mAP_m",
                "segm_mAP_l", "segm_mAP_copypaste"), new ArrayList<>(metrics.keySet()));
        assertEquals(1.0, (double) metrics.get("bbox_mAP"), 1e-12, metrics::toString);
        assertEquals(1.0, (double) metrics.get("segm_mAP"), 1e-12, metrics::toString);
    }

    @Test
    void masksAreScoredByTheirPixelsNotTheirBoxes() throws Exception {
        // Boxes shifted by half their size miss (IoU 1/3), the masks still match exactly.
        List<Detections> shifted = new ArrayList<>();
        for (Detections d : groundTruthAsDetections()) {
            float[] b = d.boxes().clone();
            for (int k = 0; k < d.size(); k++) {
                float half = (b[4 * k + 2] - b[4 * k]) / 2;
                b[4 * k] += half;
                b[4 * k + 2] += half;
            }
            shifted.add(new Detections(b, d.scores(), d.labels(), d.masks()));
        }
        Map<String, Object> metrics = new CocoMetricsEvaluator(dataset, ann, List.of(IouType.BBOX, IouType.SEGM))
                .evaluate(shifted);
        assertEquals(0.0, (double) metrics.get("bbox_mAP"), 1e-12, metrics::toString);
        assertEquals(1.0, (double) metrics.get("segm_mAP"), 1e-12, metrics::toString);
    }

    @Test
    void segmResultsFileHasMmdetectionsFields() throws Exception {
        // A 3x3 mask whose columns are 0 1 1 | 1 1 1 | 0 0 1: runs [1, 5, 2, 1]. COCO's compressed
        // string: 1, 5, 2 as single characters ('0' + n), then the fourth run relative to the second,
        // 1 - 5 = -4, as the 5-bit chunk 28 without continuation: '0' + 28 = 'L'.
        Rle mask = new Rle(3, 3, new int[] {1, 5, 2, 1});
        Detections one = new Detections(new float[] {1, 2, 4, 6}, new float[] {0.75f}, new int[] {2},
                new Rle[] {mask});
        Detections none = new Detections(new float[0], new float[0], new int[0], new Rle[0]);
        CocoMetricsEvaluator evaluator = new CocoMetricsEvaluator(dataset, ann, List.of(IouType.BBOX));
        Path file = dir.resolve("results.segm.json");
        evaluator.toCoco(List.of(none, one, none), IouType.SEGM, true).write(file);

        JsonNode results = JSON.readTree(file.toFile());
        assertEquals(1, results.size());
        JsonNode r = results.get(0);
        List<String> fields = new ArrayList<>();
        r.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("image_id", "category_id", "bbox", "score", "segmentation"), fields);
        assertEquals(Long.parseLong(dataset.info(1).id()), r.get("image_id").asLong());
        assertEquals(3, r.get("category_id").asLong());  // triangle
        assertEquals("[1.0,2.0,3.0,4.0]", r.get("bbox").toString());
        assertEquals(0.75, r.get("score").asDouble(), 1e-7);
        assertEquals("{\"size\":[3,3],\"counts\":\"152L\"}", r.get("segmentation").toString());
        assertArrayEquals(mask.counts(), RleCodec.decode("152L", 3, 3).counts());
    }

    @Test
    void segmWithoutMasksIsAnError() {
        CocoMetricsEvaluator evaluator = new CocoMetricsEvaluator(dataset, ann, List.of(IouType.SEGM));
        Detections boxOnly = new Detections(new float[] {1, 2, 4, 6}, new float[] {0.5f}, new int[] {0});
        Detections none = new Detections(new float[0], new float[0], new int[0]);
        String e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.evaluate(List.of(boxOnly, none, none))).getMessage();
        assertTrue(e.contains("segm needs masks"), e);
    }

    @Test
    void metricNamesFromConfigs() {
        assertEquals(List.of(IouType.BBOX), CocoMetricsEvaluator.parseMetrics(null, "evaluation.metric"));
        assertEquals(List.of(IouType.SEGM), CocoMetricsEvaluator.parseMetrics("segm", "evaluation.metric"));
        assertEquals(List.of(IouType.BBOX, IouType.SEGM),
                CocoMetricsEvaluator.parseMetrics(List.of("bbox", "segm", "bbox"), "evaluation.metric"));
        String e = assertThrows(RuntimeException.class,
                () -> CocoMetricsEvaluator.parseMetrics(List.of("bbox", "proposal"), "evaluation.metric")).getMessage();
        assertTrue(e.startsWith("evaluation.metric: only 'bbox' and 'segm'"), e);
    }
}
