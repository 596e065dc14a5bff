package org.mmdet4j.data.transforms;

import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.mask.Segmentation;

/** Builds in-memory samples for transform tests: an image and box annotations with box-shaped polygon masks. */
final class Samples {
    private Samples() {
    }

    static Sample of(Image img, float[] boxes, long[] labels) {
        List<Segmentation> masks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            float x1 = boxes[4 * i];
            float y1 = boxes[4 * i + 1];
            float x2 = boxes[4 * i + 2];
            float y2 = boxes[4 * i + 3];
            masks.add(Segmentation.ofPolygons(new double[][] {{x1, y1, x2, y1, x2, y2, x1, y2}}));
            ids.add("ann " + i);
        }
        Annotations ann = new Annotations(boxes, labels, new float[0], new long[0], masks, ids);
        Sample s = new Sample(0, new DataInfo("1", "mem.jpg", img.width, img.height, ann), "");
        s.filename = "mem.jpg";
        s.oriFilename = "mem.jpg";
        s.img = img;
        s.imgShape = img.shape();
        s.oriShape = img.shape();
        s.padShape = img.shape();
        s.scaleFactor = new float[] {1f, 1f, 1f, 1f};
        return s;
    }

    /** A 3-channel 8-bit image whose pixel (y, x, c) is (x + 2y + 50c) mod 256. */
    static Image gradient(int h, int w) {
        byte[] px = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) (x + 2 * y + 50 * c);
                }
            }
        }
        return Image.ofBytes(h, w, 3, px);
    }
}
