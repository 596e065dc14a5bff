package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.mask.RleCodec;
import org.mmdet4j.mask.Segmentation;

/**
 * Reading typed values from a streaming JSON parser. Value errors are
 * {@link IllegalArgumentException}s that the readers prefix with the file and entry.
 */
final class JsonValues {
    /** NaN and Infinity are accepted by the parser (Python's json writes them) so that the
     *  readers can reject them with a message naming the entry, instead of a syntax error.
     *  The fast double parser (exact, like {@link Double#parseDouble}) halves the time to read a
     *  results file, which is mostly 17-digit decimals. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private JsonValues() {
    }

    static boolean isNumber(JsonToken t) {
        return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** The current number; NaN and infinities are returned, callers check finiteness. */
    static double number(JsonParser p, String field) throws IOException {
        if (!isNumber(p.currentToken())) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got " + describe(p));
        }
        return p.getDoubleValue();
    }

    static double finiteNumber(JsonParser p, String field) throws IOException {
        double v = number(p, field);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("'" + field + "' is " + v);
        }
        return v;
    }

    /** An integer id; an integral float such as {@code 3.0} is accepted, as Python's dicts do. */
    static long id(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double v = p.getDoubleValue();
            if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
                return (long) v;
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be an integer id, got " + describe(p));
    }

    /** A flag such as {@code iscrowd}: a number (non-zero is true) or a boolean. */
    static boolean flag(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        return number(p, field) != 0;
    }

    static double[] numberArray(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("'" + field + "' must be an array, got " + describe(p));
        }
        double[] out = new double[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = finiteNumber(p, field);
        }
        return Arrays.copyOf(out, n);
    }

    /** Polygons {@code [[x, y, ...], ...]} or an RLE object {@code {size, counts}}. */
    static Segmentation segmentation(JsonParser p) throws IOException {
        return segmentation(p, true);
    }

    /**
     * As {@link #segmentation(JsonParser)}; with {@code decode} false a compressed RLE is kept
     * as its string, for the caller to decode ({@link Segmentation#decoded}).
     */
    static Segmentation segmentation(JsonParser p, boolean decode) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            List<double[]> polys = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                polys.add(numberArray(p, "segmentation"));
            }
            return Segmentation.ofPolygons(polys.toArray(new double[0][]));
        }
        if (t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'segmentation' must be polygons or an RLE object, got "
                    + describe(p));
        }
        int[] size = null;
        int[] counts = null;
        String compressed = null;
        char[] undecoded = null;
        Rle decoded = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "size" -> {
                    double[] s = numberArray(p, "segmentation.size");
                    if (s.length != 2 || s[0] < 0 || s[1] < 0 || s[0] != Math.rint(s[0])
                            || s[1] != Math.rint(s[1]) || s[0] * s[1] > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("'segmentation.size' must be [height, width]");
                    }
                    size = new int[] {(int) s[0], (int) s[1]};
                }
                case "counts" -> {
                    if (p.currentToken() == JsonToken.VALUE_STRING) {
                        if (!decode) {
                            int from = p.getTextOffset();
                            undecoded = Arrays.copyOfRange(p.getTextCharacters(), from,
                                    from + p.getTextLength());
                        } else if (size != null) {
                            // Usual key order (size first): decode from the parser's buffer.
                            decoded = RleCodec.decode(p.getTextCharacters(), p.getTextOffset(),
                                    p.getTextLength(), size[0], size[1]);
                        } else {
                            compressed = p.getText();
                        }
                    } else {
                        double[] c = numberArray(p, "segmentation.counts");
                        counts = new int[c.length];
                        for (int i = 0; i < c.length; i++) {
                            if (c[i] < 0 || c[i] != Math.rint(c[i]) || c[i] > Integer.MAX_VALUE) {
                                throw new IllegalArgumentException("'segmentation.counts' holds " + c[i]);
                            }
                            counts[i] = (int) c[i];
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (size == null || (counts == null && compressed == null && undecoded == null && decoded == null)) {
            throw new IllegalArgumentException("RLE 'segmentation' needs 'size' and 'counts'");
        }
        if (decoded != null) {
            return Segmentation.ofRle(decoded);
        }
        if (undecoded != null) {
            return Segmentation.ofCompressedUndecoded(size[0], size[1], undecoded);
        }
        return compressed != null ? Segmentation.ofCompressed(size[0], size[1], compressed)
                : Segmentation.ofCounts(size[0], size[1], counts);
    }

    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            default -> p.getText();
        };
    }

    /** One line for a syntax error: the source (a file name), the position and the reason. */
    static EvaluationException malformed(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String reason = e.getOriginalMessage();
        int nl = reason.indexOf('\n');
        if (nl >= 0) {
            reason = reason.substring(0, nl);
        }
        return new EvaluationException(source + ": malformed JSON" + where + ": " + reason, e);
    }

    static void expect(JsonParser p, JsonToken expected, String what) throws IOException {
        if (p.currentToken() != expected) {
            throw new IllegalArgumentException(what + ", got " + describe(p));
        }
    }
}
