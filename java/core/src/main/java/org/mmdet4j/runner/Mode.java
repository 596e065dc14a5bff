package org.mmdet4j.runner;

/** What the runner is doing; the first element of each {@code workflow} entry. */
public enum Mode {
    TRAIN("train"), VAL("val");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The name configs and logs use: {@code train} or {@code val}. */
    public String label() {
        return label;
    }

    public static Mode parse(String s) {
        for (Mode m : values()) {
            if (m.label.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown workflow mode '" + s + "'; use 'train' or 'val'");
    }
}
