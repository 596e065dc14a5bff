package org.mmdet4j.evaluation.voc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Result of {@link VocMeanAp}: the mean AP per scale range (one value without ranges) and per
 * class its ground-truth count, detection count, final recall and AP per scale range.
 */
public record VocResult(double[] meanAp, List<ClassResult> classes) {
    public record ClassResult(int[] numGts, int numDets, double[] recall, float[] ap) {
    }

    /** mmdetection's {@code print_map_summary} table for one scale range. */
    public List<String> table(int scale, List<String> classNames) {
        List<String> lines = new ArrayList<>();
        int width = 5;
        for (String n : classNames) {
            width = Math.max(width, n.length());
        }
        String fmt = "%-" + width + "s  %6s  %6s  %6s  %6s";
        lines.add(String.format(fmt, "class", "gts", "dets", "recall", "ap"));
        for (int c = 0; c < classes.size(); c++) {
            ClassResult r = classes.get(c);
            String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
            lines.add(String.format(fmt, name, r.numGts()[scale], r.numDets(),
                    fixed((float) r.recall()[scale]), fixed(r.ap()[scale])));
        }
        lines.add(String.format(fmt, "mAP", "", "", "", fixed(meanAp[scale])));
        return lines;
    }

    private static String fixed(double v) {
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
