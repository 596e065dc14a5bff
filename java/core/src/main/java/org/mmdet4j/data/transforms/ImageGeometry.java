package org.mmdet4j.data.transforms;

import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.FlipDirection;

/** Pixel-moving operations shared by the geometric transforms (mmcv's imflip, impad, crop). */
public final class ImageGeometry {
    private ImageGeometry() {
    }

    /** {@code mmcv.imflip}: mirror columns, rows or both. */
    public static Image flip(Image img, FlipDirection d) {
        int h = img.height;
        int w = img.width;
        int cn = img.channels;
        int row = w * cn;
        if (img.isFloat()) {
            float[] s = img.f32();
            float[] o = new float[s.length];
            for (int y = 0; y < h; y++) {
                int sy = d.flipsY() ? h - 1 - y : y;
                copyRow(s, sy * row, o, y * row, w, cn, d.flipsX());
            }
            return Image.ofFloats(h, w, cn, o);
        }
        byte[] s = img.u8();
        byte[] o = new byte[s.length];
        for (int y = 0; y < h; y++) {
            int sy = d.flipsY() ? h - 1 - y : y;
            int src = sy * row;
            int dst = y * row;
            if (!d.flipsX()) {
                System.arraycopy(s, src, o, dst, row);
                continue;
            }
            mirrorRow(s, src, o, dst, w, cn);
        }
        return Image.ofBytes(h, w, cn, o);
    }

    private static void mirrorRow(byte[] s, int src, byte[] o, int dst, int w, int cn) {
        if (cn == 3) {
            for (int x = 0, so = src + (w - 1) * 3, d = dst; x < w; x++, so -= 3, d += 3) {
                o[d] = s[so];
                o[d + 1] = s[so + 1];
                o[d + 2] = s[so + 2];
            }
            return;
        }
        for (int x = 0; x < w; x++) {
            int so = src + (w - 1 - x) * cn;
            int doff = dst + x * cn;
            for (int c = 0; c < cn; c++) {
                o[doff + c] = s[so + c];
            }
        }
    }

    private static void copyRow(float[] s, int src, float[] o, int dst, int w, int cn, boolean mirror) {
        if (!mirror) {
            System.arraycopy(s, src, o, dst, w * cn);
            return;
        }
        for (int x = 0; x < w; x++) {
            int so = src + (w - 1 - x) * cn;
            int doff = dst + x * cn;
            for (int c = 0; c < cn; c++) {
                o[doff + c] = s[so + c];
            }
        }
    }

    /**
     * {@code mmcv.impad}: place the image at the top-left of an (outH, outW) canvas filled with
     * {@code padVal} (an 8-bit image takes the value cast to a byte, as numpy does).
     */
    public static Image pad(Image img, int outH, int outW, float padVal) {
        if (outH < img.height || outW < img.width) {
            throw new IllegalArgumentException("pad shape " + outH + "x" + outW + " is smaller than image "
                    + img.height + "x" + img.width);
        }
        return place(img, outH, outW, 0, 0, new float[] {padVal});
    }

    /**
     * Copies {@code img} into an (outH, outW) canvas at (top, left). The canvas is filled with
     * {@code fill}, one value per channel or a single value for all.
     */
    public static Image place(Image img, int outH, int outW, int top, int left, float[] fill) {
        int cn = img.channels;
        int row = img.width * cn;
        int outRow = outW * cn;
        if (img.isFloat()) {
            float[] o = new float[outH * outRow];
            fillCanvas(o, cn, fill);
            float[] s = img.f32();
            for (int y = 0; y < img.height; y++) {
                System.arraycopy(s, y * row, o, (y + top) * outRow + left * cn, row);
            }
            return Image.ofFloats(outH, outW, cn, o);
        }
        byte[] o = new byte[outH * outRow];
        boolean zero = true;
        for (float f : fill) {
            zero &= f == 0f;
        }
        if (!zero) {
            for (int i = 0; i < o.length; i++) {
                o[i] = (byte) (int) fill[fill.length == 1 ? 0 : i % cn];
            }
        }
        byte[] s = img.u8();
        for (int y = 0; y < img.height; y++) {
            System.arraycopy(s, y * row, o, (y + top) * outRow + left * cn, row);
        }
        return Image.ofBytes(outH, outW, cn, o);
    }

    private static void fillCanvas(float[] o, int cn, float[] fill) {
        if (fill.length == 1) {
            if (fill[0] != 0f) {
                java.util.Arrays.fill(o, fill[0]);
            }
            return;
        }
        for (int i = 0; i < o.length; i++) {
            o[i] = fill[i % cn];
        }
    }

    /** {@code img[y1:y2, x1:x2]} with the region inside the image. */
    public static Image crop(Image img, int x1, int y1, int x2, int y2) {
        int cn = img.channels;
        int ow = x2 - x1;
        int oh = y2 - y1;
        int row = img.width * cn;
        if (img.isFloat()) {
            float[] s = img.f32();
            float[] o = new float[oh * ow * cn];
            for (int y = 0; y < oh; y++) {
                System.arraycopy(s, (y + y1) * row + x1 * cn, o, y * ow * cn, ow * cn);
            }
            return Image.ofFloats(oh, ow, cn, o);
        }
        byte[] s = img.u8();
        byte[] o = new byte[oh * ow * cn];
        for (int y = 0; y < oh; y++) {
            System.arraycopy(s, (y + y1) * row + x1 * cn, o, y * ow * cn, ow * cn);
        }
        return Image.ofBytes(oh, ow, cn, o);
    }
}
