package org.mmdet4j.evaluation.coco;

import org.mmdet4j.evaluation.mask.PolygonRasterizer;
import org.mmdet4j.evaluation.mask.Rle;
import org.mmdet4j.evaluation.mask.RleCodec;
import org.mmdet4j.evaluation.mask.RleOps;

/**
 * A segmentation as written in COCO JSON: polygons, uncompressed RLE ({@code counts} a list) or
 * compressed RLE ({@code counts} a string). {@link #toRle} converts it the way pycocotools'
 * {@code annToRLE} does.
 */
public final class Segmentation {
    private final double[][] polygons;
    private final int[] counts;
    private final String compressed;
    private final int height;
    private final int width;

    private Segmentation(double[][] polygons, int[] counts, String compressed, int height, int width) {
        this.polygons = polygons;
        this.counts = counts;
        this.compressed = compressed;
        this.height = height;
        this.width = width;
    }

    public static Segmentation ofPolygons(double[][] polygons) {
        if (polygons.length == 0) {
            throw new IllegalArgumentException("segmentation has no polygon");
        }
        return new Segmentation(polygons, null, null, 0, 0);
    }

    public static Segmentation ofCounts(int height, int width, int[] counts) {
        checkSum(height, width, counts);
        return new Segmentation(null, counts, null, height, width);
    }

    public static Segmentation ofCompressed(int height, int width, String counts) {
        Rle rle = RleCodec.decode(counts, height, width);
        checkSum(height, width, rle.counts());
        return new Segmentation(null, null, counts, height, width);
    }

    public static Segmentation of(Rle rle) {
        return new Segmentation(null, null, RleCodec.encode(rle), rle.height(), rle.width());
    }

    /** A runs total other than h*w would make the run-walking loops of the mask API misbehave. */
    private static void checkSum(int h, int w, int[] counts) {
        long total = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("RLE has a negative count " + c);
            }
            total += c;
        }
        if (total != (long) h * w) {
            throw new IllegalArgumentException("RLE counts sum to " + total + ", expected "
                    + h + "*" + w + " = " + (long) h * w);
        }
    }

    public boolean isPolygon() {
        return polygons != null;
    }

    public boolean isCompressedRle() {
        return compressed != null;
    }

    /** Polygons, or null for an RLE. */
    public double[][] polygons() {
        return polygons;
    }

    /** The compressed counts string, or null. */
    public String compressedCounts() {
        return compressed;
    }

    /**
     * The mask as RLE. Polygons are rasterised at the image size and merged into one mask; RLEs
     * keep their own {@code size}, as in pycocotools.
     */
    public Rle toRle(int imageHeight, int imageWidth) {
        if (polygons != null) {
            Rle[] parts = new Rle[polygons.length];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = PolygonRasterizer.fromPolygon(polygons[i], imageHeight, imageWidth);
            }
            return RleOps.merge(parts, false);
        }
        if (counts != null) {
            return new Rle(height, width, counts);
        }
        return RleCodec.decode(compressed, height, width);
    }
}
