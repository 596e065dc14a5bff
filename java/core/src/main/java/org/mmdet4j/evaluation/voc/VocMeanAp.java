package org.mmdet4j.evaluation.voc;

import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.evaluation.util.NumpySum;
import org.mmdet4j.evaluation.util.StableSort;

/**
 * Mean average precision as mmdetection's {@code eval_map} with its default {@code tpfp_default}
 * matching: per class, detections by descending score take the ground truth of highest IoU if it
 * reaches the threshold and is not yet taken; a detection whose best match is an ignored
 * ("difficult") box, or with area range outside the range, counts neither way.
 *
 * <p>Arithmetic follows mmdetection's dtypes: IoUs, areas and precisions in float32, recalls in
 * float64, AP accumulated in float64 and stored as float32, the mean in float32. Ties in score
 * are broken by input order (numpy's default sort leaves that order unspecified).
 */
public final class VocMeanAp {
    /** AP as the area under the monotone PR curve, or the VOC2007 mean over 11 recall points. */
    public enum Mode { AREA, ELEVEN_POINTS }

    private final int numClasses;
    private final double iouThr;
    private final double[][] scaleRanges;
    private final Mode mode;
    private final boolean legacy;

    /**
     * @param scaleRanges null, or {@code {min, max}} pairs of box scale (sqrt of area): a range
     *                    (32, 64) evaluates boxes of area in [32^2, 64^2)
     */
    public VocMeanAp(int numClasses, double iouThr, double[][] scaleRanges, Mode mode, boolean legacy) {
        this.numClasses = numClasses;
        this.iouThr = iouThr;
        this.scaleRanges = scaleRanges;
        this.mode = mode;
        this.legacy = legacy;
    }

    /** PASCAL VOC defaults: IoU 0.5, no scale ranges, area mode (VOC2012 and later). */
    public static VocMeanAp voc(int numClasses, Mode mode) {
        return new VocMeanAp(numClasses, 0.5, null, mode, false);
    }

