package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.evaluation.coco.CocoDetections;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.CocoEvaluator;
import org.mmdet4j.evaluation.coco.CocoGroundTruth;
import org.mmdet4j.evaluation.coco.IouType;

/**
 * mmdetection's {@code CocoDataset.evaluate(metric='bbox')}: detections are mapped to COCO
 * image ids (the dataset's image ids) and category ids (the category named like each class),
 * boxes to {@code [x, y, w, h]}, and scored against the annotation file with the Java COCO
 * evaluator. Metrics: {@code bbox_mAP, bbox_mAP_50, bbox_mAP_75, bbox_mAP_s, bbox_mAP_m,
 * bbox_mAP_l} and {@code bbox_mAP_copypaste}.
 */
public final class CocoBboxEvaluator implements Evaluator {
    private static final String[] NAMES = {"mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"};

    private final DetDataset dataset;
    private final CocoGroundTruth gt;
    private final long[] catIds;

    public CocoBboxEvaluator(DetDataset dataset, Path annFile) {
        this.dataset = dataset;
        this.gt = CocoGroundTruth.read(annFile, IouType.BBOX);
        List<String> classes = dataset.classes();
        catIds = new long[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            catIds[c] = -1;
            for (long id : gt.categoryIds()) {
                if (classes.get(c).equals(gt.categoryName(id))) {
                    catIds[c] = id;
                }
            }
            if (catIds[c] < 0) {
                throw new IllegalArgumentException("class '" + classes.get(c) + "' is not a category of " + annFile);
            }
        }
    }

    @Override
    public Map<String, Object> evaluate(List<Detections> results) {
        CocoEvalResult r = result(results);
        Map<String, Object> m = new LinkedHashMap<>();
        StringBuilder copy = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            double v = Double.parseDouble(String.format(Locale.ROOT, "%.3f", r.stats()[i]));
            m.put("bbox_" + NAMES[i], v);
            copy.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", r.stats()[i]));
        }
        m.put("bbox_mAP_copypaste", copy.toString());
        return m;
    }

    /** The full COCO evaluation of {@code results} (one entry per dataset image, in order). */
    public CocoEvalResult result(List<Detections> results) {
        return new CocoEvaluator(gt, toCoco(results), IouType.BBOX).evaluate();
    }

    /** {@code results} as COCO detections: dataset image ids, category ids, {@code [x, y, w, h]} boxes. */
    public CocoDetections toCoco(List<Detections> results) {
        if (results.size() != dataset.size()) {
            throw new IllegalArgumentException("got results for " + results.size() + " images, the dataset has "
                    + dataset.size());
        }
        CocoDetections.Builder dets = new CocoDetections.Builder("predictions");
        for (int i = 0; i < results.size(); i++) {
            long imageId = Long.parseLong(dataset.info(i).id());
            Detections d = results.get(i);
            for (int k = 0; k < d.size(); k++) {
                float[] b = d.boxes();
                double x1 = b[4 * k], y1 = b[4 * k + 1];
                dets.add(imageId, catIds[d.labels()[k]], new double[] {x1, y1, b[4 * k + 2] - x1, b[4 * k + 3] - y1},
                        d.scores()[k]);
            }
        }
        return dets.build();
    }
}
