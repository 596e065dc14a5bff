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
     * Python's {@code repr(float)}: the shortest digits that read back (Java's
     * {@code Double.toString} digits), plain for decimal exponents -4 to 16 and {@code 1.5e-05}
     * beyond; "nan" for NaN.
     */
    static String pythonFloat(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = v < 0 || 1 / v < 0 ? "-" : "";
        if (v == 0) {
            return sign + "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int point = digits.length() - d.scale(); // v = 0.<digits> x 10^point
        if (point <= -4 || point > 16) {
            int exp = point - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
