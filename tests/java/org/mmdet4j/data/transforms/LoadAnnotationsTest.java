package org.mmdet4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.BitmapMasks;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.PolygonMasks;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.mask.RleFrPolyReference;
import org.mmdet4j.mask.Segmentation;

/** Instance masks as mmdetection's LoadAnnotations makes them, with pycocotools. */
class LoadAnnotationsTest {
    private static final double[][] POLYGONS = {
        {1.3, 1.3, 6.7, 1.5, 5.3, 6.9, 1.1, 5.7}, {4.5, 4.2, 9.6, 4.8, 8.1, 9.3}};

    private static Sample load(Segmentation seg, int h, int w, boolean poly2mask) {
        Image img = Samples.gradient(h, w);
        Annotations ann = new Annotations(new float[] {0, 0, 2, 2}, new long[] {0}, new float[0], new long[0],
                List.of(seg), List.of("annotation id 1 (image id 1)"));
        Sample s = new Sample(0, new DataInfo("1", "mem.jpg", w, h, ann), "");
        s.filename = "mem.jpg";
        s.img = img;
        s.imgShape = img.shape();
        return new LoadAnnotations(true, true, true, poly2mask).apply(s, new Random(0));
    }

    @Test
    void poly2maskIsPycocotoolsUnionOfTheInstancePolygons() {
        // _poly2mask: decode(merge(frPyObjects(polygons, h, w))), from the line-by-line port.
        Sample s = load(Segmentation.ofPolygons(POLYGONS), 10, 12, true);
        assertTrue(s.gtMasks instanceof BitmapMasks);
        assertArrayEquals(RleFrPolyReference.unionBitmap(POLYGONS, 10, 12), s.gtMasks.toBitmap(0));
    }

    @Test
    void polygonsKeptAsPolygonsRasteriseTheSame() {
        Sample s = load(Segmentation.ofPolygons(POLYGONS), 10, 12, false);
        assertTrue(s.gtMasks instanceof PolygonMasks);
        assertArrayEquals(RleFrPolyReference.unionBitmap(POLYGONS, 10, 12), s.gtMasks.toBitmap(0));
    }

    @Test
    void rleDecodesColumnByColumnIntoRows() {
        // 2x3 mask, compressed counts "123": 1 background, 2 object, 3 background down the
        // columns -> column 0 is (0, 1), column 1 is (1, 0), column 2 is empty.
        Sample s = load(Segmentation.ofCompressed(2, 3, "123"), 2, 3, true);
        assertArrayEquals(new byte[] {0, 1, 0, 1, 0, 0}, s.gtMasks.toBitmap(0));
    }
}
