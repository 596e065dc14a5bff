package org.mmdet4j.evaluation.widerface;

import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;
import org.mmdet4j.data.widerface.WiderSubsets;
import org.mmdet4j.evaluation.EvaluationException;

/**
 * WIDER FACE's official evaluation ({@code wider_eval.m} and its Python port
 * {@code widerface_evaluate/evaluation.py}): scores normalised over the whole prediction set
 * ({@link ScoreRange}); per subset and image, predictions matched at IoU 0.5 with the faces the
 * subset does not keep as "ignore" ({@link ImageMatch}); a 1000-threshold precision-recall curve
 * summed over images ({@link PrCurve}); its VOC-style area ({@link VocAp}).
 *
 * <p>Every kept face counts towards recall, also in an image without predictions. An image
 * without faces or without predictions adds nothing else: predictions on an image without faces
 * are not false positives (the official {@code continue}). An image whose faces are all
 * unkept is still matched, so its predictions that hit no face are false positives.
 *
 * <p>Every ground-truth image needs a prediction file (the official script fails on a missing
 * one); an empty file (count 0) is an image without predictions.
 */
public final class WiderFaceEvaluator {
    /** The official {@code iou_thresh}. */
    public static final double IOU_THRESHOLD = 0.5;
    /** The official {@code thresh_num}. */
    public static final int THRESHOLDS = 1000;

    private final double iouThreshold;
    private final int thresholds;

    public WiderFaceEvaluator() {
        this(IOU_THRESHOLD, THRESHOLDS);
    }

    WiderFaceEvaluator(double iouThreshold, int thresholds) {
        this.iouThreshold = iouThreshold;
        this.thresholds = thresholds;
    }

    /**
     * @throws EvaluationException naming the first ground-truth image (and its line) that no
     *                             prediction file names
     */
    public WiderFaceResult evaluate(WiderBoxFile boxes, WiderSubsets subsets, WiderPredictions predictions) {
        ScoreRange range = ScoreRange.of(predictions.images());
        List<WiderBoxImage> images = boxes.images();
        List<double[]> faces = new ArrayList<>(images.size());
        List<WiderImagePredictions> preds = new ArrayList<>(images.size());
        for (WiderBoxImage im : images) {
            WiderImagePredictions p = predictions.find(im);
            if (p == null) {
                throw new EvaluationException("no prediction file names image '" + im.name() + "' ("
                        + im.where(boxes.file()) + "): expected " + expectedFile(predictions, im));
            }
            preds.add(p.size() == 0 ? p : range.apply(p));
            faces.add(xywh(im.faces()));
        }
        List<WiderSubset> all = subsets.all();
        double[] ap = new double[all.size()];
        for (int s = 0; s < ap.length; s++) {
            ap[s] = subsetAp(all.get(s), images, faces, preds);
        }
        return new WiderFaceResult(ap[0], ap[1], ap[2], range);
    }

    private double subsetAp(WiderSubset subset, List<WiderBoxImage> images, List<double[]> faces,
            List<WiderImagePredictions> preds) {
        PrCurve curve = new PrCurve(thresholds);
        long countFace = 0;
        for (int j = 0; j < images.size(); j++) {
            WiderBoxImage im = images.get(j);
            int[] keep = subset.keep(im);
            countFace += keep.length;
            WiderImagePredictions p = preds.get(j);
            if (im.faces().isEmpty() || p.size() == 0) {
                continue;
            }
            boolean[] kept = new boolean[im.faces().size()];
            for (int index : keep) {
                kept[index - 1] = true;
            }
            ImageMatch match = ImageMatch.of(p.boxes(), faces.get(j), kept, iouThreshold);
            double[] scores = new double[p.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p.score(i);
            }
            curve.add(scores, match);
        }
        return curve.ap(countFace);
    }

    private static double[] xywh(List<WiderBox> faces) {
        double[] b = new double[4 * faces.size()];
        for (int k = 0; k < faces.size(); k++) {
            WiderBox f = faces.get(k);
            b[4 * k] = f.x();
            b[4 * k + 1] = f.y();
            b[4 * k + 2] = f.w();
            b[4 * k + 3] = f.h();
        }
        return b;
    }

    private static String expectedFile(WiderPredictions predictions, WiderBoxImage im) {
        String name = im.name().substring(im.name().lastIndexOf('/') + 1);
        String where = predictions.dir() == null ? im.event()
                : predictions.dir().resolve(im.event()).toString();
        return where + "/" + WiderBoxImage.key(name) + ".txt with '" + name + "' on its first line";
    }
}
