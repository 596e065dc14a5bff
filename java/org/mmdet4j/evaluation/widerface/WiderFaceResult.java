package org.mmdet4j.evaluation.widerface;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * The three APs of the official WIDER FACE evaluation, and the score range its normalisation
 * used. An AP is NaN when its subset keeps no face (the official script divides by zero too).
 */
public record WiderFaceResult(double easy, double medium, double hard, ScoreRange scores) {
    /** The official script's report, each AP printed as Python prints a float. */
    public List<String> summaryLines() {
        return List.of(
                "==================== Results ====================",
                "Easy   Val AP: " + pythonFloat(easy),
                "Medium Val AP: " + pythonFloat(medium),
                "Hard   Val AP: " + pythonFloat(hard),
                "=================================================");
    }

    /** {@code {"easy": .., "medium": .., "hard": ..}}; a NaN AP is written as null. */
    public void writeJson(Path file) {
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            writeNumberOrNull(g, "easy", easy);
            writeNumberOrNull(g, "medium", medium);
            writeNumberOrNull(g, "hard", hard);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void writeNumberOrNull(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    /**
     * Python's {@code str(float)} for values from 1e-4 up (plain digits, the shortest that read
     * back); "nan" for NaN. Outside that range Java's exponent form is kept.
     */
    static String pythonFloat(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (v == 0) {
            return "0.0";
        }
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e16) {
            return Double.toString(v);
        }
        String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