    public VocResult evaluate(List<VocImage> images) {
        int numScales = scaleRanges == null ? 1 : scaleRanges.length;
        float[] minArea = new float[numScales];
        float[] maxArea = new float[numScales];
        for (int s = 0; s < numScales; s++) {
            // Python floats compared with float32 arrays act as float32 (numpy's weak scalars).
            minArea[s] = scaleRanges == null ? Float.NEGATIVE_INFINITY : (float) (scaleRanges[s][0] * scaleRanges[s][0]);
            maxArea[s] = scaleRanges == null ? Float.POSITIVE_INFINITY : (float) (scaleRanges[s][1] * scaleRanges[s][1]);
        }
        List<VocResult.ClassResult> classes = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            classes.add(evaluateClass(images, c, numScales, minArea, maxArea));
        }
        double[] meanAp = new double[numScales];
        for (int s = 0; s < numScales; s++) {
            float[] aps = new float[numClasses];
            int n = 0;
            for (VocResult.ClassResult r : classes) {
                if (r.numGts()[s] > 0) {
                    aps[n++] = r.ap()[s];
                }
            }
            // np.array(float32 APs).mean(): float32 pairwise sum, float32 division.
            meanAp[s] = n == 0 ? 0.0 : NumpySum.sum(aps, 0, n) / n;
        }
        return new VocResult(meanAp, classes);
    }

    private VocResult.ClassResult evaluateClass(List<VocImage> images, int cls, int numScales,
            float[] minArea, float[] maxArea) {
        int total = 0;
        for (VocImage im : images) {
            total += detections(im, cls).length / 5;
        }
        double[] scores = new double[total];
        byte[][] tp = new byte[numScales][total];
        byte[][] fp = new byte[numScales][total];
        int[] numGts = new int[numScales];
        float fThr = (float) iouThr;
        int offset = 0;
        for (VocImage im : images) {
            double[] dets = detections(im, cls);
            int nd = dets.length / 5;
            double[] gts = select(im.gtBoxes(), im.gtLabels(), cls);
            double[] ign = select(im.ignoreBoxes(), im.ignoreLabels(), cls);
            int ng = gts.length / 4, ni = ign.length / 4, nAll = ng + ni;
            for (int g = 0; g < ng; g++) {
                float area = BoxOverlaps.area(gts, 4 * g, legacy);
                for (int s = 0; s < numScales; s++) {
                    if (area >= minArea[s] && area < maxArea[s]) {
                        numGts[s]++;
                    }
                }
            }
            double[] all = new double[4 * nAll];
            System.arraycopy(gts, 0, all, 0, gts.length);
            System.arraycopy(ign, 0, all, gts.length, ign.length);
            float[] ious = BoxOverlaps.iou(dets, 5, nd, all, 4, nAll, legacy);
            int[] order = new int[nd];
            double[] sc = new double[nd];
            for (int i = 0; i < nd; i++) {
                order[i] = i;
                sc[i] = dets[5 * i + 4];
                scores[offset + i] = sc[i];
            }
            StableSort.byKeyDescending(order, sc);
            for (int s = 0; s < numScales; s++) {
                boolean[] covered = new boolean[nAll];
                for (int i : order) {
                    float detArea = BoxOverlaps.area(dets, 5 * i, legacy);
                    boolean inRange = detArea >= minArea[s] && detArea < maxArea[s];
                    if (nAll == 0) {
                        fp[s][offset + i] = (byte) (inRange ? 1 : 0);
                        continue;
                    }
                    int best = 0; // argmax: the first maximum
                    for (int g = 1; g < nAll; g++) {
                        if (ious[i * nAll + g] > ious[i * nAll + best]) {
                            best = g;
                        }
                    }
                    if (ious[i * nAll + best] >= fThr) {
                        float gtArea = BoxOverlaps.area(all, 4 * best, legacy);
                        boolean ignored = best >= ng || gtArea < minArea[s] || gtArea >= maxArea[s];
                        if (!ignored) {
                            if (!covered[best]) {
                                covered[best] = true;
                                tp[s][offset + i] = 1;
                            } else {
                                fp[s][offset + i] = 1;
                            }
                        }
                    } else if (inRange) {
                        fp[s][offset + i] = 1;
                    }
                }
            }
            offset += nd;
        }
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        StableSort.byKeyDescending(order, scores);
        float eps = Math.ulp(1f); // np.finfo(np.float32).eps
        float[] ap = new float[numScales];
        double[] lastRecall = new double[numScales];
        for (int s = 0; s < numScales; s++) {
            double[] recalls = new double[total];
            float[] precisions = new float[total];
            float ctp = 0, cfp = 0;
            for (int j = 0; j < total; j++) {
                ctp += tp[s][order[j]];
                cfp += fp[s][order[j]];
                recalls[j] = ctp / Math.max((double) numGts[s], eps);
                precisions[j] = ctp / Math.max(ctp + cfp, eps);
            }
            lastRecall[s] = total > 0 ? recalls[total - 1] : 0;
            ap[s] = mode == Mode.AREA ? areaAp(recalls, precisions) : elevenPointAp(recalls, precisions);
        }
        return new VocResult.ClassResult(numGts, total, lastRecall, ap);
    }

    /** {@code average_precision(mode='area')}. */
    static float areaAp(double[] rec, float[] prec) {
        int n = rec.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = rec[i];
            mpre[i + 1] = prec[i];
        }
        for (int i = n + 1; i > 0; i--) {
            mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
        }
        double[] terms = new double[n + 1];
        int k = 0;
        for (int i = 0; i < n + 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                terms[k++] = (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return (float) NumpySum.sum(terms, 0, k);
    }

    /** {@code average_precision(mode='11points')}: float32 accumulation as mmdetection. */
    static float elevenPointAp(double[] rec, float[] prec) {
        float ap = 0;
        for (int t = 0; t < 11; t++) {
            double thr = t * 0.1; // np.arange(0, 1 + 1e-3, 0.1)
            float best = 0;
            for (int i = 0; i < rec.length; i++) {
                if (rec[i] >= thr) {
                    best = Math.max(best, prec[i]);
                }
            }
            ap += best;
        }
        return ap / 11;
    }

    private double[] detections(VocImage im, int cls) {
        return cls < im.detections().length ? im.detections()[cls] : new double[0];
    }

    private static double[] select(double[] boxes, int[] labels, int cls) {
        int n = 0;
        for (int l : labels) {
            if (l == cls) {
                n++;
            }
        }
        double[] out = new double[4 * n];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == cls) {
                System.arraycopy(boxes, 4 * i, out, 4 * k++, 4);
            }
        }
        return out;
    }
}
