package org.mmdet4j.data.sample;

import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.mask.PolygonRasterizer;
import org.mmdet4j.mask.RleBitmaps;

/**
 * Instance masks kept as polygons in pixel coordinates (COCO's {@code segmentation} lists),
 * like mmdetection's {@code PolygonMasks}: each instance holds one or more polygons
 * {@code [x0, y0, x1, y1, ...]}. Geometry is applied to the vertices, with the same formulas
 * as the boxes (v2: horizontal flip is {@code x' = w - x}), so masks and boxes stay aligned.
 * Vertices are doubles, as mmdetection's float64 arrays, and become bitmaps through
 * pycocotools' rasterisation ({@link PolygonRasterizer}), as there.
 */
public final class PolygonMasks implements InstanceMasks {
    private final List<List<double[]>> polygons;
    private final int height;
    private final int width;

    public PolygonMasks(List<List<double[]>> polygons, int height, int width) {
        this.polygons = List.copyOf(polygons);
        this.height = height;
        this.width = width;
    }

    public List<List<double[]>> polygons() {
        return polygons;
    }

    @Override
    public int size() {
        return polygons.size();
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    private interface VertexMap {
        void apply(double[] p);
    }

    private PolygonMasks map(VertexMap f, int outHeight, int outWidth) {
        List<List<double[]>> out = new ArrayList<>(polygons.size());
        for (List<double[]> inst : polygons) {
            List<double[]> polys = new ArrayList<>(inst.size());
            for (double[] p : inst) {
                double[] q = p.clone();
                f.apply(q);
                polys.add(q);
            }
            out.add(polys);
        }
        return new PolygonMasks(out, outHeight, outWidth);
    }

    @Override
    public PolygonMasks resize(int outHeight, int outWidth) {
        double ws = (double) outWidth / width;
        double hs = (double) outHeight / height;
        return map(p -> {
            for (int i = 0; i < p.length; i += 2) {
                p[i] *= ws;
                p[i + 1] *= hs;
            }
        }, outHeight, outWidth);
    }

    @Override
    public PolygonMasks flip(FlipDirection direction) {
        return map(p -> {
            for (int i = 0; i < p.length; i += 2) {
                if (direction.flipsX()) {
                    p[i] = width - p[i];
                }
                if (direction.flipsY()) {
                    p[i + 1] = height - p[i + 1];
                }
            }
        }, height, width);
    }

    @Override
    public PolygonMasks pad(int outHeight, int outWidth) {
        return new PolygonMasks(polygons, outHeight, outWidth);
    }

    /** Vertices are shifted, not clipped; rasterizing clips them, as pycocotools does upstream. */
    @Override
    public PolygonMasks crop(int x1, int y1, int x2, int y2) {
        return map(p -> {
            for (int i = 0; i < p.length; i += 2) {
                p[i] -= x1;
                p[i + 1] -= y1;
            }
        }, y2 - y1, x2 - x1);
    }

    /** mmdetection leaves this unimplemented for polygons; a shift of the vertices is exact. */
    @Override
    public PolygonMasks expand(int outHeight, int outWidth, int top, int left) {
        return map(p -> {
            for (int i = 0; i < p.length; i += 2) {
                p[i] += left;
                p[i + 1] += top;
            }
        }, outHeight, outWidth);
    }

    @Override
    public PolygonMasks select(int[] indices) {
        List<List<double[]>> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(polygons.get(i));
        }
        return new PolygonMasks(out, height, width);
    }

    /** mmdetection's {@code polygon_to_bitmap}: pycocotools' union of the instance's polygons. */
    @Override
    public byte[] toBitmap(int i) {
        double[][] polys = polygons.get(i).toArray(new double[0][]);
        return RleBitmaps.decodeRowMajor(PolygonRasterizer.fromPolygons(polys, height, width));
    }

    @Override
    public float[] boundingBoxes() {
        float[] boxes = new float[4 * polygons.size()];
        for (int i = 0; i < polygons.size(); i++) {
            double x1 = Double.POSITIVE_INFINITY;
            double y1 = Double.POSITIVE_INFINITY;
            double x2 = Double.NEGATIVE_INFINITY;
            double y2 = Double.NEGATIVE_INFINITY;
            for (double[] p : polygons.get(i)) {
                for (int k = 0; k < p.length; k += 2) {
                    x1 = Math.min(x1, p[k]);
                    x2 = Math.max(x2, p[k]);
                    y1 = Math.min(y1, p[k + 1]);
                    y2 = Math.max(y2, p[k + 1]);
                }
            }
            if (x1 > x2) {
                x1 = y1 = x2 = y2 = 0;
            }
            boxes[4 * i] = (float) x1;
            boxes[4 * i + 1] = (float) y1;
            boxes[4 * i + 2] = (float) x2;
            boxes[4 * i + 3] = (float) y2;
        }
        return boxes;
    }
}
