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
    private final String compressed;
    private final Rle rle; // decoded once for an RLE: evaluation reads it more than once
    private final int height;
    private final int width;

    private Segmentation(double[][] polygons, Rle rle, String compressed, int height, int width) {
        this.polygons = polygons;
        this.rle = rle;
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
        return new Segmentation(null, new Rle(height, width, counts), null, height, width);
    }

    public static Segmentation ofCompressed(int height, int width, String counts) {
        Rle rle = RleCodec.decode(counts, height, width);
        checkSum(height, width, rle.counts());
        return new Segmentation(null, rle, counts, height, width);
    }

    public static Segmentation of(Rle rle) {
        checkSum(rle.height(), rle.width(), rle.counts());
        return new Segmentation(null, rle, null, rle.height(), rle.width());
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

    /** Polygons, or null for an RLE. */
    public double[][] polygons() {
        return polygons;
    }

    /** The compressed counts string of an RLE (encoded on demand), or null for polygons. */
    public String compressedCounts() {
        if (polygons != null) {
            return null;
        }
        return compressed != null ? compressed : RleCodec.encode(rle);
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
        return rle;
    }
}
