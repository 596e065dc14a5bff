package org.mmdet4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.mask.Segmentation;

/** An RLE mask of another size than its image is an error that names the annotation. */
class MaskSizeMismatchTest {
    @Test
    void namesTheAnnotation() {
        Image img = Samples.gradient(4, 6);
        Segmentation rle = Segmentation.ofCounts(5, 4, new int[] {20});  // 5x4, the image is 4x6
        Annotations ann = new Annotations(new float[] {0, 0, 2, 2}, new long[] {0}, new float[0], new long[0],
                List.of(rle), List.of("annotation id 7 (image id 3)"));
        Sample s = new Sample(0, new DataInfo("3", "mem.jpg", 6, 4, ann), "");
        s.filename = "mem.jpg";
        s.img = img;
        s.imgShape = img.shape();
        String e = assertThrows(IllegalArgumentException.class,
                () -> new LoadAnnotations(true, true, true, true).apply(s, new Random(0))).getMessage();
        assertEquals("annotation id 7 (image id 3): RLE mask size 5x4 differs from image size 4x6 in mem.jpg", e);
    }
}
