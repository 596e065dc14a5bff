package org.mmdet4j.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.evaluation.coco.CocoDetections;
import org.mmdet4j.evaluation.coco.CocoEvalResult;
import org.mmdet4j.evaluation.coco.IouType;

/**
 * mmdetection's {@code CocoDataset.evaluate(metric='bbox')}: {@link CocoMetricsEvaluator} with
 * the box metrics only ({@code bbox_mAP, bbox_mAP_50, bbox_mAP_75, bbox_mAP_s, bbox_mAP_m,
 * bbox_mAP_l} and {@code bbox_mAP_copypaste}).
 */
public final class CocoBboxEvaluator implements Evaluator {
    private final CocoMetricsEvaluator coco;

    public CocoBboxEvaluator(DetDataset dataset, Path annFile) {
        this.coco = new CocoMetricsEvaluator(dataset, annFile, List.of(IouType.BBOX));
    }

    @Override
    public Map<String, Object> evaluate(List<Detections> results) {
        return coco.evaluate(results);
    }

    /** The full COCO evaluation of {@code results} (one entry per dataset image, in order). */
    public CocoEvalResult result(List<Detections> results) {
        return coco.result(results, IouType.BBOX);
    }

    /** {@code results} as COCO detections: dataset image ids, category ids, {@code [x, y, w, h]} boxes. */
    public CocoDetections toCoco(List<Detections> results) {
        return coco.toCoco(results, IouType.BBOX, true);
    }
}
