package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.image.ColorConvert;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code PhotoMetricDistortion}, in its order, each step with probability 0.5:
 * brightness (add a delta), contrast (multiply) either first or last, BGR to HSV, saturation
 * (scale S), hue (shift H, wrapped into [0, 360]), HSV to BGR, and a random channel permutation.
 * The image becomes float32 and values are not clipped, as upstream.
 */
public final class PhotoMetricDistortion implements Transform {
    private final float brightnessDelta;
    private final double contrastLower;
    private final double contrastUpper;
    private final double saturationLower;
    private final double saturationUpper;
    private final float hueDelta;

    public PhotoMetricDistortion(float brightnessDelta, double[] contrastRange, double[] saturationRange,
                                 float hueDelta) {
        this.brightnessDelta = brightnessDelta;
        this.contrastLower = contrastRange[0];
        this.contrastUpper = contrastRange[1];
        this.saturationLower = saturationRange[0];
        this.saturationUpper = saturationRange[1];
        this.hueDelta = hueDelta;
    }

    public PhotoMetricDistortion() {
        this(32, new double[] {0.5, 1.5}, new double[] {0.5, 1.5}, 18);
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        if (s.img.channels != 3) {
            throw new IllegalArgumentException("PhotoMetricDistortion needs a 3-channel image: " + s.filename);
        }
        Image img = s.img.toFloat();
        float[] px = img.f32();
        int n = img.height * img.width;
        if (rng.nextInt(2) == 1) {
            float delta = (float) uniform(rng, -brightnessDelta, brightnessDelta);
            for (int i = 0; i < px.length; i++) {
                px[i] += delta;
            }
        }
        boolean contrastFirst = rng.nextInt(2) == 1;
        if (contrastFirst && rng.nextInt(2) == 1) {
            scale(px, (float) uniform(rng, contrastLower, contrastUpper));
        }
        ColorConvert.bgrToHsvInPlace(px, n);
        if (rng.nextInt(2) == 1) {
            float f = (float) uniform(rng, saturationLower, saturationUpper);
            for (int i = 1; i < px.length; i += 3) {
                px[i] *= f;
            }
        }
        if (rng.nextInt(2) == 1) {
            float d = (float) uniform(rng, -hueDelta, hueDelta);
            for (int i = 0; i < px.length; i += 3) {
                float h = px[i] + d;
                if (h > 360) {
                    h -= 360;
                }
                if (h < 0) {
                    h += 360;
                }
                px[i] = h;
            }
        }
        ColorConvert.hsvToBgrInPlace(px, n);
        if (!contrastFirst && rng.nextInt(2) == 1) {
            scale(px, (float) uniform(rng, contrastLower, contrastUpper));
        }
        if (rng.nextInt(2) == 1) {
            int[] perm = permutation3(rng);
            float[] t = new float[3];
            for (int i = 0; i < px.length; i += 3) {
                t[0] = px[i + perm[0]];
                t[1] = px[i + perm[1]];
                t[2] = px[i + perm[2]];
                px[i] = t[0];
                px[i + 1] = t[1];
                px[i + 2] = t[2];
            }
        }
        s.img = img;
        return s;
    }

    private static void scale(float[] px, float alpha) {
        for (int i = 0; i < px.length; i++) {
            px[i] *= alpha;
        }
    }

    private static int[] permutation3(Random rng) {
        int[] p = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
