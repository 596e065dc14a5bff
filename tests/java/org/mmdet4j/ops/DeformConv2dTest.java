package org.mmdet4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.tensor.NdArray;

/** deform_conv2d from Java: a hand-computed 1x1 deformable convolution and the error path. */
class DeformConv2dTest {

    private static final DeformConvParams ONE_BY_ONE = DeformConvParams.square(1, 0, 1, 1, 1);

    /** A 3x3 map holding 3 * row + column. */
    private static NdArray ramp() {
        float[] v = new float[9];
        for (int i = 0; i < 9; i++) {
            v[i] = i;
        }
        return NdArray.of(v, 1, 1, 3, 3);
    }

    /** Every output position samples half a pixel down and a quarter pixel right. */
    private static NdArray shift() {
        float[] v = new float[18];
        Arrays.fill(v, 0, 9, 0.5f);
        Arrays.fill(v, 9, 18, 0.25f);
        return NdArray.of(v, 1, 2, 3, 3);
    }

    private static NdArray filled(float value, long... shape) {
        float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        Arrays.fill(v, value);
        return NdArray.of(v, shape);
    }

    @Test
    void samplesBetweenPixelsWithZerosOutsideTheMap() {
        NdArray out = Ops.deformConv2d(ramp(), filled(1, 1, 1, 1, 1), shift(), null, filled(1, 1), ONE_BY_ONE);
        assertArrayEquals(new long[] {1, 1, 3, 3}, out.shape());
        float[] o = out.floats();
        // Inside: the ramp at (y + 0.5, x + 0.25) is 3y + x + 1.75, plus the bias.
        assertEquals(1.75f + 1, o[0], 1e-6f);
        assertEquals(3 * 1 + 1 + 1.75f + 1, o[4], 1e-6f);
        // (0, 2): the right neighbours (column 3) are off the map and read zero:
        // 0.5 * 0.75 * 2 + 0.5 * 0.75 * 5 = 2.625.
        assertEquals(2.625f + 1, o[2], 1e-6f);
        // (2, 0): the lower neighbours (row 3) read zero: 0.5 * (0.75 * 6 + 0.25 * 7) = 3.125.
        assertEquals(3.125f + 1, o[6], 1e-6f);
    }

    @Test
    void maskScalesEachSample() {
        NdArray plain = Ops.deformConv2d(ramp(), filled(1, 1, 1, 1, 1), shift(), null, null, ONE_BY_ONE);
        NdArray half = Ops.deformConv2d(ramp(), filled(1, 1, 1, 1, 1), shift(), filled(0.5f, 1, 1, 3, 3), null,
                ONE_BY_ONE);
        for (int i = 0; i < 9; i++) {
            assertEquals(plain.floats()[i] / 2, half.floats()[i], 1e-6f);
        }
    }

    @Test
    void backwardGivesEveryGradient() {
        NdArray input = ramp();
        NdArray weight = filled(2, 1, 1, 1, 1);
        NdArray samples = Ops.deformConv2d(input, filled(1, 1, 1, 1, 1), shift(), null, null, ONE_BY_ONE);
        DeformConvGradients g = Ops.deformConv2dBackward(filled(1, 1, 1, 3, 3), input, weight, shift(), null,
                filled(0, 1), ONE_BY_ONE);
        // d(sum of outputs)/d(weight) is the sum of the samples; d/d(bias) the number of positions.
        double sum = 0;
        for (float v : samples.floats()) {
            sum += v;
        }
        assertEquals(sum, g.weight().floats()[0], 1e-5);
        assertEquals(9f, g.bias().floats()[0], 0f);
        assertNull(g.mask());
        assertArrayEquals(new long[] {1, 1, 3, 3}, g.input().shape());
        assertArrayEquals(new long[] {1, 2, 3, 3}, g.offset().shape());
        // At (0, 0) the sample's x-derivative is the ramp's slope (1) times the weight.
        assertEquals(2f, g.offset().floats()[9], 1e-6f);
    }

    @Test
    void wrongOffsetChannelsNameTheShapes() {
        NativeException e = assertThrows(NativeException.class, () -> Ops.deformConv2d(ramp(),
                filled(1, 1, 1, 3, 3), filled(0, 1, 2, 3, 3), null, null, DeformConvParams.square(1, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("offset must have shape (1, 18, 3, 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
    }

    @Test
    void wrongDtypeAndGroupsAreRejected() {
        NdArray doubleOffset = NdArray.of(new double[18], 1, 2, 3, 3);
        NativeException dtype = assertThrows(NativeException.class, () -> Ops.deformConv2d(ramp(),
                filled(1, 1, 1, 1, 1), doubleOffset, null, null, ONE_BY_ONE));
        assertTrue(dtype.getMessage().contains("offset must have the input's dtype"), dtype.getMessage());
        NativeException groups = assertThrows(NativeException.class, () -> Ops.deformConv2d(ramp(),
                filled(1, 1, 1, 1, 1), shift(), null, null, DeformConvParams.square(1, 0, 1, 1, 2)));
        assertTrue(groups.getMessage().contains("divisible by deform_groups"), groups.getMessage());
    }
}
