package org.mmdet4j.mask;

/**
 * The mask of one object as a COCO JSON file gives it: polygons, uncompressed RLE
 * ({@code counts} a list) or compressed RLE ({@code counts} a string). {@link #toRle} converts
 * it the way pycocotools' {@code annToRLE} does, which is also how mmdetection's
 * {@code LoadAnnotations} makes training masks. An RLE is decoded (and checked) once; a reader
 * may hold the string undecoded ({@link #ofCompressedUndecoded}) and decode many at once, see
 * {@link #decoded}.
 */
public final class Segmentation {
    private final double[][] polygons;
    private final Rle rle;
    // An undecoded compressed RLE: its characters and size.
    private final char[] compressed;
    private final int height;
    private final int width;

    private Segmentation(double[][] polygons, Rle rle) {
        this(polygons, rle, null, 0, 0);
    }

    private Segmentation(double[][] polygons, Rle rle, char[] compressed, int height, int width) {
        this.polygons = polygons;
        this.rle = rle;
        this.compressed = compressed;
        this.height = height;
        this.width = width;
    }

    /**
     * One or more polygons {@code [x0, y0, x1, y1, ...]} in pixel coordinates. They are kept in
     * double precision, as JSON and pycocotools hold them: rasterisation rounds {@code 5 * x},
     * and a float would round a coordinate such as 1.3 the other way.
     */
    public static Segmentation ofPolygons(double[][] polygons) {
        if (polygons.length == 0) {
            throw new IllegalArgumentException("segmentation has no polygon");
        }
        return new Segmentation(polygons, null);
    }

    /** Uncompressed RLE: {@code {"size": [h, w], "counts": [...]}}. */
    public static Segmentation ofCounts(int height, int width, int[] counts) {
        return ofRle(new Rle(height, width, counts));
    }

    /** Compressed RLE: {@code {"size": [h, w], "counts": "..."}}. */
    public static Segmentation ofCompressed(int height, int width, String counts) {
        return ofRle(RleCodec.decode(counts, height, width));
    }

    /**
     * Compressed RLE kept as its string: {@link #decoded} decodes and checks it. A results file
     * holds one per detection; decoding them together, on all cores, is faster than one by one
     * while the file is parsed.
     */
    public static Segmentation ofCompressedUndecoded(int height, int width, char[] counts) {
        return new Segmentation(null, null, counts, height, width);
    }

    /**
     * This segmentation with a compressed RLE decoded and checked (this one otherwise).
     *
     * @throws IllegalArgumentException for an invalid string or runs that do not cover the size
     */
    public Segmentation decoded() {
        return compressed == null ? this
                : ofRle(RleCodec.decode(compressed, 0, compressed.length, height, width));
    }

    /** An RLE, checked to cover its {@code size} exactly. */
    public static Segmentation ofRle(Rle rle) {
        checkSum(rle);
        return new Segmentation(null, rle);
    }

    /** A runs total other than h*w would make the run-walking loops of the mask API misbehave. */
    private static void checkSum(Rle rle) {
        long expected = (long) rle.height() * rle.width();
        if (rle.total() != expected) {
            throw new IllegalArgumentException("RLE counts sum to " + rle.total() + ", expected "
                    + rle.height() + "*" + rle.width() + " = " + expected);
        }
    }

    public boolean isPolygon() {
        return polygons != null;
    }

    /** Polygons, or null for an RLE; callers must not modify them. */
    public double[][] polygons() {
        return polygons;
    }

    /** The compressed counts string of an RLE, or null for polygons. */
    public String compressedCounts() {
        if (compressed != null) {
            return new String(compressed);
        }
        return rle == null ? null : RleCodec.encode(rle);
    }

    /**
     * The mask as RLE. Polygons are rasterised at the image size and merged into one mask; RLEs
     * keep their own {@code size}, as in pycocotools.
     */
    public Rle toRle(int imageHeight, int imageWidth) {
        if (polygons != null) {
            return PolygonRasterizer.fromPolygons(polygons, imageHeight, imageWidth);
        }
        return rle != null ? rle : decoded().rle;
    }
}
