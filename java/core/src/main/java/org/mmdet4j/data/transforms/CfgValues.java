package org.mmdet4j.data.transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the loosely typed values mmdetection configs use for transform arguments (a scale is
 * {@code (w, h)} or a list of them; a ratio is a float or a list), with errors that say what
 * was expected.
 */
public final class CfgValues {
    private CfgValues() {
    }

    public static double number(Object v, String key) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(key + " must be a number, got " + v);
    }

    public static double[] numbers(Object v, String key) {
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(l.get(i), key);
            }
            return out;
        }
        throw new IllegalArgumentException(key + " must be a number or a list of numbers, got " + v);
    }

    public static float[] floats(List<Double> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    /** {@code (w, h)} or {@code [(w, h), ...]} as a list of int pairs. */
    public static List<int[]> scales(Object v, String key) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Number) {
            return List.of(pair(l, key));
        }
        if (v instanceof List<?> l) {
            List<int[]> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof List<?> p)) {
                    throw new IllegalArgumentException(key + " must be (w, h) or a list of (w, h), got " + v);
                }
                out.add(pair(p, key));
            }
            return out;
        }
        throw new IllegalArgumentException(key + " must be (w, h) or a list of (w, h), got " + v);
    }

    private static int[] pair(List<?> p, String key) {
        if (p.size() != 2 || !(p.get(0) instanceof Number a) || !(p.get(1) instanceof Number b)) {
            throw new IllegalArgumentException(key + " entries must be two ints (w, h), got " + p);
        }
        return new int[] {a.intValue(), b.intValue()};
    }

    public static List<String> strings(Object v, String key) {
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        throw new IllegalArgumentException(key + " must be a string or a list of strings, got " + v);
    }
}
