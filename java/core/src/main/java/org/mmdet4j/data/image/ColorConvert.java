package org.mmdet4j.data.image;

/** Colour conversions with OpenCV's arithmetic. */
public final class ColorConvert {
    private ColorConvert() {
    }

    /**
     * {@code cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)} on 8-bit data: fixed point with 14 fractional
     * bits and the BT.601 weights 0.299/0.587/0.114 rounded to 4899/9617/1868.
     */
    public static Image bgrToGray(Image bgr) {
        if (bgr.channels == 1) {
            return bgr;
        }
        int n = bgr.height * bgr.width;
        byte[] s = bgr.u8();
        byte[] out = new byte[n];
        int cn = bgr.channels;
        for (int i = 0; i < n; i++) {
            int b = s[cn * i] & 0xFF;
            int g = s[cn * i + 1] & 0xFF;
            int r = s[cn * i + 2] & 0xFF;
            out[i] = (byte) ((b * 1868 + g * 9617 + r * 4899 + (1 << 13)) >> 14);
        }
        return Image.ofBytes(bgr.height, bgr.width, 1, out);
    }

    /**
     * {@code mmcv.bgr2hsv} on float32 images: H in degrees [0, 360), S in [0, 1], V in the
     * input's range, as OpenCV computes it for float input.
     */
    public static void bgrToHsvInPlace(float[] px, int n) {
        for (int i = 0; i < n; i++) {
            int o = 3 * i;
            float b = px[o];
            float g = px[o + 1];
            float r = px[o + 2];
            float v = Math.max(r, Math.max(g, b));
            float vmin = Math.min(r, Math.min(g, b));
            float diff = v - vmin;
            float s = diff / (Math.abs(v) + Float.MIN_NORMAL);
            float hScale = 60.f / (diff + Float.MIN_NORMAL);
            float h;
            if (v == r) {
                h = (g - b) * hScale;
            } else if (v == g) {
                h = (b - r) * hScale + 120.f;
            } else {
                h = (r - g) * hScale + 240.f;
            }
            if (h < 0) {
                h += 360.f;
            }
            px[o] = h;
            px[o + 1] = s;
            px[o + 2] = v;
        }
    }

    /** {@code mmcv.hsv2bgr} on float32 images (inverse of {@link #bgrToHsvInPlace}). */
    public static void hsvToBgrInPlace(float[] px, int n) {
        for (int i = 0; i < n; i++) {
            int o = 3 * i;
            float h = px[o];
            float s = px[o + 1];
            float v = px[o + 2];
            float b;
            float g;
            float r;
            if (s == 0) {
                b = g = r = v;
            } else {
                h /= 60.f;
                int sector = (int) Math.floor(h);
                h -= sector;
                if (sector < 0) {
                    sector += 6;
                }
                if (sector >= 6) {
                    sector -= 6;
                }
                float p = v * (1 - s);
                float q = v * (1 - s * h);
                float t = v * (1 - s * (1 - h));
                switch (sector) {
                    case 0 -> { b = p; g = t; r = v; }
                    case 1 -> { b = p; g = v; r = q; }
                    case 2 -> { b = t; g = v; r = p; }
                    case 3 -> { b = v; g = q; r = p; }
                    case 4 -> { b = v; g = p; r = t; }
                    default -> { b = q; g = p; r = v; }
                }
            }
            px[o] = b;
            px[o + 1] = g;
            px[o + 2] = r;
        }
    }
}
