/**
 * WIDER FACE's official face-detection evaluation, as {@code wider_eval.m} and its Python port
 * ({@code widerface_evaluate/evaluation.py}, used by the RetinaFace implementations) compute it:
 * AP on the easy, medium and hard subsets at IoU 0.5.
 *
 * <ul>
 *   <li>{@link org.mmdet4j.evaluation.widerface.WiderFaceEvaluator}: the evaluation over a box
 *       file, its subsets ({@code org.mmdet4j.data.widerface}) and a prediction folder;</li>
 *   <li>{@link org.mmdet4j.evaluation.widerface.WiderPredictions},
 *       {@link org.mmdet4j.evaluation.widerface.WiderPredictionFile}: the prediction layout (a
 *       folder per event, a {@code .txt} per image), read and written;</li>
 *   <li>{@link org.mmdet4j.evaluation.widerface.WiderFaceResult}: the three APs, printed as the
 *       official script prints them and written as JSON.</li>
 * </ul>
 *
 * <p>The steps keep the official arithmetic, so results agree to the last bits: float64 IoUs with
 * the "+1" pixel convention ({@code FaceOverlaps}), predictions matched in file order with
 * {@code argmax}'s first-maximum rule ({@code ImageMatch}), 1000 thresholds {@code 1 - (t+1)/1000}
 * ({@code PrCurve}), NaN precisions where no prediction passes a threshold and numpy's pairwise sum
 * ({@code VocAp}). {@code tests/python/evaluation/test_widerface_eval_parity.py} checks them
 * against a Python port to 1e-9.
 */
package org.mmdet4j.evaluation.widerface;
