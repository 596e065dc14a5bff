package org.mmdet4j.data.convert;

import java.util.List;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;

/**
 * One image's VOC annotation XML, laid out as {@code make-shapes --format voc} writes it:
 * folder, file name, size, then each object's name, {@code difficult} flag and integer
 * {@code bndbox}. The ignore set (COCO's crowd boxes) is written as difficult objects, after the
 * others. No {@code depth}: COCO does not record the channel count, and mmdetection never reads it.
 */
final class VocXml {
    private VocXml() {
    }

    static String of(DataInfo info, List<String> classes) {
        StringBuilder x = new StringBuilder();
        x.append("<annotation>\n  <folder>JPEGImages</folder>\n  <filename>").append(escape(info.id()))
                .append(".jpg</filename>\n  <size>\n    <width>").append(info.width()).append("</width>\n    <height>")
                .append(info.height()).append("</height>\n  </size>\n");
        Annotations a = info.ann();
        for (int k = 0; k < a.labels().length; k++) {
            object(x, classes.get((int) a.labels()[k]), a.bboxes(), k, false);
        }
        for (int k = 0; k < a.labelsIgnore().length; k++) {
            object(x, classes.get((int) a.labelsIgnore()[k]), a.bboxesIgnore(), k, true);
        }
        return x.append("</annotation>\n").toString();
    }

    private static void object(StringBuilder x, String name, float[] boxes, int k, boolean difficult) {
        // VOC corners are whole pixels: a fractional box is widened to the pixels it touches,
        // so the VOC box still holds the whole object.
        x.append("  <object>\n    <name>").append(escape(name)).append("</name>\n    <difficult>")
                .append(difficult ? 1 : 0).append("</difficult>\n    <bndbox>\n      <xmin>")
                .append((long) Math.floor(boxes[4 * k])).append("</xmin>\n      <ymin>")
                .append((long) Math.floor(boxes[4 * k + 1])).append("</ymin>\n      <xmax>")
                .append((long) Math.ceil(boxes[4 * k + 2])).append("</xmax>\n      <ymax>")
                .append((long) Math.ceil(boxes[4 * k + 3])).append("</ymax>\n    </bndbox>\n  </object>\n");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
