package org.mmdet4j.data.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.BitmapMasks;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.sample.PolygonMasks;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleBitmaps;
import org.mmdet4j.mask.Segmentation;

/**
 * mmdetection's {@code LoadAnnotations}: copies boxes, labels and ignored boxes from the
 * image's annotations and, with {@code withMask}, builds the instance masks. With
 * {@code poly2mask} (mmdetection's default) polygons are rasterized to bitmaps at the original
 * size; without it they stay polygons, which are cheaper to transform. An RLE always becomes a
 * bitmap.
 */
public final class LoadAnnotations implements Transform {
    private final boolean withBbox;
    private final boolean withLabel;
    private final boolean withMask;
    private final boolean poly2mask;

    public LoadAnnotations(boolean withBbox, boolean withLabel, boolean withMask, boolean poly2mask) {
        this.withBbox = withBbox;
        this.withLabel = withLabel;
        this.withMask = withMask;
        this.poly2mask = poly2mask;
    }

    public LoadAnnotations() {
        this(true, true, false, true);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        Annotations ann = s.info.ann();
        if (withBbox) {
            s.gtBboxes = ann.bboxes();
            s.gtBboxesIgnore = ann.bboxesIgnore();
            // Landmarks belong to their boxes: they come along whenever the data has them.
            s.gtKeypoints = ann.keypoints();
        }
        if (withLabel) {
            s.gtLabels = ann.labels();
        }
        if (withMask) {
            if (s.imgShape == null) {
                throw new IllegalStateException("LoadAnnotations with_mask needs the image size: put LoadImageFromFile first");
            }
            s.gtMasks = masks(ann.masks(), ann.annIds(), s.imgShape[0], s.imgShape[1], s.filename);
        }
        return s;
    }

    /**
     * With {@code poly2mask}, mmdetection's {@code _poly2mask}: the polygons of an instance are
     * rasterised with pycocotools ({@code frPyObjects}, {@code merge}, {@code decode}), so the
     * training masks are mmdetection's pixel for pixel.
     */
    private InstanceMasks masks(List<Segmentation> segs, List<String> annIds, int h, int w, String file) {
        boolean allPolygons = segs.stream().allMatch(Segmentation::isPolygon);
        if (allPolygons && !poly2mask) {
            List<List<double[]>> polys = new ArrayList<>(segs.size());
            for (Segmentation seg : segs) {
                polys.add(List.of(seg.polygons()));
            }
            return new PolygonMasks(polys, h, w);
        }
        List<byte[]> bitmaps = new ArrayList<>(segs.size());
        for (int i = 0; i < segs.size(); i++) {
            Segmentation seg = segs.get(i);
            Rle rle = seg.toRle(h, w);
            if (!seg.isPolygon() && (rle.height() != h || rle.width() != w)) {
                // Name the annotation: a whole-image message leaves the user searching the file.
                String which = i < annIds.size() ? annIds.get(i) + ": " : "";
                throw new IllegalArgumentException(which + "RLE mask size " + rle.height() + "x" + rle.width()
                        + " differs from image size " + h + "x" + w + " in " + file);
            }
            bitmaps.add(RleBitmaps.decodeRowMajor(rle));
        }
        return new BitmapMasks(bitmaps, h, w);
    }
}
