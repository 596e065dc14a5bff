package org.mmdet4j.data.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a generated split in the layouts the datasets read:
 * <pre>
 * OUT/JPEGImages/{split}_000000.jpg            images (shared by both formats)
 * OUT/annotations/instances_{split}.json       COCO: boxes, polygon masks, areas
 * OUT/Annotations/{split}_000000.xml           VOC XML
 * OUT/ImageSets/Main/{split}.txt               VOC split file
 * </pre>
 * So OUT is itself a VOC-style root ({@code img_prefix=OUT}), and a COCO config uses
 * {@code img_prefix=OUT/JPEGImages/}.
 */
public final class ShapesWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShapesWriter() {
    }

    public static void writeImages(Path out, List<ShapesImage> images) throws IOException {
        Path dir = Files.createDirectories(out.resolve("JPEGImages"));
        for (ShapesImage img : images) {
            Files.write(dir.resolve(img.fileName()), img.jpeg());
        }
    }

    public static Path writeCoco(Path out, String split, List<ShapesImage> images) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode info = root.putObject("info");
        info.put("description", "mmdet4j generated shapes dataset, split " + split);
        ArrayNode imgs = root.putArray("images");
        ArrayNode anns = root.putArray("annotations");
        long annId = 1;
        for (int i = 0; i < images.size(); i++) {
            ShapesImage im = images.get(i);
            long imageId = i + 1;
            imgs.addObject().put("id", imageId).put("file_name", im.fileName())
                    .put("width", im.width()).put("height", im.height());
            for (ShapeInstance s : im.objects()) {
                float[] b = s.box();
                ObjectNode a = anns.addObject();
                a.put("id", annId++).put("image_id", imageId).put("category_id", s.kind().ordinal() + 1);
                ArrayNode bbox = a.putArray("bbox");
                bbox.add(round2(b[0])).add(round2(b[1])).add(round2(b[2] - b[0])).add(round2(b[3] - b[1]));
                a.put("area", round2(s.area()));
                a.put("iscrowd", 0);
                ArrayNode poly = a.putArray("segmentation").addArray();
                for (double v : s.polygon()) {
                    poly.add(round2(v));
                }
            }
        }
        ArrayNode cats = root.putArray("categories");
        for (ShapeKind k : ShapeKind.values()) {
            cats.addObject().put("id", k.ordinal() + 1).put("name", k.className()).put("supercategory", "shape");
        }
        Path file = Files.createDirectories(out.resolve("annotations")).resolve("instances_" + split + ".json");
        Files.write(file, JSON.writeValueAsBytes(root));
        return file;
    }

    public static Path writeVoc(Path out, String split, List<ShapesImage> images) throws IOException {
        Path annDir = Files.createDirectories(out.resolve("Annotations"));
        StringBuilder ids = new StringBuilder();
        for (ShapesImage im : images) {
            String id = im.fileName().substring(0, im.fileName().length() - 4);
            ids.append(id).append('\n');
            StringBuilder x = new StringBuilder();
            x.append("<annotation>\n  <folder>JPEGImages</folder>\n  <filename>").append(im.fileName())
                    .append("</filename>\n  <size>\n    <width>").append(im.width()).append("</width>\n    <height>")
                    .append(im.height()).append("</height>\n    <depth>3</depth>\n  </size>\n");
            for (ShapeInstance s : im.objects()) {
                float[] b = s.box();
                // VOC stores integer pixel corners: the box is widened to whole pixels.
                x.append("  <object>\n    <name>").append(s.kind().className())
                        .append("</name>\n    <difficult>0</difficult>\n    <bndbox>\n      <xmin>")
                        .append((int) Math.floor(b[0])).append("</xmin>\n      <ymin>").append((int) Math.floor(b[1]))
                        .append("</ymin>\n      <xmax>").append((int) Math.ceil(b[2])).append("</xmax>\n      <ymax>")
                        .append((int) Math.ceil(b[3])).append("</ymax>\n    </bndbox>\n  </object>\n");
            }
            x.append("</annotation>\n");
            Files.writeString(annDir.resolve(id + ".xml"), x, StandardCharsets.UTF_8);
        }
        Path split0 = Files.createDirectories(out.resolve("ImageSets").resolve("Main")).resolve(split + ".txt");
        Files.writeString(split0, ids, StandardCharsets.UTF_8);
        return split0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
