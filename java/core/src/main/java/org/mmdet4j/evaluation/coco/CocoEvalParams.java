package org.mmdet4j.evaluation.coco;

import java.util.Arrays;

/**
 * Parameters of COCO evaluation, pycocotools' {@code Params.setDetParams}: IoU thresholds
 * 0.50:0.05:0.95, 101 recall thresholds, at most 1/10/100 detections per image, and the area
 * ranges all/small/medium/large in pixels (bounds inclusive on both sides).
 */
public final class CocoEvalParams {
    final double[] iouThrs;
    final double[] recThrs;
    final int[] maxDets;
    final double[][] areaRanges;
    final String[] areaLabels;

    public CocoEvalParams(double[] iouThrs, double[] recThrs, int[] maxDets, double[][] areaRanges,
            String[] areaLabels) {
        if (maxDets.length == 0 || areaRanges.length != areaLabels.length || iouThrs.length == 0) {
            throw new IllegalArgumentException("inconsistent evaluation parameters");
        }
        this.iouThrs = iouThrs.clone();
        this.recThrs = recThrs.clone();
        this.maxDets = maxDets.clone();
        Arrays.sort(this.maxDets); // pycocotools sorts maxDets before evaluating
        this.areaRanges = areaRanges.clone();
        this.areaLabels = areaLabels.clone();
    }

    public static CocoEvalParams defaults() {
        return new CocoEvalParams(linspace(.5, 0.95, 10), linspace(0.0, 1.00, 101),
                new int[] {1, 10, 100},
                new double[][] {{0, 1e5 * 1e5}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e5 * 1e5}},
                new String[] {"all", "small", "medium", "large"});
    }

    /**
     * {@code np.linspace(start, stop, num)}: {@code start + i * step} with the last value exactly
     * {@code stop}. Thresholds such as 0.75 must be the very doubles pycocotools compares with.
     */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    public double[] iouThresholds() {
        return iouThrs.clone();
    }

    public double[] recallThresholds() {
        return recThrs.clone();
    }

    public int[] maxDets() {
        return maxDets.clone();
    }

    public String[] areaLabels() {
        return areaLabels.clone();
    }

    int iouIndex(double thr) {
        for (int t = 0; t < iouThrs.length; t++) {
            if (iouThrs[t] == thr) {
                return t;
            }
        }
        return -1;
    }

    int areaIndex(String label) {
        for (int a = 0; a < areaLabels.length; a++) {
            if (areaLabels[a].equals(label)) {
                return a;
            }
        }
        return -1;
    }

    int maxDetIndex(int maxDet) {
        for (int m = 0; m < maxDets.length; m++) {
            if (maxDets[m] == maxDet) {
                return m;
            }
        }
        return -1;
    }
}
