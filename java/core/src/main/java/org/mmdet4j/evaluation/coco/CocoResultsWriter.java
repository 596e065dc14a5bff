package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mmdet4j.mask.Segmentation;

/**
 * Writes detections as a COCO results file. Masks are written as compressed RLE, the only mask
 * form pycocotools' {@code loadRes} accepts for detections without a box.
 */
final class CocoResultsWriter {
    private CocoResultsWriter() {
    }

    static void write(CocoDetections d, Path file) {
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 0; i < d.size(); i++) {
                g.writeStartObject();
                g.writeNumberField("image_id", d.imageIds[i]);
                g.writeNumberField("category_id", d.categoryIds[i]);
                if (d.hasBox[i]) {
                    g.writeArrayFieldStart("bbox");
                    for (int j = 0; j < 4; j++) {
                        g.writeNumber(d.boxes[4 * i + j]);
                    }
                    g.writeEndArray();
                }
                g.writeNumberField("score", d.scores[i]);
                Segmentation s = d.segms[i];
                if (s != null) {
                    g.writeFieldName("segmentation");
                    writeSegmentation(g, s);
                }
                if (d.keypoints[i] != null) {
                    g.writeFieldName("keypoints");
                    g.writeArray(d.keypoints[i], 0, d.keypoints[i].length);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void writeSegmentation(JsonGenerator g, Segmentation s) throws IOException {
        if (s.isPolygon()) {
            g.writeStartArray();
            for (double[] poly : s.polygons()) {
                g.writeArray(poly, 0, poly.length);
            }
            g.writeEndArray();
            return;
        }
        var rle = s.toRle(0, 0);
        g.writeStartObject();
        g.writeArrayFieldStart("size");
        g.writeNumber(rle.height());
        g.writeNumber(rle.width());
        g.writeEndArray();
        g.writeStringField("counts", s.compressedCounts());
        g.writeEndObject();
    }
}
