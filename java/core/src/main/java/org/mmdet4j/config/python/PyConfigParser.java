package org.mmdet4j.config.python;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.python.PyToken.Kind;

/**
 * Reads mmdetection-style Python config files without executing anything.
 *
 * <p>The supported subset is what real configs use: top-level assignments {@code name = expr}
 * (including {@code _base_}), literals (int, float, str, {@code True/False/None}), lists, tuples
 * (read as lists), {@code {...}} dicts with string keys and {@code **name} unpacking,
 * {@code dict(key=value, **name)}, names assigned earlier in the same file, subscripts
 * ({@code scales[0]}, {@code cfg['mean']}), {@code + - * / // % **} on numbers, string and list
 * concatenation, adjacent string literals, comments and docstrings. Anything else — imports,
 * other function calls, attribute access, comprehensions, lambdas, conditionals, comparisons —
 * is a {@link ConfigException} naming the file and line. The result maps each top-level name
 * not starting with {@code __} to its value, as mmcv's {@code Config} does.
 *
 * <p>The parser evaluates while it parses (there is no syntax tree), and nesting is limited to
 * {@link #MAX_DEPTH} levels so that hostile input ends in an error, never a stack overflow.
 */
public final class PyConfigParser {
    /** Deepest nesting of brackets and unary operators accepted. */
    public static final int MAX_DEPTH = 100;

    private static final Set<String> KEYWORDS = Set.of("and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
            "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
            "yield");

    private final List<PyToken> tokens;
    private final Path file;
    private final Map<String, Object> names = new LinkedHashMap<>();
    private int pos;
    private int depth;

    private PyConfigParser(String src, Path file) {
        this.file = file;
        this.tokens = PyTokenizer.tokenize(src, file);
    }

