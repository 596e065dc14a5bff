package org.mmdet4j.data.image;

import java.util.Arrays;

/**
 * An image held as interleaved rows (HWC), the layout of a numpy array from {@code cv2.imread}.
 * Colour images are in BGR order like OpenCV's, so mean/std values copied from mmdetection
 * configs mean the same thing here. Pixels are either 8-bit ({@link #u8}) or 32-bit float
 * ({@link #f32}); exactly one of the two arrays is non-null.
 */
public final class Image {
    public final int height;
    public final int width;
    public final int channels;
    private final byte[] u8;
    private final float[] f32;

    private Image(int height, int width, int channels, byte[] u8, float[] f32) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got " + height + "x" + width + "x" + channels);
        }
        long n = (long) height * width * channels;
        long len = u8 != null ? u8.length : f32.length;
        if (len != n) {
            throw new IllegalArgumentException("pixel array holds " + len + " values, shape needs " + n);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.u8 = u8;
        this.f32 = f32;
    }

    public static Image ofBytes(int height, int width, int channels, byte[] pixels) {
        return new Image(height, width, channels, pixels, null);
    }

    public static Image ofFloats(int height, int width, int channels, float[] pixels) {
        return new Image(height, width, channels, null, pixels);
    }

    public static Image zerosBytes(int height, int width, int channels) {
        return ofBytes(height, width, channels, new byte[height * width * channels]);
    }

    public static Image zerosFloats(int height, int width, int channels) {
        return ofFloats(height, width, channels, new float[height * width * channels]);
    }

    public boolean isFloat() {
        return f32 != null;
    }

    /** The 8-bit pixels (shared, not copied); throws when the image holds floats. */
    public byte[] u8() {
        if (u8 == null) {
            throw new IllegalStateException("image holds float pixels");
        }
        return u8;
    }

    /** The float pixels (shared, not copied); throws when the image holds 8-bit values. */
    public float[] f32() {
        if (f32 == null) {
            throw new IllegalStateException("image holds 8-bit pixels");
        }
        return f32;
    }

    /** The value at (y, x, c) as a float, whatever the storage. */
    public float get(int y, int x, int c) {
        int i = (y * width + x) * channels + c;
        return u8 != null ? (u8[i] & 0xFF) : f32[i];
    }

    /** Float copy of this image (8-bit values converted exactly, like {@code astype(np.float32)}). */
    public Image toFloat() {
        if (f32 != null) {
            return ofFloats(height, width, channels, f32.clone());
        }
        float[] out = new float[u8.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = u8[i] & 0xFF;
        }
        return ofFloats(height, width, channels, out);
    }

    public Image copy() {
        return u8 != null ? ofBytes(height, width, channels, u8.clone())
                : ofFloats(height, width, channels, f32.clone());
    }

    /** Shape as (h, w, c), the order of numpy's {@code img.shape}. */
    public int[] shape() {
        return new int[] {height, width, channels};
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Image other)) {
            return false;
        }
        return height == other.height && width == other.width && channels == other.channels
                && Arrays.equals(u8, other.u8) && Arrays.equals(f32, other.f32);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(u8) + Arrays.hashCode(f32);
    }

    @Override
    public String toString() {
        return "Image(" + height + "x" + width + "x" + channels + (isFloat() ? ", float32)" : ", uint8)");
    }
}
