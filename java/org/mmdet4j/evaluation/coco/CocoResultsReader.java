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

/**
 * Streams a COCO results file (a JSON array of detections) into {@link CocoDetections} without
 * building a tree: a results file of 5000 images holds half a million detections.
 */
final class CocoResultsReader {
    private CocoResultsReader() {
    }

    static CocoDetections read(Path file) {
        CocoDetections.Builder b = new CocoDetections.Builder(file.toString());
        int entry = -1;
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            p.nextToken();
            JsonValues.expect(p, JsonToken.START_ARRAY, "results must be a JSON array of detections");
            for (entry = 0; p.nextToken() != JsonToken.END_ARRAY; entry++) {
                readDetection(p, b);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the results array");
            }
            entry = -1;
            return b.build();
        } catch (JsonProcessingException e) {
            throw JsonValues.malformed(file, e);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new EvaluationException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (entry >= 0 && !msg.startsWith("detection #")) {
                msg = "detection #" + entry + ": " + msg;
            }
            throw new EvaluationException(file + ": " + msg, e);
        }
    }

    private static void readDetection(JsonParser p, CocoDetections.Builder b) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a detection must be an object");
        Long imageId = null, catId = null;
        double score = Double.NaN;
        boolean hasScore = false;
        double[] box = null;
        Segmentation segm = null;
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
                // Decoded in parallel once the file is read (CocoDetections.Builder#build).
                case "segmentation" -> segm = JsonValues.segmentation(p, false);
                case "keypoints", "caption" -> throw new IllegalArgumentException(
                        "'" + name + "' results are not supported (only bbox and segm)");
                default -> p.skipChildren();
            }
        }
        if (imageId == null || catId == null || !hasScore) {
            throw new IllegalArgumentException("a detection needs 'image_id', 'category_id' and 'score'");
        }
        b.add(imageId, catId, box, score, segm);
    }
}
