package org.mmdet4j.data.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.mask.Segmentation;

/**
 * Reads mmdetection's "middle format" ({@code CustomDataset}) from JSON, the format any
 * dataset can be converted to:
 * <pre>{@code
 * {"classes": ["cat", "dog"],            // optional: names the file's labels index
 *  "images": [{"filename": "a.jpg", "width": 640, "height": 480,
 *              "ann": {"bboxes": [[x1, y1, x2, y2], ...], "labels": [0, ...],
 *                      "bboxes_ignore": [...], "labels_ignore": [...]}}]}
 * }</pre>
 * A bare list of images is accepted too (labels then index the configured classes). Labels are
 * remapped by name onto the selected classes. Reported: labels outside the class list,
 * NaN/inverted/outside boxes, zero-size images, duplicate file names.
 */
public final class MiddleFormatParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MiddleFormatParser() {
    }

    public static ParsedDataset parse(Path annFile, List<String> classes, boolean testMode) {
        JsonNode root;
        try {
            root = JSON.readTree(annFile.toFile());
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read annotation file " + annFile + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode images = root != null && root.isObject() ? root.path("images") : root;
        if (images == null || !images.isArray()) {
            throw new InvalidAnnotationException(annFile + ": expected a list of images or {\"images\": [...]}");
        }
        List<String> fileClasses = new ArrayList<>();
        if (root.isObject() && root.path("classes").isArray()) {
            root.path("classes").forEach(c -> fileClasses.add(c.asText()));
        } else if (classes != null) {
            fileClasses.addAll(classes);
        } else {
            throw new InvalidAnnotationException(annFile + ": the file names no classes; set 'classes' in the dataset config");
        }
        ClassSelection sel = new ClassSelection(classes != null ? classes : fileClasses, fileClasses,
                annFile.getFileName().toString());
        ProblemLog log = new ProblemLog(annFile.toString());
        List<DataInfo> infos = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        int total = 0;
        for (int i = 0; i < images.size(); i++) {
            JsonNode img = images.get(i);
            String name = img.path("filename").asText();
            String entry = "image #" + i + " ('" + name + "')";
            int w = img.path("width").asInt(0);
            int h = img.path("height").asInt(0);
            if (!names.add(name)) {
                log.add(entry, "duplicate filename");
                continue;
            }
            int mark = log.size();
            if (w <= 0 || h <= 0) {
                log.add(entry, "zero-size image (width=" + w + ", height=" + h + ")");
                log.dropImageIfInvalidSince(mark, entry);
                continue;
            }
            JsonNode ann = img.path("ann");
            Part kept = part(ann.path("bboxes"), ann.path("labels"), entry, "", w, h, fileClasses, sel, log);
            Part ign = part(ann.path("bboxes_ignore"), ann.path("labels_ignore"), entry, " ignore", w, h,
                    fileClasses, sel, log);
            // An image with an invalid box is left out whole (see CocoParser).
            if (log.dropImageIfInvalidSince(mark, entry)) {
                continue;
            }
            total += kept.labels.size() + ign.labels.size();
            infos.add(new DataInfo(String.valueOf(i), name, w, h, new Annotations(kept.boxes.toArray(),
                    CocoParser.toLongs(kept.labels), ign.boxes.toArray(), CocoParser.toLongs(ign.labels),
                    kept.masks, kept.ids)));
        }
        if (!testMode && total == 0 && log.isEmpty()) {
            throw new InvalidAnnotationException(annFile + ": no image has any annotation; nothing to train on");
        }
        return new ParsedDataset(infos, sel.classes(), log);
    }

    private record Part(FloatList boxes, List<Long> labels, List<Segmentation> masks, List<String> ids) {
    }

    private static Part part(JsonNode boxes, JsonNode labels, String entry, String kind, int w, int h,
                             List<String> fileClasses, ClassSelection sel, ProblemLog log) {
        Part p = new Part(new FloatList(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int n = boxes.isArray() ? boxes.size() : 0;
        if (labels.size() != n) {
            log.add(entry, n + kind + " boxes but " + labels.size() + kind + " labels");
            return p;
        }
        for (int k = 0; k < n; k++) {
            JsonNode b = boxes.get(k);
            String boxEntry = entry + kind + " box #" + k;
            long label = labels.get(k).asLong(-1);
            if (label < 0 || label >= fileClasses.size()) {
                log.add(boxEntry, "unknown label " + labels.get(k) + " (" + fileClasses.size() + " classes)");
                continue;
            }
            double x1 = b.path(0).isNumber() ? b.path(0).asDouble() : Double.NaN;
            double y1 = b.path(1).isNumber() ? b.path(1).asDouble() : Double.NaN;
            double x2 = b.path(2).isNumber() ? b.path(2).asDouble() : Double.NaN;
            double y2 = b.path(3).isNumber() ? b.path(3).asDouble() : Double.NaN;
            String bad = BoxCheck.check(x1, y1, x2 - x1, y2 - y1, w, h);
            if (bad != null) {
                log.add(boxEntry, bad);
                continue;
            }
            int mapped = sel.label(fileClasses.get((int) label));
            if (mapped < 0) {
                continue;
            }
            float[] box = {(float) x1, (float) y1, (float) x2, (float) y2};
            p.boxes.add(box);
            p.labels.add((long) mapped);
            p.masks.add(Segmentation.ofPolygons(new double[][] {
                    {box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]}}));
            p.ids.add(boxEntry);
        }
        return p;
    }
}
