package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.evaluation.coco.CocoDetections;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.CocoEvaluator;
import org.mmdet4j.evaluation.coco.CocoGroundTruth;
import org.mmdet4j.evaluation.coco.IouType;

/**
 * mmdetection's {@code CocoDataset.evaluate(metric=['bbox', 'segm'])}: detections are mapped to
 * COCO image ids (the dataset's image ids) and category ids (the category named like each
 * class), boxes to {@code [x, y, w, h]}, masks as compressed RLE, and scored against the
 * annotation file with the Java COCO evaluator. Metrics per type, in the order asked:
 * {@code <type>_mAP, _mAP_50, _mAP_75, _mAP_s, _mAP_m, _mAP_l} and {@code <type>_mAP_copypaste}.
 */
public final class CocoMetricsEvaluator implements Evaluator {
    private static final String[] NAMES = {"mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"};

    private final DetDataset dataset;
    private final List<IouType> metrics;
    private final CocoGroundTruth gt;
    private final long[] catIds;

    /** Reads the annotation file once; with its masks when {@code segm} is among the metrics. */
    public CocoMetricsEvaluator(DetDataset dataset, Path annFile, List<IouType> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metric to evaluate");
        }
        this.dataset = dataset;
        this.metrics = List.copyOf(metrics);
        this.gt = CocoGroundTruth.read(annFile, metrics.contains(IouType.SEGM) ? IouType.SEGM : IouType.BBOX);
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

    /**
     * The metric names of a config's {@code evaluation.metric} or {@code --eval}: a string or a
     * list of {@code bbox} and {@code segm}; anything else is an error at {@code path}.
     */
    public static List<IouType> parseMetrics(Object metric, String path) {
        List<?> names = metric == null ? List.of("bbox") : metric instanceof List<?> l ? l : List.of(metric);
        List<IouType> types = new ArrayList<>();
        for (Object name : names) {
            if (!"bbox".equals(name) && !"segm".equals(name)) {
                throw ConfigException.atPath(path, "only 'bbox' and 'segm' are evaluated on COCO data, got " + name);
            }
            IouType type = IouType.fromLabel((String) name);
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        if (types.isEmpty()) {
            throw ConfigException.atPath(path, "no metric given");
        }
        return types;
    }

    public List<IouType> metrics() {
        return metrics;
    }

    @Override
    public Map<String, Object> evaluate(List<Detections> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (IouType type : metrics) {
            CocoEvalResult r = result(results, type);
            StringBuilder copy = new StringBuilder();
            for (int i = 0; i < NAMES.length; i++) {
                double v = Double.parseDouble(String.format(Locale.ROOT, "%.3f", r.stats()[i]));
                m.put(type.label() + "_" + NAMES[i], v);
                copy.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", r.stats()[i]));
            }
            m.put(type.label() + "_mAP_copypaste", copy.toString());
        }
        return m;
    }

    /** The full COCO evaluation of {@code results} (one entry per dataset image, in order). */
    public CocoEvalResult result(List<Detections> results, IouType type) {
        // As mmdetection (since v2.12), masks are scored without their boxes, so that the area
        // ranges (small, medium, large) use the mask area rather than the box area.
        return new CocoEvaluator(gt, toCoco(results, type, type == IouType.BBOX), type).evaluate();
    }

    /**
     * {@code results} as COCO detections: dataset image ids, category ids, {@code [x, y, w, h]}
     * boxes and, for {@code segm}, the masks. {@code withBox} keeps the boxes of mask
     * detections, as mmdetection's {@code results2json} writes them.
     */
    public CocoDetections toCoco(List<Detections> results, IouType type, boolean withBox) {
        if (results.size() != dataset.size()) {
            throw new IllegalArgumentException("got results for " + results.size() + " images, the dataset has "
                    + dataset.size());
        }
        CocoDetections.Builder dets = new CocoDetections.Builder("predictions");
        for (int i = 0; i < results.size(); i++) {
            long imageId = Long.parseLong(dataset.info(i).id());
            Detections d = results.get(i);
            if (type == IouType.SEGM && d.size() > 0 && !d.hasMasks()) {
                throw new IllegalArgumentException("segm needs masks, but the detections of image " + imageId
                        + " have none (a model without a mask head?)");
            }
            for (int k = 0; k < d.size(); k++) {
                float[] b = d.boxes();
                double x1 = b[4 * k];
                double y1 = b[4 * k + 1];
                double[] box = {x1, y1, b[4 * k + 2] - x1, b[4 * k + 3] - y1};
                long category = catIds[d.labels()[k]];
                if (type == IouType.BBOX) {
                    dets.add(imageId, category, box, d.scores()[k]);
                } else {
                    dets.add(imageId, category, withBox ? box : null, d.scores()[k], d.masks()[k]);
                }
                if (d.hasLandmarks()) {
                    dets.withKeypoints(cocoKeypoints(d, k));
                }
            }
        }
        return dets.build();
    }

    /** Detection {@code k}'s landmarks as COCO keypoint results: (x, y, 1) per point. */
    private static double[] cocoKeypoints(Detections d, int k) {
        int points = d.landmarksPerDetection();
        double[] xyv = new double[3 * points];
        for (int p = 0; p < points; p++) {
            xyv[3 * p] = d.landmarks()[2 * (k * points + p)];
            xyv[3 * p + 1] = d.landmarks()[2 * (k * points + p) + 1];
            xyv[3 * p + 2] = 1;
        }
        return xyv;
    }
}
