package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link CocoEvalResult} as JSON and as a per-category table:
 * <pre>
 * {"metric": "bbox", "stats": [12 numbers], "stat_names": [...],
 *  "per_category": {"&lt;category id&gt;": {"name": "person", "ap": .., "ap50": .., "ap75": ..}}}
 * </pre>
 * Category keys are ids because names need not be unique. A category without ground truth has
 * {@code null} APs (NaN in mmdetection's table).
 */
public final class CocoEvalReport {
    private CocoEvalReport() {
    }

    public static void writeJson(CocoEvalResult r, Path file) {
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("metric", r.iouType().label());
            g.writeArrayFieldStart("stats");
            for (double s : r.stats()) {
                g.writeNumber(s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("stat_names");
            for (String s : CocoEvalResult.STAT_NAMES) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("per_category");
            long[] ids = r.categoryIds();
            String[] names = r.categoryNames();
            boolean has50 = r.params().iouIndex(.5) >= 0, has75 = r.params().iouIndex(.75) >= 0;
            for (int k = 0; k < ids.length; k++) {
                g.writeObjectFieldStart(Long.toString(ids[k]));
                g.writeStringField("name", names[k]);
                writeNumberOrNull(g, "ap", r.categoryAp(k, -1));
                writeNumberOrNull(g, "ap50", has50 ? r.categoryAp(k, .5) : Double.NaN);
                writeNumberOrNull(g, "ap75", has75 ? r.categoryAp(k, .75) : Double.NaN);
                g.writeEndObject();
            }
            g.writeEndObject();
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

    /** mmdetection's classwise table: category, AP, AP50, AP75 with three decimals. */
    public static List<String> categoryTable(CocoEvalResult r) {
        long[] ids = r.categoryIds();
        String[] names = r.categoryNames();
        int width = "category".length();
        for (String n : names) {
            width = Math.max(width, n.length());
        }
        List<String> lines = new ArrayList<>();
        String fmt = "%-" + width + "s  %6s  %6s  %6s";
        lines.add(String.format(Locale.ROOT, fmt, "category", "AP", "AP50", "AP75"));
        boolean has50 = r.params().iouIndex(.5) >= 0, has75 = r.params().iouIndex(.75) >= 0;
        for (int k = 0; k < ids.length; k++) {
            lines.add(String.format(Locale.ROOT, fmt, names[k], cell(r.categoryAp(k, -1)),
                    cell(has50 ? r.categoryAp(k, .5) : Double.NaN),
                    cell(has75 ? r.categoryAp(k, .75) : Double.NaN)));
        }
        return lines;
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "nan" : CocoEvalResult.fixed(v, 3);
    }
}
