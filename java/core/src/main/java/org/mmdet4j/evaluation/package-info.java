/**
 * Evaluation of detection results.
 *
 * <ul>
 *   <li>{@code coco}: COCO {@code bbox}/{@code segm} metrics with pycocotools' numbers
 *       ({@link org.mmdet4j.evaluation.coco.CocoEvaluator}), the annotation and results files
 *       ({@link org.mmdet4j.evaluation.coco.CocoGroundTruth},
 *       {@link org.mmdet4j.evaluation.coco.CocoDetections}) and the JSON report.</li>
 *   <li>{@code voc}: mean AP as mmdetection's {@code eval_map}.</li>
 *   <li>{@code recall}: proposal recall as mmdetection's {@code eval_recalls}.</li>
 *   <li>{@code widerface}: WIDER FACE's official easy / medium / hard AP
 *       ({@link org.mmdet4j.evaluation.widerface.WiderFaceEvaluator}) and its prediction layout.</li>
 *   <li>the {@code mmdet4j eval} sub-command ({@code org.mmdet4j.cli.evaluation.EvalCommand} in mmdet4j-cli).</li>
 * </ul>
 *
 * <p>Masks (RLE, polygon rasterisation, IoU) come from {@link org.mmdet4j.mask}, which the data
 * pipeline shares. Parity with pycocotools is checked by {@code tests/python/evaluation}; speed by
 * {@code benchmarks/evaluation/coco_eval_benchmark.py}.
 */
package org.mmdet4j.evaluation;
