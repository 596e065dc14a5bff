package org.mmdet4j.data.datasets;

/**
 * One invalid entry of an annotation file: which file, which entry (an annotation id, an image
 * id, an XML object) and what is wrong with it.
 */
public record AnnotationProblem(String file, String entry, String message) {
    @Override
    public String toString() {
        return file + ": " + entry + ": " + message;
    }
}
