package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.mask.Segmentation;

/** Streams a COCO annotation file into a {@link CocoGroundTruth}; unknown keys are skipped. */
final class CocoGroundTruthReader {
    private CocoGroundTruthReader() {
    }

    static CocoGroundTruth read(Path file, boolean withMasks) {
        CocoGroundTruth.Builder b = new CocoGroundTruth.Builder(file.toString());
        String section = "top level";
        int entry = -1;
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            p.nextToken();
            JsonValues.expect(p, JsonToken.START_OBJECT, "expected a JSON object");
            boolean sawImages = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                entry = -1;
                section = name;
                switch (name) {
                    case "images" -> {
                        sawImages = true;
                        JsonValues.expect(p, JsonToken.START_ARRAY, "'images' must be an array");
                        for (entry = 0; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                            readImage(p, b);
                        }
                    }
                    case "categories" -> {
                        JsonValues.expect(p, JsonToken.START_ARRAY, "'categories' must be an array");
                        for (entry = 0; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                            readCategory(p, b);
                        }
                    }
                    case "annotations" -> {
                        JsonValues.expect(p, JsonToken.START_ARRAY, "'annotations' must be an array");
                        for (entry = 0; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                            readAnnotation(p, b, withMasks);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!sawImages) {
                throw new IllegalArgumentException("no 'images' list: not a COCO annotation file");
            }
            section = "annotations";
            entry = -1;
            return b.build();
        } catch (JsonProcessingException e) {
            throw JsonValues.malformed(file.toString(), e);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new EvaluationException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String where = entry >= 0 ? " entry #" + entry + " of '" + section + "'" : "";
            throw new EvaluationException(file + ":" + where + (where.isEmpty() ? " " : ": ")
                    + e.getMessage(), e);
        }
    }

    private static void readImage(JsonParser p, CocoGroundTruth.Builder b) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "an image must be an object");
        Long id = null;
        int h = 0, w = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = JsonValues.id(p, "id");
                case "height" -> h = (int) JsonValues.id(p, "height");
                case "width" -> w = (int) JsonValues.id(p, "width");
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("image without 'id'");
        }
        b.addImage(id, h, w);
    }

    private static void readCategory(JsonParser p, CocoGroundTruth.Builder b) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a category must be an object");
        Long id = null;
        String catName = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = JsonValues.id(p, "id");
                case "name" -> catName = p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("category without 'id'");
        }
        b.addCategory(id, catName == null ? String.valueOf(id) : catName);
    }

    private static void readAnnotation(JsonParser p, CocoGroundTruth.Builder b, boolean withMasks)
            throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "an annotation must be an object");
        Long id = null, imageId = null, catId = null;
        double[] box = null;
        double area = Double.NaN;
        boolean crowd = false;
        Segmentation segm = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = JsonValues.id(p, "id");
                case "image_id" -> imageId = JsonValues.id(p, "image_id");
                case "category_id" -> catId = JsonValues.id(p, "category_id");
                case "bbox" -> box = JsonValues.numberArray(p, "bbox");
                case "area" -> area = JsonValues.finiteNumber(p, "area");
                case "iscrowd" -> crowd = JsonValues.flag(p, "iscrowd");
                case "segmentation" -> {
                    if (withMasks) {
                        segm = JsonValues.segmentation(p);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        String what = id == null ? "annotation" : "annotation id " + id;
        if (id == null || imageId == null || catId == null) {
            throw new IllegalArgumentException(what + " lacks 'id', 'image_id' or 'category_id'");
        }
        if (Double.isNaN(area)) {
            throw new IllegalArgumentException(what + " has no 'area'");
        }
        if (box == null) {
            box = new double[4];
            if (!withMasks) {
                throw new IllegalArgumentException(what + " has no 'bbox'");
            }
        } else if (box.length != 4) {
            throw new IllegalArgumentException(what + ": 'bbox' must be [x, y, w, h]");
        }
        if (withMasks && segm == null) {
            throw new IllegalArgumentException(what + " has no 'segmentation'");
        }
        b.addAnnotation(id, imageId, catId, box, area, crowd, segm);
    }
}
