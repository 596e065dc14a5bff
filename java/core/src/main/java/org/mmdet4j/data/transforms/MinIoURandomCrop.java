package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection v2's {@code MinIoURandomCrop} (SSD). Picks a mode from {@code (1, *min_ious, 0)}:
 * 1 keeps the image; otherwise up to 50 tries draw a patch of width and height in
 * [min_crop_size, 1] of the image with aspect h/w in [0.5, 2], and accept it when every box
 * overlaps it with IoU at least the mode and some box centre lies inside. Boxes whose centre is
 * inside are kept, clipped to the patch and shifted; when 50 tries fail a new mode is drawn.
 */
public final class MinIoURandomCrop implements Transform {
    private final double[] sampleModes;
    private final double minCropSize;
    private final boolean bboxClipBorder;

    public MinIoURandomCrop(double[] minIous, double minCropSize, boolean bboxClipBorder) {
        this.sampleModes = new double[minIous.length + 2];
        sampleModes[0] = 1;
        System.arraycopy(minIous, 0, sampleModes, 1, minIous.length);
        sampleModes[sampleModes.length - 1] = 0;
        this.minCropSize = minCropSize;
        this.bboxClipBorder = bboxClipBorder;
    }

    public MinIoURandomCrop() {
        this(new double[] {0.1, 0.3, 0.5, 0.7, 0.9}, 0.3, true);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        float[] gt = s.gtBboxes == null ? new float[0] : s.gtBboxes;
        float[] ign = s.gtBboxesIgnore == null ? new float[0] : s.gtBboxesIgnore;
        float[] all = BoxOps.concat(gt, ign);
        int h = s.img.height;
        int w = s.img.width;
        while (true) {
            double mode = sampleModes[rng.nextInt(sampleModes.length)];
            if (mode == 1) {
                return s;
            }
            for (int attempt = 0; attempt < 50; attempt++) {
                double newW = minCropSize * w + rng.nextDouble() * (w - minCropSize * w);
                double newH = minCropSize * h + rng.nextDouble() * (h - minCropSize * h);
                if (newH / newW < 0.5 || newH / newW > 2) {
                    continue;
                }
                double left = rng.nextDouble() * (w - newW);
                double top = rng.nextDouble() * (h - newH);
                int[] patch = {(int) left, (int) top, (int) (left + newW), (int) (top + newH)};
                if (patch[2] == patch[0] || patch[3] == patch[1]) {
                    continue;
                }
                float[] pf = {patch[0], patch[1], patch[2], patch[3]};
                float[] overlaps = BoxOps.iou(pf, all);
                boolean tooLow = false;
                for (float o : overlaps) {
                    tooLow |= o < mode;
                }
                if (overlaps.length > 0 && tooLow) {
                    continue;
                }
                int[] keep = new int[0];
                float[] kept = gt;
                float[] keptIgnore = ign;
                if (overlaps.length > 0) {
                    boolean[] inAll = centresInside(all, patch);
                    boolean any = false;
                    for (boolean b : inAll) {
                        any |= b;
                    }
                    if (!any) {
                        continue;
                    }
                    keep = CropSupport.indices(centresInside(gt, patch));
                    kept = clipShift(BoxOps.select(gt, keep), patch);
                    keptIgnore = clipShift(BoxOps.select(ign, CropSupport.indices(centresInside(ign, patch))), patch);
                }
                CropSupport.applyWindow(s, patch[0], patch[1], patch[2], patch[3], keep,
                        s.gtBboxes == null ? null : kept, s.gtBboxesIgnore == null ? null : keptIgnore);
                return s;
            }
        }
    }

    private static boolean[] centresInside(float[] b, int[] p) {
        boolean[] out = new boolean[b.length / 4];
        for (int i = 0; i < out.length; i++) {
            float cx = (b[4 * i] + b[4 * i + 2]) / 2;
            float cy = (b[4 * i + 1] + b[4 * i + 3]) / 2;
            out[i] = cx > p[0] && cy > p[1] && cx < p[2] && cy < p[3];
        }
        return out;
    }

    private float[] clipShift(float[] b, int[] p) {
        float[] out = b.clone();
        for (int i = 0; i < out.length; i += 4) {
            if (bboxClipBorder) {
                out[i] = Math.max(out[i], p[0]);
                out[i + 1] = Math.max(out[i + 1], p[1]);
                out[i + 2] = Math.min(out[i + 2], p[2]);
                out[i + 3] = Math.min(out[i + 3], p[3]);
            }
            out[i] -= p[0];
            out[i + 1] -= p[1];
            out[i + 2] -= p[0];
            out[i + 3] -= p[1];
        }
        return out;
    }
}
