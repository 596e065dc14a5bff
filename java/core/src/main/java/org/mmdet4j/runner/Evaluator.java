package org.mmdet4j.runner;

import java.util.List;
import java.util.Map;

/**
 * Scores detections of a whole dataset, as mmdetection's {@code dataset.evaluate}: results are
 * in dataset index order, and the returned metrics use mmdetection's names
 * ({@code bbox_mAP}, {@code bbox_mAP_50}, ...) in the order they should be logged.
 */
public interface Evaluator {
    Map<String, Object> evaluate(List<Detections> results);
}
