package org.mmdet4j.data.shapes;

/**
 * One drawn object: its class, its outline as a polygon {@code [x0, y0, ...]} in pixel
 * coordinates (circles as a 32-gon) and its tight box {@code (x1, y1, x2, y2)}. The polygon
 * holds the 2-decimal values the annotation file gets, and it was filled with the rasteriser
 * that turns annotations into training masks, so the mask of an object is exactly its pixels.
 */
public record ShapeInstance(ShapeKind kind, double[] polygon, float[] box) {
    /** Polygon area by the shoelace formula, COCO's {@code area} for a polygon. */
    public double area() {
        double a = 0;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            a += polygon[2 * j] * polygon[2 * i + 1] - polygon[2 * i] * polygon[2 * j + 1];
        }
        return Math.abs(a) / 2;
    }
}
