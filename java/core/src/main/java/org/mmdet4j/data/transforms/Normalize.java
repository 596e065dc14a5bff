package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.NormConfig;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code Normalize} ({@code mmcv.imnormalize}): optional BGR to RGB swap, then
 * {@code (x - mean) * (1 / std)} in float32, with {@code 1 / std} computed in double and
 * rounded once, as OpenCV's {@code cv2.multiply} by a scalar does. Sets {@code img_norm_cfg}.
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;
    private final boolean toRgb;

    public Normalize(float[] mean, float[] std, boolean toRgb) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " values, std " + std.length);
        }
        for (float v : std) {
            if (!(v != 0f && Float.isFinite(v))) {
                throw new IllegalArgumentException("std values must be finite and non-zero, got " + v);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.toRgb = toRgb;
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        s.img = normalize(s.img, mean, std, toRgb);
        s.imgNormCfg = new NormConfig(mean.clone(), std.clone(), toRgb);
        return s;
    }

    public static Image normalize(Image img, float[] mean, float[] std, boolean toRgb) {
        float[] out = new float[img.height * img.width * img.channels];
        normalizeInto(img, mean, std, toRgb, out, img.width);
        return Image.ofFloats(img.height, img.width, img.channels, out);
    }

    /**
     * Writes the normalized image into the top-left of {@code out}, an HWC float buffer
     * {@code outWidth} pixels wide (wider than the image when a padded canvas is filled at once).
     */
    static void normalizeInto(Image img, float[] mean, float[] std, boolean toRgb, float[] out, int outWidth) {
        int cn = img.channels;
        if (cn != mean.length) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " mean values for a "
                    + cn + "-channel image");
        }
        if (toRgb && cn != 3) {
            throw new IllegalArgumentException("to_rgb needs a 3-channel image, got " + cn);
        }
        float[] m = new float[cn];
        float[] inv = new float[cn];
        for (int c = 0; c < cn; c++) {
            // After the swap, output channel c holds input channel (2 - c), normalized with the
            // c-th mean/std, which are given in RGB order when to_rgb is set.
            m[c] = mean[c];
            inv[c] = (float) (1.0 / (double) std[c]);
        }
        int w = img.width;
        int rowIn = w * cn;
        int rowOut = outWidth * cn;
        if (img.isFloat()) {
            float[] s = img.f32();
            for (int y = 0; y < img.height; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * rowIn + x * cn;
                    int o = y * rowOut + x * cn;
                    for (int c = 0; c < cn; c++) {
                        out[o + c] = (s[i + (toRgb ? 2 - c : c)] - m[c]) * inv[c];
                    }
                }
            }
            return;
        }
        byte[] s = img.u8();
        // 256-entry tables per channel: the same float ops, computed once per value.
        float[][] lut = new float[cn][256];
        for (int c = 0; c < cn; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = ((float) v - m[c]) * inv[c];
            }
        }
        for (int y = 0; y < img.height; y++) {
            int i = y * rowIn;
            int o = y * rowOut;
            if (cn == 3) {
                float[] l0 = lut[0];
                float[] l1 = lut[1];
                float[] l2 = lut[2];
                int s0 = toRgb ? 2 : 0;
                int s2 = toRgb ? 0 : 2;
                for (int x = 0; x < w; x++, i += 3, o += 3) {
                    out[o] = l0[s[i + s0] & 0xFF];
                    out[o + 1] = l1[s[i + 1] & 0xFF];
                    out[o + 2] = l2[s[i + s2] & 0xFF];
                }
            } else {
                for (int k = 0; k < rowIn; k++) {
                    out[o + k] = lut[k % cn][s[i + k] & 0xFF];
                }
            }
        }
    }

    float[] mean() {
        return mean;
    }

    float[] std() {
        return std;
    }

    boolean toRgb() {
        return toRgb;
    }
}