    /**
     * Parses a config file's text; {@code file} is only used in error messages.
     *
     * @return top-level names to values: {@code LinkedHashMap}, {@code ArrayList}, {@code String},
     *         {@code Long}, {@code Double}, {@code Boolean} or null; values bound to several names
     *         are shared, not copied
     */
    public static LinkedHashMap<String, Object> parseFile(String src, Path file) {
        PyConfigParser parser = new PyConfigParser(src, file);
        parser.module();
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        parser.names.forEach((k, v) -> {
            if (!k.startsWith("__")) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** Parses one expression, such as a {@code --cfg-options} value ({@code [640,480]}, {@code (1, 2)}). */
    public static Object parseExpression(String src) {
        PyConfigParser parser = new PyConfigParser(src, null);
        Object value = parser.expr();
        parser.skipNewlines();
        parser.expect(Kind.EOF, "end of the value");
        return value;
    }

    /** The 1-based line of the first top-level assignment to {@code name}, or -1. */
    public static int lineOf(String src, String name) {
        List<PyToken> toks;
        try {
            toks = PyTokenizer.tokenize(src, null);
        } catch (ConfigException e) {
            return -1;
        }
        boolean lineStart = true;
        for (int i = 0; i + 1 < toks.size(); i++) {
            PyToken t = toks.get(i);
            if (lineStart && t.is(Kind.NAME, name) && toks.get(i + 1).isOp("=")) {
                return t.line();
            }
            lineStart = t.kind() == Kind.NEWLINE;
        }
        return -1;
    }

    // ---- statements ----

    private void module() {
        while (peek().kind() != Kind.EOF) {
            if (peek().kind() == Kind.NEWLINE || peek().isOp(";")) {
                pos++;
                continue;
            }
            statement();
            if (peek().isOp(";")) {
                continue;
            }
            expect(Kind.NEWLINE, "end of line after the statement");
        }
    }

    private void statement() {
        PyToken t = peek();
        if (t.kind() == Kind.NAME && KEYWORDS.contains(t.text())) {
            throw error(t, "'" + t.text() + "' statements are outside the supported config subset "
                    + "(only assignments like name = value are allowed)");
        }
        if (t.kind() == Kind.NAME && peekAt(1).isOp("=")) {
            pos += 2;
            names.put(t.text(), expr());
            return;
        }
        if (t.kind() == Kind.NAME && peekAt(1).kind() == Kind.OP && "+-*/%".contains(peekAt(1).text())
                && peekAt(2).isOp("=")) {
            throw error(t, "augmented assignment '" + peekAt(1).text() + "=' is outside the supported config subset");
        }
        if (hasTopLevelEquals()) {
            throw error(t, "only plain names can be assigned; assigning to items or attributes is outside "
                    + "the supported config subset");
        }
        Object value = expr();
        if (!(value instanceof String)) {
            throw error(t, "a bare expression is outside the supported config subset (only assignments and "
                    + "docstrings are allowed)");
        }
    }

    /** Whether an '=' outside brackets follows before the statement ends ({@code a['x'] = 1}). */
    private boolean hasTopLevelEquals() {
        int level = 0;
        for (int i = pos; i < tokens.size(); i++) {
            PyToken t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE || t.kind() == Kind.EOF || (level == 0 && t.isOp(";"))) {
                return false;
            }
            if (t.kind() == Kind.OP && "([{".contains(t.text())) {
                level++;
            } else if (t.kind() == Kind.OP && ")]}".contains(t.text())) {
                level--;
            } else if (level == 0 && t.isOp("=")) {
                return true;
            }
        }
        return false;
    }

    // ---- expressions, by rising precedence ----

    private Object expr() {
        PyToken start = peek();
        if (++depth > MAX_DEPTH) {
            throw error(start, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        try {
            Object value = additive();
            PyToken next = peek();
            if (next.kind() == Kind.NAME && KEYWORDS.contains(next.text())) {
                throw error(next, "'" + next.text() + "' expressions are outside the supported config subset");
            }
            return value;
        } finally {
            depth--;
        }
    }

    private Object additive() {
        Object value = multiplicative();
        while (peek().isOp("+") || peek().isOp("-")) {
            PyToken op = next();
            value = arithmetic(op, value, multiplicative());
        }
        return value;
    }

    private Object multiplicative() {
        Object value = unary();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            PyToken op = next();
            value = arithmetic(op, value, unary());
        }
        return value;
    }

    private Object unary() {
        PyToken t = peek();
        if (t.isOp("-") && peekAt(1).kind() == Kind.NUMBER && !peekAt(2).isOp("**")) {
            // A negative literal is read whole, so that -9223372036854775808 fits in 64 bits as in Python.
            pos++;
            PyToken literal = next();
            Object value = number(new PyToken(Kind.NUMBER, "-" + literal.text(), literal.line()));
            return postfixOf(value);
        }
        if (t.isOp("-") || t.isOp("+")) {
            pos++;
            if (++depth > MAX_DEPTH) {
                throw error(t, "nesting deeper than " + MAX_DEPTH + " levels");
            }
            try {
                Object operand = unary();
                return wrap(t, () -> t.isOp("-") ? PyArithmetic.negate(operand) : PyArithmetic.plus(operand));
            } finally {
                depth--;
            }
        }
        return power();
    }

    private Object power() {
        Object base = postfix();
        if (peek().isOp("**")) {
            PyToken op = next();
            return arithmetic(op, base, unary());
        }
        return base;
    }

    private Object postfix() {
        return postfixOf(atom());
    }

    /** Applies subscripts after a value; rejects calls and attribute access on it. */
    private Object postfixOf(Object value) {
        PyToken start = tokens.get(Math.max(0, pos - 1));
        while (true) {
            PyToken t = peek();
            if (t.isOp("[")) {
                pos++;
                Object index = expr();
                if (peek().isOp(":")) {
                    throw error(peek(), "slices are outside the supported config subset");
                }
                expectOp("]");
                value = subscript(t, value, index);
            } else if (t.isOp(".")) {
                throw error(t, "attribute access ('" + (start.kind() == Kind.NAME ? start.text() : "...") + "."
                        + peekAt(1).text() + "') is outside the supported config subset");
            } else if (t.isOp("(")) {
                throw error(t, "calling a value is outside the supported config subset");
            } else {
                return value;
            }
        }
    }

    private Object atom() {
        PyToken t = next();
        switch (t.kind()) {
            case NUMBER:
                return number(t);
            case STRING: {
                StringBuilder sb = new StringBuilder(t.text());
                while (peek().kind() == Kind.STRING) {
                    sb.append(next().text());
                }
                return sb.toString();
            }
            case NAME:
                return name(t);
            case OP:
                if (t.isOp("(")) {
                    return parenthesized();
                }
                if (t.isOp("[")) {
                    return list();
                }
                if (t.isOp("{")) {
                    return braces();
                }
                throw error(t, "unexpected '" + t.text() + "'");
            default:
                throw error(t, "unexpected " + t.describe() + ", expected a value");
        }
    }

    private Object name(PyToken t) {
        switch (t.text()) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        if (KEYWORDS.contains(t.text())) {
            throw error(t, "'" + t.text() + "' is outside the supported config subset");
        }
        if (peek().isOp("(")) {
            if (t.text().equals("dict") && !names.containsKey("dict")) {
                pos++;
                return dictCall();
            }
            throw error(t, "function call '" + t.text() + "(...)' is outside the supported config subset "
                    + "(only dict(...) is allowed)");
        }
        if (peek().isOp(".")) {
            throw error(t, "attribute access ('" + t.text() + "." + peekAt(1).text() + "') is outside the supported "
                    + "config subset");
        }
        if (!names.containsKey(t.text())) {
            throw error(t, "name '" + t.text() + "' is not defined (a config can only use names assigned earlier "
                    + "in the same file)");
        }
        return names.get(t.text());
    }

    /**
     * {@code dict(mapping, key=value, **other)} after its '('. As in Python, keywords may override
     * the positional mapping, but a keyword given twice (directly or through {@code **}) is an error.
     */
    private Object dictCall() {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        Set<String> keywords = new HashSet<>();
        boolean first = true;
        while (!peek().isOp(")")) {
            PyToken t = peek();
            if (t.isOp("**")) {
                pos++;
                for (Map.Entry<String, Object> e : mapping(t, expr()).entrySet()) {
                    putOnce(t, map, keywords, e.getKey(), e.getValue());
                }
            } else if (t.kind() == Kind.NAME && peekAt(1).isOp("=")) {
                pos += 2;
                putOnce(t, map, keywords, t.text(), expr());
            } else if (first) {
                // dict(mapping, ...): the positional argument is copied first.
                map.putAll(mapping(t, expr()));
            } else {
                throw error(t, "dict() takes keyword arguments (key=value) after its first argument");
            }
            first = false;
            if (!peek().isOp(",")) {
                break;
            }
            pos++;
        }
        expectOp(")");
        return map;
    }

    private void putOnce(PyToken at, Map<String, Object> map, Set<String> keywords, String key, Object value) {
        if (!keywords.add(key)) {
            throw error(at, "dict() got multiple values for keyword argument '" + key + "'");
        }
        map.put(key, value);
    }

    /** A tuple (read as a list) or a parenthesized expression, after its '('. */
    private Object parenthesized() {
        rejectComprehensionAhead();
        if (peek().isOp(")")) {
            pos++;
            return new ArrayList<>();
        }
        Object first = expr();
        if (peek().isOp(")")) {
            pos++;
            return first;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (peek().isOp(",")) {
            pos++;
            if (peek().isOp(")")) {
                break;
            }
            items.add(expr());
        }
        rejectComprehension();
        expectOp(")");
        return items;
    }

    private Object list() {
        rejectComprehensionAhead();
        List<Object> items = new ArrayList<>();
        while (!peek().isOp("]")) {
            items.add(expr());
            rejectComprehension();
            if (!peek().isOp(",")) {
                break;
            }
            pos++;
        }
        expectOp("]");
        return items;
    }

    private Object braces() {
        rejectComprehensionAhead();
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        while (!peek().isOp("}")) {
            PyToken t = peek();
            if (t.isOp("**")) {
                pos++;
                map.putAll(mapping(t, expr()));
            } else {
                Object key = expr();
                if (!peek().isOp(":")) {
                    throw error(peek(), peek().isOp(",") || peek().isOp("}")
                            ? "sets are outside the supported config subset" : "expected ':' in a dict");
                }
                pos++;
                if (!(key instanceof String k)) {
                    throw error(t, "dict keys must be strings, got " + PyValues.typeName(key));
                }
                map.put(k, expr());
            }
            rejectComprehension();
            if (!peek().isOp(",")) {
                break;
            }
            pos++;
        }
        expectOp("}");
        return map;
    }

    /**
     * Rejects a comprehension before its element is evaluated (which would otherwise fail first,
     * less clearly, on the loop variable): looks for {@code for} directly inside the bracket that
     * was just opened.
     */
    private void rejectComprehensionAhead() {
        int level = 0;
        for (int i = pos; i < tokens.size(); i++) {
            PyToken t = tokens.get(i);
            if (t.kind() == Kind.OP && "([{".contains(t.text())) {
                level++;
            } else if (t.kind() == Kind.OP && ")]}".contains(t.text())) {
                if (level-- == 0) {
                    return;
                }
            } else if (level == 0 && t.is(Kind.NAME, "for")) {
                throw error(t, "comprehensions are outside the supported config subset");
            } else if (t.kind() == Kind.EOF) {
                return;
            }
        }
    }

    private void rejectComprehension() {
        if (peek().is(Kind.NAME, "for")) {
            throw error(peek(), "comprehensions are outside the supported config subset");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mapping(PyToken at, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw error(at, "'**' needs a dict, got " + PyValues.typeName(value));
        }
        return (Map<String, Object>) value;
    }

    private Object subscript(PyToken at, Object container, Object index) {
        if (container instanceof List<?> list && index instanceof Long i) {
            long k = i < 0 ? i + list.size() : i;
            if (k < 0 || k >= list.size()) {
                throw error(at, "list index " + i + " out of range (" + list.size() + " items)");
            }
            return list.get((int) k);
        }
        if (container instanceof Map<?, ?> map && index instanceof String key) {
            if (!map.containsKey(key)) {
                throw error(at, "key '" + key + "' not found");
            }
            return map.get(key);
        }
        throw error(at, "cannot index a " + PyValues.typeName(container) + " with a " + PyValues.typeName(index));
    }

    private Object number(PyToken t) {
        String text = t.text().replace("_", "");
        try {
            String lower = text.toLowerCase();
            boolean negative = lower.startsWith("-");
            String unsigned = negative ? lower.substring(1) : lower;
            if (unsigned.startsWith("0x") || unsigned.startsWith("0o") || unsigned.startsWith("0b")) {
                int radix = unsigned.charAt(1) == 'x' ? 16 : unsigned.charAt(1) == 'o' ? 8 : 2;
                BigInteger magnitude = new BigInteger(unsigned.substring(2), radix);
                return integer(t, negative ? magnitude.negate() : magnitude);
            }
            if (lower.contains(".") || lower.contains("e")) {
                return Double.parseDouble(text);
            }
            String digits = text.startsWith("-") ? text.substring(1) : text;
            if (digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+")) {
                throw error(t, "leading zeros in integer '" + t.text() + "' are not allowed (Python 3)");
            }
            return integer(t, new BigInteger(text));
        } catch (NumberFormatException e) {
            throw error(t, "malformed number '" + t.text() + "'");
        }
    }

    private Object integer(PyToken t, BigInteger value) {
        if (value.bitLength() > 63) {
            throw error(t, "integer " + t.text() + " does not fit in 64 bits");
        }
        return value.longValue();
    }

    private Object arithmetic(PyToken op, Object a, Object b) {
        return wrap(op, () -> PyArithmetic.apply(op.text(), a, b));
    }

    private Object wrap(PyToken at, java.util.function.Supplier<Object> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    // ---- token helpers ----

    private PyToken peek() {
        return tokens.get(pos);
    }

    private PyToken peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private PyToken next() {
        PyToken t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private void skipNewlines() {
        while (peek().kind() == Kind.NEWLINE) {
            pos++;
        }
    }

    private void expect(Kind kind, String what) {
        PyToken t = peek();
        if (t.kind() != kind) {
            throw error(t, "unexpected " + t.describe() + ", expected " + what);
        }
        next();
    }

    private void expectOp(String op) {
        PyToken t = peek();
        if (!t.isOp(op)) {
            throw error(t, "unexpected " + t.describe() + ", expected '" + op + "'");
        }
        pos++;
    }

    private ConfigException error(PyToken at, String message) {
        return ConfigException.inFile(file, at.line(), message);
    }
}
