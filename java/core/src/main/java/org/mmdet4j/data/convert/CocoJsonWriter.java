package org.mmdet4j.data.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.runner.CheckpointFiles;

/**
 * Writes images and boxes as a COCO instances file: image, annotation and category ids from 1
 * in the order given (category {@code k + 1} is class {@code k}), boxes {@code [x, y, w, h]},
 * ignore-set boxes (VOC's difficult) after an image's other boxes with {@code iscrowd: 1}, as
 * mmdetection's {@code pascal_voc.py} writes them, and the box as the segmentation polygon, so
 * that a mask pipeline or a {@code segm} evaluation still finds one.
 */
public final class CocoJsonWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoJsonWriter() {
    }

    /** Writes {@code out} atomically: a failed run leaves the previous file, or none. */
    public static void write(AnnotatedImages data, Path out) {
        ObjectNode root = toJson(data);
        CheckpointFiles.writeAtomically(out, tmp -> JSON.writeValue(tmp.toFile(), root));
    }

    public static ObjectNode toJson(AnnotatedImages data) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode images = root.putArray("images");
        ArrayNode anns = root.putArray("annotations");
        long annId = 1;
        for (int i = 0; i < data.images().size(); i++) {
            DataInfo info = data.images().get(i);
            long imageId = i + 1;
            images.addObject().put("id", imageId).put("file_name", info.filename())
                    .put("width", info.width()).put("height", info.height());
            Annotations a = info.ann();
            for (int k = 0; k < a.labels().length; k++) {
                add(anns.addObject(), annId++, imageId, a.labels()[k], a.bboxes(), k, false);
            }
            for (int k = 0; k < a.labelsIgnore().length; k++) {
                add(anns.addObject(), annId++, imageId, a.labelsIgnore()[k], a.bboxesIgnore(), k, true);
            }
        }
        ArrayNode cats = root.putArray("categories");
        for (int k = 0; k < data.classes().size(); k++) {
            cats.addObject().put("id", k + 1).put("name", data.classes().get(k)).put("supercategory", "none");
        }
        return root;
    }

    private static void add(ObjectNode a, long id, long imageId, long label, float[] boxes, int k, boolean crowd) {
        double x1 = boxes[4 * k];
        double y1 = boxes[4 * k + 1];
        double x2 = boxes[4 * k + 2];
        double y2 = boxes[4 * k + 3];
        a.put("id", id).put("image_id", imageId).put("category_id", label + 1);
        ArrayNode bbox = a.putArray("bbox");
        number(bbox, x1);
        number(bbox, y1);
        number(bbox, x2 - x1);
        number(bbox, y2 - y1);
        double area = (x2 - x1) * (y2 - y1);
        if (area == Math.rint(area)) {
            a.put("area", (long) area);
        } else {
            a.put("area", area);
        }
        a.put("iscrowd", crowd ? 1 : 0);
        ArrayNode poly = a.putArray("segmentation").addArray();
        for (double v : new double[] {x1, y1, x2, y1, x2, y2, x1, y2}) {
            number(poly, v);
        }
    }

    /** Whole numbers (all of VOC's) as JSON integers, as mmdetection's converter writes them. */
    private static void number(ArrayNode a, double v) {
        if (v == Math.rint(v)) {
            a.add((long) v);
        } else {
            a.add(v);
        }
    }
}
