package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.mask.Segmentation;

/**
 * Reads a COCO results file (a JSON array of detections) into {@link CocoDetections} without
 * building a tree: a results file of 5000 images holds half a million detections. A large file is
 * read into memory and parsed in pieces on all cores ({@link ResultsPieces}), one over 2 GiB
 * streamed; errors are always reported as a parse from the start would find them.
 */
final class CocoResultsReader {
    private CocoResultsReader() {
    }

    /** Larger files than a Java array holds are streamed from disk on one thread. */
    private static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 8;

    static CocoDetections read(Path file) {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_IN_MEMORY) {
                return build(source, parseWhole(source, JsonValues.FACTORY.createParser(file.toFile())));
            }
            return read(source, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new EvaluationException(source + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    /** Results held in memory; {@code source} names them in errors. */
    static CocoDetections read(String source, byte[] json) {
        CocoDetections.Builder b = ResultsPieces.parse(source, json);
        if (b == null) {
            // Small, or a piece failed: one parse from the start names the first bad entry.
            try {
                b = parseWhole(source, JsonValues.FACTORY.createParser(json));
            } catch (IOException e) {
                throw new UncheckedIOException(source + ": " + e.getMessage(), e);
            }
        }
        return build(source, b);
    }

    private static CocoDetections build(String source, CocoDetections.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(source + ": " + e.getMessage(), e);
        }
    }

    /** Every detection from {@code parser}, which it closes. */
    private static CocoDetections.Builder parseWhole(String source, JsonParser parser) {
        CocoDetections.Builder b = new CocoDetections.Builder(source);
        int entry = -1;
        try (JsonParser p = parser) {
            p.nextToken();
            JsonValues.expect(p, JsonToken.START_ARRAY, "results must be a JSON array of detections");
            for (entry = 0; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                readDetection(p, b);
            }
            entry = -1;
            expectEnd(p);
            return b;
        } catch (JsonProcessingException e) {
            throw JsonValues.malformed(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (entry >= 0 && !msg.startsWith("detection #")) {
                msg = "detection #" + entry + ": " + msg;
            }
            throw new EvaluationException(source + ": " + msg, e);
        }
    }

    /** After the closing bracket of the results array: nothing but whitespace. */
    static void expectEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IllegalArgumentException("unexpected content after the results array");
        }
    }

    /** One detection object, the parser on its START_OBJECT. */
    static void readDetection(JsonParser p, CocoDetections.Builder b) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a detection must be an object");
        Long imageId = null, catId = null;
        double score = Double.NaN;
        boolean hasScore = false;
        double[] box = null;
        Segmentation segm = null;
        boolean keypoints = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "image_id" -> imageId = JsonValues.id(p, "image_id");
                case "category_id" -> catId = JsonValues.id(p, "category_id");
                case "score" -> {
                    score = JsonValues.finiteNumber(p, "score");
                    hasScore = true;
                }
                case "bbox" -> {
                    box = JsonValues.numberArray(p, "bbox");
                    // loadRes treats an empty bbox as absent.
                    if (box.length == 0) {
                        box = null;
                    } else if (box.length != 4) {
                        throw new IllegalArgumentException("'bbox' must be [x, y, w, h], got "
                                + box.length + " values");
                    }
                }
                // Decoded on all cores once the file is read (CocoDetections.Builder#build).
                case "segmentation" -> segm = JsonValues.segmentation(p, false);
                // Landmarks beside a box (RetinaFace's): loadRes reads such a file as bbox results.
                case "keypoints" -> {
                    keypoints = true;
                    p.skipChildren();
                }
                case "caption" -> throw new IllegalArgumentException(
                        "'caption' results are not supported (only bbox and segm)");
                default -> p.skipChildren();
            }
        }
        if (imageId == null || catId == null || !hasScore) {
            throw new IllegalArgumentException("a detection needs 'image_id', 'category_id' and 'score'");
        }
        if (keypoints && box == null && segm == null) {
            throw new IllegalArgumentException("'keypoints' results are not supported (only bbox and segm)");
        }
        b.add(imageId, catId, box, score, segm);
    }
}
