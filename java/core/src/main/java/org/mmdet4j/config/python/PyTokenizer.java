package org.mmdet4j.config.python;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.python.PyToken.Kind;

/**
 * Splits a Python config into tokens, following Python's lexical rules for what configs use:
 * comments, implicit line joining inside brackets, backslash continuation, single- and
 * triple-quoted strings with escapes, raw strings, and int/float literals. Anything else
 * (f-strings, comparison operators, decorators, complex numbers) is rejected here with its line,
 * so the parser only ever sees the supported subset.
 */
final class PyTokenizer {
    /** Operators of the subset, longest first so that {@code **} wins over {@code *}. */
    private static final String[] OPERATORS = {"**", "//", "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-",
        "*", "/", "%", ".", ";"};

    private final String src;
    private final Path file;
    private int pos;
    private int line = 1;
    private int depth;
    private final List<PyToken> tokens = new ArrayList<>();

    private PyTokenizer(String src, Path file) {
        this.src = src;
        this.file = file;
    }

    static List<PyToken> tokenize(String src, Path file) {
        PyTokenizer t = new PyTokenizer(src, file);
        t.run();
        return t.tokens;
    }

    private void run() {
        boolean lineStart = true;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                newline();
                lineStart = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                if (lineStart && depth == 0 && c != '\r' && startsStatementAfterIndent()) {
                    throw error("unexpected indent: only top-level assignments are supported");
                }
                pos++;
                continue;
            }
            lineStart = false;
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\') {
                int next = pos + 1 < src.length() && src.charAt(pos + 1) == '\r' ? pos + 2 : pos + 1;
                if (next >= src.length() || src.charAt(next) != '\n') {
                    throw error("unexpected character '\\' outside a string");
                }
                pos = next + 1;
                line++;
            } else if (isNameStart(c)) {
                int start = pos;
                while (pos < src.length() && isNamePart(src.charAt(pos))) {
                    pos++;
                }
                String word = src.substring(start, pos);
                if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')
                        && word.length() <= 2 && word.matches("[rRbBuUfF]+")) {
                    string(word.toLowerCase());
                } else {
                    add(Kind.NAME, word);
                }
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
                    && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (c == '\'' || c == '"') {
                string("");
            } else {
                operator();
            }
        }
        if (depth > 0) {
            throw error("unexpected end of file: an opening bracket is never closed");
        }
        add(Kind.NEWLINE, "\n");
        add(Kind.EOF, "");
    }

    /** Whether the indented text that starts here holds code (not just a comment or a blank). */
    private boolean startsStatementAfterIndent() {
        int p = pos;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\f')) {
            p++;
        }
        return p < src.length() && src.charAt(p) != '\n' && src.charAt(p) != '\r' && src.charAt(p) != '#';
    }

    private void newline() {
        if (depth == 0 && !tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() != Kind.NEWLINE) {
            add(Kind.NEWLINE, "\n");
        }
        pos++;
        line++;
    }

    private void operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                if ("([{".contains(op)) {
                    depth++;
                } else if (")]}".contains(op)) {
                    if (depth == 0) {
                        throw error("unmatched '" + op + "'");
                    }
                    depth--;
                }
                add(Kind.OP, op);
                pos += op.length();
                // An '=' directly followed by '=' is '==': reject it as the comparison it is.
                if (op.equals("=") && pos < src.length() && src.charAt(pos) == '=') {
                    throw error("operator '==' is outside the supported config subset");
                }
                return;
            }
        }
        int end = pos + 1;
        while (end < src.length() && "<>!=&|^~@".indexOf(src.charAt(end)) >= 0 && end - pos < 3) {
            end++;
        }
        throw error("'" + src.substring(pos, end) + "' is outside the supported config subset");
    }

    private void number() {
        int start = pos;
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos) || src.startsWith("0o", pos)
                || src.startsWith("0O", pos) || src.startsWith("0b", pos) || src.startsWith("0B", pos)) {
            pos += 2;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
        } else {
            digits();
            if (pos < src.length() && src.charAt(pos) == '.') {
                pos++;
                digits();
            }
            if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
                int mark = pos++;
                if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= src.length() || !Character.isDigit(src.charAt(pos))) {
                    pos = mark;
                    throw error("malformed number '" + src.substring(start, Math.min(src.length(), mark + 2)) + "'");
                }
                digits();
            }
        }
        if (pos < src.length() && isNamePart(src.charAt(pos))) {
            throw error("malformed number '" + src.substring(start, pos + 1) + "'");
        }
        add(Kind.NUMBER, src.substring(start, pos));
    }

    private void digits() {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    private void string(String prefix) {
        if (prefix.contains("f")) {
            throw error("f-strings are outside the supported config subset");
        }
        if (prefix.contains("b")) {
            throw error("bytes literals are outside the supported config subset");
        }
        boolean raw = prefix.contains("r");
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        int startLine = line;
        pos += triple ? 3 : 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw new ConfigException(file, startLine, null, "unterminated string", null);
            }
            char c = src.charAt(pos);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n') {
                if (!triple) {
                    throw new ConfigException(file, startLine, null, "unterminated string", null);
                }
                line++;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char e = src.charAt(pos + 1);
                if (raw) {
                    sb.append(c).append(e);
                    if (e == '\n') {
                        line++;
                    }
                    pos += 2;
                    continue;
                }
                pos += 2;
                switch (e) {
                    case '\n' -> line++;
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'x' -> sb.append((char) hex(2));
                    case 'u' -> sb.append((char) hex(4));
                    case 'U' -> sb.appendCodePoint(hex(8));
                    default -> sb.append('\\').append(e); // Python keeps unknown escapes as written.
                }
                continue;
            }
            sb.append(c);
            pos++;
        }
        tokens.add(new PyToken(Kind.STRING, sb.toString(), startLine));
    }

    private int hex(int n) {
        if (pos + n > src.length()) {
            throw error("truncated \\x, \\u or \\U escape");
        }
        try {
            int value = Integer.parseInt(src.substring(pos, pos + n), 16);
            pos += n;
            return value;
        } catch (NumberFormatException e) {
            throw error("malformed \\x, \\u or \\U escape");
        }
    }

    private void add(Kind kind, String text) {
        tokens.add(new PyToken(kind, text, line));
    }

    private ConfigException error(String message) {
        return ConfigException.inFile(file, line, message);
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
