package org.mmdet4j.data.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.mask.Segmentation;

/**
 * Reads a COCO instances JSON into the middle format, with mmdetection v2's rules from
 * {@code CocoDataset._parse_ann_info}: boxes {@code [x, y, w, h]} become
 * {@code [x, y, x + w, y + h]}; {@code iscrowd} boxes go to the ignore set; entries marked
 * {@code ignore}, of unselected categories, or smaller than 1 pixel (or with area &lt;= 0) are
 * left out quietly as upstream. Entries upstream would crash on or drop without a word are
 * reported: duplicate annotation ids, unknown image or category ids, NaN/negative/infinite
 * box sizes, boxes entirely outside their image, images of zero size, and an annotation file
 * with no annotations at all (outside test mode).
 */
public final class CocoParser {
    /** Python's json module writes NaN and Infinity literally; read them so they are reported per entry. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private CocoParser() {
    }

    /**
     * @param classes the selected class names (labels follow this order), or null for every
     *                category of the file in file order
     */
    public static ParsedDataset parse(Path annFile, List<String> classes, boolean testMode) {
        JsonNode root;
        try {
            root = JSON.readTree(annFile.toFile());
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read COCO annotation file " + annFile + ": " + reason(e));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAnnotationException(annFile + ": not a COCO annotation file (expected a JSON object)");
        }
        String file = annFile.getFileName().toString();
        ProblemLog log = new ProblemLog(annFile.toString());

        Map<Long, String> catName = new LinkedHashMap<>();
        for (JsonNode c : array(root, "categories", annFile)) {
            catName.put(c.path("id").asLong(), c.path("name").asText());
        }
        ClassSelection sel = new ClassSelection(classes != null ? classes : List.copyOf(catName.values()),
                List.copyOf(catName.values()), file);

        Map<Long, JsonNode> images = new LinkedHashMap<>();
        Set<Long> badImages = new HashSet<>();
        for (JsonNode img : array(root, "images", annFile)) {
            long id = img.path("id").asLong();
            String name = img.path("file_name").asText();
            int w = img.path("width").asInt(0);
            int h = img.path("height").asInt(0);
            String entry = "image id " + id + " ('" + name + "')";
            int mark = log.size();
            if (images.containsKey(id)) {
                log.add(entry, "duplicate image id");
            } else if (w <= 0 || h <= 0) {
                log.add(entry, "zero-size image (width=" + w + ", height=" + h + ")");
            }
            if (log.dropImageIfInvalidSince(mark, entry)) {
                badImages.add(id);
            }
            images.putIfAbsent(id, img);
        }

        JsonNode anns = root.path("annotations");
        if (!testMode && (!anns.isArray() || anns.isEmpty())) {
            throw new InvalidAnnotationException(annFile + ": the 'annotations' list is "
                    + (anns.isArray() ? "empty" : "missing") + "; nothing to train on");
        }
        Map<Long, List<JsonNode>> byImage = new HashMap<>();
        // Annotations with an unknown category, reported with their image, which is left out.
        Map<Long, List<String[]>> unknownCategory = new HashMap<>();
        Set<Long> annIds = new HashSet<>();
        for (JsonNode a : anns) {
            long id = a.path("id").asLong();
            long imageId = a.path("image_id").asLong();
            String entry = "annotation id " + id + " (image id " + imageId + ")";
            if (!annIds.add(id)) {
                log.add(entry, "duplicate annotation id");
                continue;
            }
            if (!images.containsKey(imageId)) {
                log.add(entry, "unknown image id " + imageId);
                continue;
            }
            long cat = a.path("category_id").asLong();
            if (!catName.containsKey(cat)) {
                unknownCategory.computeIfAbsent(imageId, k -> new ArrayList<>()).add(new String[] {entry,
                        "unknown category id " + cat + "; categories: " + catName.keySet()});
                continue;
            }
            byImage.computeIfAbsent(imageId, k -> new ArrayList<>()).add(a);
        }

        List<DataInfo> infos = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> e : images.entrySet()) {
            if (badImages.contains(e.getKey())) {
                continue;
            }
            JsonNode img = e.getValue();
            int w = img.path("width").asInt();
            int h = img.path("height").asInt();
            int mark = log.size();
            unknownCategory.getOrDefault(e.getKey(), List.of()).forEach(p -> log.add(p[0], p[1]));
            Annotations ann = parseAnns(byImage.getOrDefault(e.getKey(), List.of()), w, h, catName, sel, log);
            // An image with an invalid annotation is left out whole: a box dropped from it would
            // make its object background.
            if (!log.dropImageIfInvalidSince(mark, "image id " + e.getKey() + " ('" + img.path("file_name").asText()
                    + "')")) {
                infos.add(new DataInfo(String.valueOf(e.getKey()), img.path("file_name").asText(), w, h, ann));
            }
        }
        return new ParsedDataset(infos, sel.classes(), log);
    }

    /**
     * Jackson's message without its multi-line source excerpt, but with the line and column, so
     * that a syntax error in a large file can be found.
     */
    private static String reason(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return j.getOriginalMessage().lines().findFirst().orElse("") + " (line " + j.getLocation().getLineNr()
                    + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static Iterable<JsonNode> array(JsonNode root, String key, Path file) {
        JsonNode n = root.path(key);
        if (!n.isArray()) {
            throw new InvalidAnnotationException(file + ": the '" + key + "' list is missing");
        }
        return n;
    }

    private static Annotations parseAnns(List<JsonNode> anns, int imgW, int imgH, Map<Long, String> catName,
                                         ClassSelection sel, ProblemLog log) {
        FloatList boxes = new FloatList();
        List<Long> labels = new ArrayList<>();
        FloatList ignore = new FloatList();
        List<Long> ignoreLabels = new ArrayList<>();
        List<Segmentation> masks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode a : anns) {
            String entry = "annotation id " + a.path("id").asLong() + " (image id " + a.path("image_id").asLong() + ")";
            if (a.path("ignore").asBoolean(false)) {
                continue;
            }
            JsonNode b = a.path("bbox");
            if (!b.isArray() || b.size() != 4) {
                log.add(entry, "bbox must be a list of 4 numbers, got " + b);
                continue;
            }
            double x = num(b.get(0));
            double y = num(b.get(1));
            double w = num(b.get(2));
            double h = num(b.get(3));
            String bad = BoxCheck.check(x, y, w, h, imgW, imgH);
            if (bad != null) {
                log.add(entry, bad);
                continue;
            }
            int label = sel.label(catName.get(a.path("category_id").asLong()));
            double area = a.has("area") ? num(a.get("area")) : w * h;
            if (label < 0 || w < 1 || h < 1 || area <= 0) {
                continue;
            }
            float[] box = {(float) x, (float) y, (float) (x + w), (float) (y + h)};
            if (a.path("iscrowd").asInt(0) != 0) {
                ignore.add(box);
                ignoreLabels.add((long) label);
                continue;
            }
            Segmentation seg;
            try {
                seg = segmentation(a.path("segmentation"), box);
            } catch (IllegalArgumentException ex) {
                log.add(entry, ex.getMessage());
                continue;
            }
            boxes.add(box);
            labels.add((long) label);
            masks.add(seg);
            ids.add(entry);
        }
        return new Annotations(boxes.toArray(), toLongs(labels), ignore.toArray(), toLongs(ignoreLabels), masks, ids);
    }

    /** Non-numbers (strings, null) read as NaN so they are reported, not read as 0. */
    private static double num(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /**
     * The annotation's mask as a {@link Segmentation}, the type evaluation reads too. RLEs are
     * decoded here, so that a malformed one is reported with its annotation; they must cover
     * their size exactly, which pycocotools' decoder assumes without checking.
     */
    private static Segmentation segmentation(JsonNode seg, float[] box) {
        if (seg.isArray()) {
            double[][] polys = new double[seg.size()][];
            for (int k = 0; k < polys.length; k++) {
                JsonNode p = seg.get(k);
                if (!p.isArray() || p.size() < 6 || p.size() % 2 != 0) {
                    throw new IllegalArgumentException("polygon needs an even number (>= 6) of coordinates, got "
                            + (p.isArray() ? p.size() : p.getNodeType()));
                }
                double[] q = new double[p.size()];
                for (int i = 0; i < q.length; i++) {
                    q[i] = p.get(i).asDouble();
                }
                polys[k] = q;
            }
            return Segmentation.ofPolygons(polys);
        }
        if (seg.isObject()) {
            JsonNode size = seg.path("size");
            int h = size.path(0).asInt();
            int w = size.path(1).asInt();
            if (h <= 0 || w <= 0) {
                throw new IllegalArgumentException("RLE segmentation needs a size [height, width] > 0, got " + size);
            }
            JsonNode counts = seg.path("counts");
            if (counts.isTextual()) {
                return Segmentation.ofCompressed(h, w, counts.asText());
            }
            if (!counts.isArray()) {
                throw new IllegalArgumentException("RLE counts must be a string or a list of run lengths, got "
                        + counts.getNodeType());
            }
            int[] runs = new int[counts.size()];
            for (int i = 0; i < runs.length; i++) {
                JsonNode c = counts.get(i);
                if (!c.canConvertToExactIntegral() || !c.canConvertToInt()) {
                    throw new IllegalArgumentException("RLE counts hold " + c + ", not a run length");
                }
                runs[i] = c.asInt();
            }
            return Segmentation.ofCounts(h, w, runs);
        }
        // No segmentation: the box itself, so a mask pipeline still has one mask per box.
        return Segmentation.ofPolygons(new double[][] {{box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]}});
    }

    static long[] toLongs(List<Long> v) {
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
