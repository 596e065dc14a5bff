package org.mmdet4j.evaluation.coco;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.evaluation.util.StableSort;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.Segmentation;

/**
 * COCO detection evaluation with the numbers of pycocotools' {@code COCOeval} (evaluate,
 * accumulate, summarize) for {@code bbox} and {@code segm}, computed on primitive arrays and in
 * parallel over (category, image) cells and then over categories.
 *
 * <pre>{@code
 * CocoGroundTruth gt = CocoGroundTruth.read(Path.of("instances_val2017.json"), IouType.BBOX);
 * CocoDetections dt = CocoDetections.read(Path.of("results.bbox.json"));
 * CocoEvalResult r = new CocoEvaluator(gt, dt, IouType.BBOX).evaluate();
 * r.summaryLines().forEach(System.out::println);   // the 12 lines pycocotools prints
 * }</pre>
 */
public final class CocoEvaluator {
    private final CocoGroundTruth gt;
    private final CocoDetections dt;
    private final IouType iouType;
    private final CocoEvalParams params;

    public CocoEvaluator(CocoGroundTruth gt, CocoDetections dt, IouType iouType) {
        this(gt, dt, iouType, CocoEvalParams.defaults());
    }

    public CocoEvaluator(CocoGroundTruth gt, CocoDetections dt, IouType iouType, CocoEvalParams params) {
        this.gt = gt;
        this.dt = dt;
        this.iouType = iouType;
        this.params = params;
    }

    /**
     * Evaluates. Detections of unknown images or categories are an error (pycocotools rejects
     * the former and silently drops the latter). No detections at all gives stats of -1.
     */
    public CocoEvalResult evaluate() {
        int numImages = gt.numImages();
        int numCats = gt.numCategories();
        if (dt.size() == 0) {
            return CocoEvalResult.empty(gt, iouType, params);
        }
        int[] dtImage = new int[dt.size()];
        int[] dtCat = new int[dt.size()];
        resolve(dtImage, dtCat);
        int numCells = numImages * numCats;
        CellIndex gtCells = new CellIndex(gt.annImage, gt.annCategory, numImages, numCells);
        CellIndex dtCells = new CellIndex(dtImage, dtCat, numImages, numCells);

        int maxDet = params.maxDets[params.maxDets.length - 1];
        // Detections kept per cell (the best maxDet), laid out cell after cell.
        int[] keptStart = new int[numCells + 1];
        for (int c = 0; c < numCells; c++) {
            keptStart[c + 1] = keptStart[c] + Math.min(dtCells.count(c), maxDet);
        }
        int totalKept = keptStart[numCells];
        int numA = params.areaRanges.length;
        int numT = params.iouThrs.length;
        EvaluatedCells cells = new EvaluatedCells(numImages, numCats, keptStart,
                new int[totalKept], new byte[numA * numT * totalKept], new int[numCells * numA]);

        IntStream.range(0, numCells).parallel().forEach(c -> evaluateCell(c, gtCells, dtCells, cells));
        return new Accumulator(params, cells, dt.scores).run(gt, iouType);
    }

    /** Image and category indices of each detection: binary searches in the sorted id arrays
     *  (no boxing per detection, as a map lookup would). */
    private void resolve(int[] dtImage, int[] dtCat) {
        for (int i = 0; i < dt.size(); i++) {
            int img = Arrays.binarySearch(gt.imageIds, dt.imageIds[i]);
            if (img < 0) {
                throw new EvaluationException(dt.source + ": detection #" + i + ": image_id "
                        + dt.imageIds[i] + " is not an image of " + gt.source
                        + " (image ids there: " + CocoGroundTruth.sample(gt.imageIds) + ")");
            }
            int cat = Arrays.binarySearch(gt.categoryIds, dt.categoryIds[i]);
            if (cat < 0) {
                throw new EvaluationException(dt.source + ": detection #" + i + ": category_id "
                        + dt.categoryIds[i] + " is not a category of " + gt.source
                        + " (category ids there: " + CocoGroundTruth.sample(gt.categoryIds) + ")");
            }
            dtImage[i] = img;
            dtCat[i] = cat;
        }
    }

    private void evaluateCell(int c, CellIndex gtCells, CellIndex dtCells, EvaluatedCells out) {
        int numGt = gtCells.count(c);
        int numDtAll = dtCells.count(c);
        if (numGt == 0 && numDtAll == 0) {
            return;
        }
        int image = c % out.numImages();
        // Detections by descending score, ties in file order (argsort(-score, 'mergesort')).
        int[] dts = new int[numDtAll];
        System.arraycopy(dtCells.items, dtCells.start[c], dts, 0, numDtAll);
        StableSort.byKeyDescending(dts, dt.scores);
        int numDt = out.keptStart()[c + 1] - out.keptStart()[c];
        System.arraycopy(dts, 0, out.keptDet(), out.keptStart()[c], numDt);

        int gtFrom = gtCells.start[c];
        double[] gtArea = new double[numGt];
        boolean[] gtCrowd = new boolean[numGt];
        long[] gtId = new long[numGt];
        for (int g = 0; g < numGt; g++) {
            int a = gtCells.items[gtFrom + g];
            gtArea[g] = gt.annAreas[a];
            gtCrowd[g] = gt.annCrowd[a];
            gtId[g] = gt.annIds[a];
        }
        double[] dtArea = new double[numDt];
        for (int d = 0; d < numDt; d++) {
            dtArea[d] = dt.areas[dts[d]];
        }
        double[] ious = new double[numDt * numGt];
        if (numDt > 0 && numGt > 0) {
            if (iouType == IouType.BBOX) {
                IouMatrix.boxes(dt.boxes, dts, numDt, gt.annBoxes, gtCells.items, gtFrom, numGt,
                        gtCrowd, ious);
            } else {
                int h = gt.imageHeights[image], w = gt.imageWidths[image];
                Rle[] dm = new Rle[numDt];
                for (int d = 0; d < numDt; d++) {
                    dm[d] = detectionMask(dts[d], h, w);
                }
                Rle[] gm = new Rle[numGt];
                for (int g = 0; g < numGt; g++) {
                    int a = gtCells.items[gtFrom + g];
                    try {
                        gm[g] = gt.annSegms[a].toRle(h, w);
                    } catch (IllegalArgumentException e) {
                        throw new EvaluationException(gt.source + ": annotation id " + gt.annIds[a]
                                + ": " + e.getMessage(), e);
                    }
                }
                IouMatrix.masks(dm, numDt, gm, numGt, gtCrowd, ious);
            }
        }
        ImageCategoryMatcher.match(params, ious, numDt, numGt, gtArea, gtCrowd, gtId, dtArea,
                out.flags(), out.keptStart()[c], out.keptDet().length, out.npig(), c * params.areaRanges.length);
    }

    /** A detection without a mask is its box as a polygon, as loadRes makes it. */
    private Rle detectionMask(int d, int h, int w) {
        Segmentation s = dt.segms[d];
        if (s == null) {
            double x1 = dt.boxes[4 * d], y1 = dt.boxes[4 * d + 1];
            double x2 = x1 + dt.boxes[4 * d + 2], y2 = y1 + dt.boxes[4 * d + 3];
            s = Segmentation.ofPolygons(new double[][] {{x1, y1, x1, y2, x2, y2, x2, y1}});
        }
        try {
            return s.toRle(h, w);
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(dt.source + ": detection #" + d + ": " + e.getMessage(), e);
        }
    }
}
