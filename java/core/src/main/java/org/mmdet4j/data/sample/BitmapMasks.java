package org.mmdet4j.data.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Instance masks as one 0/1 byte per pixel (row-major), like mmdetection's {@code BitmapMasks}.
 * Used for COCO RLE segmentations. Resizing is nearest-neighbour with OpenCV's
 * {@code INTER_NEAREST} index rule {@code sx = min(floor(dx * src / dst), src - 1)}.
 */
public final class BitmapMasks implements InstanceMasks {
    private final List<byte[]> masks;
    private final int height;
    private final int width;

    public BitmapMasks(List<byte[]> masks, int height, int width) {
        for (byte[] m : masks) {
            if (m.length != height * width) {
                throw new IllegalArgumentException("mask holds " + m.length + " pixels, frame is " + height + "x" + width);
            }
        }
        this.masks = List.copyOf(masks);
        this.height = height;
        this.width = width;
    }

    @Override
    public int size() {
        return masks.size();
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    private interface PixelMap {
        byte[] apply(byte[] m);
    }

    private BitmapMasks map(PixelMap f, int outHeight, int outWidth) {
        List<byte[]> out = new ArrayList<>(masks.size());
        for (byte[] m : masks) {
            out.add(f.apply(m));
        }
        return new BitmapMasks(out, outHeight, outWidth);
    }

    @Override
    public BitmapMasks resize(int outHeight, int outWidth) {
        double sx = 1.0 / ((double) outWidth / width);
        double sy = 1.0 / ((double) outHeight / height);
        int[] xo = new int[outWidth];
        for (int x = 0; x < outWidth; x++) {
            xo[x] = Math.min((int) Math.floor(x * sx), width - 1);
        }
        return map(m -> {
            byte[] o = new byte[outHeight * outWidth];
            for (int y = 0; y < outHeight; y++) {
                int srcRow = Math.min((int) Math.floor(y * sy), height - 1) * width;
                for (int x = 0; x < outWidth; x++) {
                    o[y * outWidth + x] = m[srcRow + xo[x]];
                }
            }
            return o;
        }, outHeight, outWidth);
    }

    @Override
    public BitmapMasks flip(FlipDirection d) {
        return map(m -> {
            byte[] o = new byte[m.length];
            for (int y = 0; y < height; y++) {
                int sy = d.flipsY() ? height - 1 - y : y;
                for (int x = 0; x < width; x++) {
                    int sx = d.flipsX() ? width - 1 - x : x;
                    o[y * width + x] = m[sy * width + sx];
                }
            }
            return o;
        }, height, width);
    }

    @Override
    public BitmapMasks pad(int outHeight, int outWidth) {
        return expand(outHeight, outWidth, 0, 0);
    }

    @Override
    public BitmapMasks crop(int x1, int y1, int x2, int y2) {
        int ow = x2 - x1;
        int oh = y2 - y1;
        return map(m -> {
            byte[] o = new byte[oh * ow];
            for (int y = 0; y < oh; y++) {
                int sy = y + y1;
                if (sy < 0 || sy >= height) {
                    continue;
                }
                for (int x = 0; x < ow; x++) {
                    int sx = x + x1;
                    if (sx >= 0 && sx < width) {
                        o[y * ow + x] = m[sy * width + sx];
                    }
                }
            }
            return o;
        }, oh, ow);
    }

    @Override
    public BitmapMasks expand(int outHeight, int outWidth, int top, int left) {
        return map(m -> {
            byte[] o = new byte[outHeight * outWidth];
            for (int y = 0; y < height && y + top < outHeight; y++) {
                int n = Math.min(width, outWidth - left);
                System.arraycopy(m, y * width, o, (y + top) * outWidth + left, n);
            }
            return o;
        }, outHeight, outWidth);
    }

    @Override
    public BitmapMasks select(int[] indices) {
        List<byte[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(masks.get(i));
        }
        return new BitmapMasks(out, height, width);
    }

    @Override
    public byte[] toBitmap(int i) {
        return masks.get(i).clone();
    }

    @Override
    public float[] boundingBoxes() {
        float[] boxes = new float[4 * masks.size()];
        for (int i = 0; i < masks.size(); i++) {
            byte[] m = masks.get(i);
            int x1 = width;
            int y1 = height;
            int x2 = -1;
            int y2 = -1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (m[y * width + x] != 0) {
                        x1 = Math.min(x1, x);
                        x2 = Math.max(x2, x);
                        y1 = Math.min(y1, y);
                        y2 = Math.max(y2, y);
                    }
                }
            }
            if (x2 >= 0) {
                // Pixel boxes cover whole pixels: right/bottom edges are exclusive.
                boxes[4 * i] = x1;
                boxes[4 * i + 1] = y1;
                boxes[4 * i + 2] = x2 + 1;
                boxes[4 * i + 3] = y2 + 1;
            }
        }
        return boxes;
    }
}
