/**
 * Converters between the two annotation layouts the datasets read: Pascal VOC (one XML file per
 * image, a split list, {@code JPEGImages/}) and COCO (one JSON file), behind
 * {@code mmdet4j convert voc2coco|coco2voc}.
 *
 * <p>Both directions read through the datasets' own parsers ({@code VocParser},
 * {@code CocoParser}), so a converted file holds the boxes training would have seen in the
 * original, and both use one box convention: VOC corners are read as given (mmdetection v2's
 * {@code XMLDataset}, no "-1"), so a VOC box {@code xmin..xmax} becomes the COCO box
 * {@code [xmin, ymin, xmax - xmin, ymax - ymin]} and back. mmdetection's own
 * {@code tools/dataset_converters/pascal_voc.py} subtracts 1 from every corner, a v1 habit that
 * would shift each box a pixel against what {@code VOCDataset} trains on; it is not followed.
 * VOC stores whole pixels, so a fractional COCO box is widened to the pixels it touches
 * (as {@code make-shapes --format voc} does).
 */
package org.mmdet4j.data.convert;
