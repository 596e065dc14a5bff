package org.mmdet4j.data.datasets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps class names of an annotation source onto 0-based labels of the selected
 * {@code classes} (mmdetection's {@code cat2label}). A name of the source outside the selection
 * maps to -1: its boxes are left out, which is how a subset is trained.
 */
final class ClassSelection {
    private final List<String> selected;
    private final Map<String, Integer> labelOf = new HashMap<>();

    ClassSelection(List<String> selected, List<String> available, String file) {
        for (int i = 0; i < selected.size(); i++) {
            String name = selected.get(i);
            if (!available.contains(name)) {
                throw new InvalidAnnotationException(file + ": class '" + name
                        + "' of the dataset's classes is not among the categories of the file: " + available);
            }
            if (labelOf.put(name, i) != null) {
                throw new IllegalArgumentException("classes lists '" + name + "' twice");
            }
        }
        this.selected = List.copyOf(selected);
    }

    List<String> classes() {
        return selected;
    }

    int label(String name) {
        return labelOf.getOrDefault(name, -1);
    }
}
