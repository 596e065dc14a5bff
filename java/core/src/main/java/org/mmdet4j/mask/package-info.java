/**
 * Binary masks as the COCO mask API ({@code pycocotools.mask}) defines them: column-major
 * run-length encoding ({@link org.mmdet4j.mask.Rle}), its compressed string form
 * ({@link org.mmdet4j.mask.RleCodec}), polygon rasterisation
 * ({@link org.mmdet4j.mask.PolygonRasterizer}), merge and IoU ({@link org.mmdet4j.mask.RleOps}).
 *
 * <p>The package belongs to neither data loading nor evaluation because both need the same
 * pixels: mmdetection builds training masks with pycocotools and scores predicted masks with
 * it, so a mask decoded or rasterised here is the one both sides see.
 */
package org.mmdet4j.mask;
