package org.mmdet4j.data.shapes;

import java.util.List;

/** The three classes of the shapes dataset, in label order (COCO category ids 1, 2, 3). */
public enum ShapeKind {
    CIRCLE("circle"), RECTANGLE("rectangle"), TRIANGLE("triangle");

    public static final List<String> CLASS_NAMES = List.of("circle", "rectangle", "triangle");

    private final String className;

    ShapeKind(String className) {
        this.className = className;
    }

    public String className() {
        return className;
    }
}
