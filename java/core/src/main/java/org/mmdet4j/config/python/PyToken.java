package org.mmdet4j.config.python;

/**
 * One token of a Python config file.
 *
 * @param kind  what it is
 * @param text  the source text (for {@link Kind#STRING}, the decoded value)
 * @param line  1-based line where it starts
 */
record PyToken(Kind kind, String text, int line) {
    enum Kind { NAME, NUMBER, STRING, OP, NEWLINE, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return is(Kind.OP, t);
    }

    String describe() {
        return switch (kind) {
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
            case STRING -> "string";
            default -> "'" + text + "'";
        };
    }
}
