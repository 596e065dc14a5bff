package org.mmdet4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {
    private static int[] values(Image img) {
        byte[] b = img.u8();
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void upscaleUsesOpenCvFixedPointWeightsAndBorderClamp() {
        // 1x2 -> 1x4: centres map to -0.25, 0.25, 0.75, 1.25. The outer two clamp to the
        // border pixels; the inner ones weigh 100 by 512/2048 and 1536/2048, and the vertical
        // pass rounds ((2048 * (S >> 4)) >> 16 + 2) >> 2: 51200 -> 25, 153600 -> 75.
        Image src = Image.ofBytes(1, 2, 1, new byte[] {0, 100});
        Image out = BilinearResize.resize(src, 4, 1);
        assertArrayEquals(new int[] {0, 25, 75, 100}, values(out));
    }

    @Test
    void upscaleInYKeepsBothRowWeights() {
        // 2x1 -> 4x1 vertically: same weights as the x case, rows 0 and 1 are 0 and 200.
        Image src = Image.ofBytes(2, 1, 1, new byte[] {0, (byte) 200});
        Image out = BilinearResize.resize(src, 1, 4);
        assertArrayEquals(new int[] {0, 50, 150, 200}, values(out));
    }

    @Test
    void exactHalvingTakesTheAreaPathWithRounding() {
        // OpenCV switches INTER_LINEAR to INTER_AREA for an exact 2x reduction: (1+2+3+4+2)>>2 = 3.
        Image src = Image.ofBytes(2, 2, 1, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {3}, values(BilinearResize.resize(src, 1, 1)));
    }

    @Test
    void channelsAreInterpolatedIndependently() {
        Image src = Image.ofBytes(1, 2, 3, new byte[] {0, 10, 20, 100, 110, (byte) 220});
        Image out = BilinearResize.resize(src, 4, 1);
        // Channel 2 at dx=1: 20*1536 + 220*512 = 143360 -> (>>4 = 8960, *2048>>16 = 280, +2>>2) = 70.
        assertEquals(70, out.u8()[5] & 0xFF);
        assertEquals(25, out.u8()[3] & 0xFF);     // channel 0 at dx=1, as in the 1-channel case
        assertEquals(100, out.u8()[9] & 0xFF);    // channel 0 at dx=3: clamped to the last pixel
    }

    @Test
    void floatImagesUseFloatWeights() {
        Image src = Image.ofFloats(1, 2, 1, new float[] {0f, 100f});
        Image out = BilinearResize.resize(src, 4, 1);
        assertArrayEquals(new float[] {0f, 25f, 75f, 100f}, out.f32(), 1e-5f);
    }
}
