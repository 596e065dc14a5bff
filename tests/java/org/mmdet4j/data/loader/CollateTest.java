package org.mmdet4j.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;

class CollateTest {
    private static Sample sample(int index, int h, int w, float base) {
        float[] px = new float[h * w * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = base + i;
        }
        Sample s = new Sample(index, new DataInfo("1", "x.jpg", w, h, Annotations.empty()), "");
        s.img = Image.ofFloats(h, w, 2, px);
        s.imgShape = s.img.shape();
        s.oriShape = s.img.shape();
        s.padShape = s.img.shape();
        s.scaleFactor = new float[] {1, 1, 1, 1};
        s.gtBboxes = new float[] {index, 0, 1, 1};
        s.gtLabels = new long[] {index};
        s.flip = false;
        return s;
    }

    @Test
    void padsToTheLargestImageRoundedToTheDivisorAndTransposesToChw() {
        Batch b = Collate.collate(List.of(sample(0, 3, 5, 0), sample(1, 6, 2, 100)), 4);
        assertArrayEquals(new long[] {2, 2, 8, 8}, b.shape());
        // Image 0, pixel (y=1, x=2), channel 1 was HWC index (1*5+2)*2+1 = 15.
        assertEquals(15f, b.at(0, 1, 1, 2));
        assertEquals(0f, b.at(0, 0, 3, 0));     // below image 0: padding
        assertEquals(0f, b.at(0, 0, 0, 5));     // right of image 0: padding
        // Image 1, pixel (y=5, x=1), channel 0: 100 + (5*2+1)*2 = 122.
        assertEquals(122f, b.at(1, 0, 5, 1));
        assertArrayEquals(new float[] {1, 0, 1, 1}, b.gtBboxes.get(1));
        assertArrayEquals(new long[] {1}, b.gtLabels.get(1));
        assertArrayEquals(new int[] {6, 2, 2}, b.metas.get(1).imgShape());
        assertArrayEquals(new int[] {0, 1}, b.indices);
    }
}
