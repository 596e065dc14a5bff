package org.mmdet4j.config.python;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code + - * / // % **} and unary minus on the values of a config: ints (as
 * {@code Long}, overflow is an error instead of Python's big ints), floats, string and list
 * concatenation and repetition. Booleans are rejected in arithmetic even though Python allows
 * them: {@code True + 1} in a config is far likelier a mistake than intent.
 * Errors are {@link IllegalArgumentException}s whose message the parser puts at the line.
 */
final class PyArithmetic {
    /** Repetition ({@code [0] * n}) beyond this many items is refused, to keep memory bounded. */
    static final int MAX_REPEAT_ITEMS = 1_000_000;

    private PyArithmetic() {
    }

    static Object apply(String op, Object a, Object b) {
        if (isInt(a) && isInt(b)) {
            return ints(op, (Long) a, (Long) b);
        }
        if (isNumber(a) && isNumber(b)) {
            return floats(op, ((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (op.equals("+") && a instanceof String sa && b instanceof String sb) {
            return sa + sb;
        }
        if (op.equals("+") && a instanceof List<?> la && b instanceof List<?> lb) {
            List<Object> out = new ArrayList<>(la);
            out.addAll(lb);
            return out;
        }
        if (op.equals("*") && isInt(b) && (a instanceof String || a instanceof List<?>)) {
            return repeat(a, (Long) b);
        }
        if (op.equals("*") && isInt(a) && (b instanceof String || b instanceof List<?>)) {
            return repeat(b, (Long) a);
        }
        throw new IllegalArgumentException("unsupported operand types for " + op + ": '" + PyValues.typeName(a)
                + "' and '" + PyValues.typeName(b) + "'");
    }

    static Object negate(Object a) {
        if (isInt(a)) {
            try {
                return Math.negateExact((Long) a);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("integer overflow");
            }
        }
        if (a instanceof Double d) {
            return -d;
        }
        throw new IllegalArgumentException("bad operand type for unary -: '" + PyValues.typeName(a) + "'");
    }

    static Object plus(Object a) {
        if (isNumber(a)) {
            return a;
        }
        throw new IllegalArgumentException("bad operand type for unary +: '" + PyValues.typeName(a) + "'");
    }

    private static Object ints(String op, long a, long b) {
        try {
            return switch (op) {
                case "+" -> Math.addExact(a, b);
                case "-" -> Math.subtractExact(a, b);
                case "*" -> Math.multiplyExact(a, b);
                case "/" -> {
                    nonZero(b);
                    yield (double) a / b;
                }
                case "//" -> {
                    nonZero(b);
                    yield Math.floorDiv(a, b);
                }
                case "%" -> {
                    nonZero(b);
                    yield Math.floorMod(a, b);
                }
                // Boxed apart: a numeric ?: would widen the int result to double.
                case "**" -> b < 0 ? (Object) Math.pow(a, b) : (Object) power(a, b);
                default -> throw new IllegalStateException(op);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("integer overflow in " + a + " " + op + " " + b);
        }
    }

    private static long power(long base, long exp) {
        long result = 1;
        for (long i = 0; i < exp; i++) {
            result = Math.multiplyExact(result, base);
            if (result == 0 || result == 1 && base == 1) {
                break;
            }
            if (base == -1) {
                return exp % 2 == 0 ? 1 : -1;
            }
        }
        return result;
    }

    private static double floats(String op, double a, double b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> {
                nonZero(b);
                yield a / b;
            }
            case "//" -> {
                nonZero(b);
                yield Math.floor(a / b);
            }
            case "%" -> {
                nonZero(b);
                yield a - b * Math.floor(a / b);
            }
            case "**" -> Math.pow(a, b);
            default -> throw new IllegalStateException(op);
        };
    }

    private static Object repeat(Object seq, long times) {
        long size = (seq instanceof String s ? s.length() : ((List<?>) seq).size()) * Math.max(0, times);
        if (size > MAX_REPEAT_ITEMS) {
            throw new IllegalArgumentException("repetition would make " + size + " items; the limit is "
                    + MAX_REPEAT_ITEMS);
        }
        if (seq instanceof String s) {
            return s.repeat((int) Math.max(0, times));
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) {
            out.addAll((List<?>) seq);
        }
        return out;
    }

    private static void nonZero(double b) {
        if (b == 0) {
            throw new IllegalArgumentException("division by zero");
        }
    }

    private static boolean isInt(Object v) {
        return v instanceof Long;
    }

    private static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }
}
