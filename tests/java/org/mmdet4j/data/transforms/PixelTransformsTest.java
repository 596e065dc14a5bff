package org.mmdet4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.image.ColorConvert;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Sample;

class PixelTransformsTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    @Test
    void normalizeSwapsToRgbThenSubtractsMeanAndScales() {
        // One BGR pixel (b=10, g=20, r=30): with to_rgb the output is (r, g, b) normalized by
        // the RGB-ordered mean/std: (30 - 123.675) / 58.395, (20 - 116.28) / 57.12, ...
        Image img = Image.ofBytes(1, 1, 3, new byte[] {10, 20, 30});
        Sample s = Samples.of(img, new float[0], new long[0]);
        s = new Normalize(MEAN, STD, true).apply(s, new Random(0));
        float[] px = s.img.f32();
        assertEquals((30 - 123.675f) * (float) (1.0 / 58.395f), px[0]);
        assertEquals((20 - 116.28f) * (float) (1.0 / 57.12f), px[1]);
        assertEquals((10 - 103.53f) * (float) (1.0 / 57.375f), px[2]);
        assertEquals(-1.6041613f, px[0], 1e-6f);
        assertTrue(s.imgNormCfg.toRgb());
    }

    @Test
    void normalizeWithoutSwapKeepsChannelOrder() {
        Image img = Image.ofFloats(1, 1, 3, new float[] {10, 20, 30});
        Sample s = new Normalize(new float[] {10, 10, 10}, new float[] {2, 2, 2}, false)
                .apply(Samples.of(img, new float[0], new long[0]), new Random(0));
        assertArrayEquals(new float[] {0, 5, 10}, s.img.f32());
    }

    @Test
    void fusedNormalizePadEqualsTheTwoStepsInSequence() {
        Normalize n = new Normalize(MEAN, STD, true);
        Pad p = new Pad(null, 8, false, 3f);
        Sample a = Samples.of(Samples.gradient(5, 11), new float[0], new long[0]);
        a = p.apply(n.apply(a, new Random(0)), new Random(0));
        Sample b = new Compose(List.of(n, p)).apply(Samples.of(Samples.gradient(5, 11), new float[0], new long[0]),
                new Random(0));
        assertArrayEquals(new int[] {8, 16, 3}, b.padShape);
        assertEquals(a.img, b.img);
        assertEquals(3f, b.img.get(7, 15, 2));
        assertArrayEquals(a.imgNormCfg.mean(), b.imgNormCfg.mean());
    }

    @Test
    void hsvRoundTripIsTheIdentity() {
        float[] px = {10, 200, 30, 255, 0, 0, 50, 50, 50, 0, 0, 0};
        float[] copy = px.clone();
        ColorConvert.bgrToHsvInPlace(px, 4);
        // Pure red (b=0, g=0, r=255) has hue 0, saturation 1, value 255.
        assertArrayEquals(new float[] {240, 1, 255}, new float[] {px[3], px[4], px[5]}, 1e-4f);
        ColorConvert.hsvToBgrInPlace(px, 4);
        assertArrayEquals(copy, px, 1e-3f);
    }

    @Test
    void photoMetricDistortionProducesFloatsAndKeepsGeometry() {
        Sample s = Samples.of(Samples.gradient(8, 8), new float[] {1, 1, 4, 4}, new long[] {0});
        s = new PhotoMetricDistortion().apply(s, new Random(7));
        assertTrue(s.img.isFloat());
        assertArrayEquals(new int[] {8, 8, 3}, s.img.shape());
        Sample again = new PhotoMetricDistortion().apply(Samples.of(Samples.gradient(8, 8), new float[] {1, 1, 4, 4},
                new long[] {0}), new Random(7));
        assertArrayEquals(s.img.f32(), again.img.f32());
    }

    @Test
    void formatBundleFillsDefaultsAndCollectChecksKeys() {
        Sample s = Samples.of(Samples.gradient(4, 4), new float[0], new long[0]);
        s.padShape = null;
        s.scaleFactor = null;
        s = new DefaultFormatBundle().apply(s, new Random(0));
        assertArrayEquals(new int[] {4, 4, 3}, s.padShape);
        assertArrayEquals(new float[] {1, 1, 1, 1}, s.scaleFactor);
        assertArrayEquals(new float[] {1, 1, 1}, s.imgNormCfg.std());
        assertThrows(IllegalArgumentException.class, () -> new Collect(List.of("img", "gt_boxes")));
        Sample t = s;
        assertThrows(IllegalArgumentException.class,
                () -> new Collect(List.of("img"), List.of("no_such_meta")).apply(t, new Random(0)));
    }
}
