package org.mmdet4j.data.widerface;

import java.util.List;

/**
 * One image of a WIDER FACE box file: its path relative to the images folder
 * ({@code event/name.jpg}), its faces in file order (face {@code k} is index {@code k + 1} in the
 * subset files), and the 1-based line of its name (0 for an image not read from a file), for
 * messages.
 */
public record WiderBoxImage(String name, List<WiderBox> faces, int line) {
    public WiderBoxImage {
        if (name.isBlank() || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("an image name must be one non-blank line, got '" + name + "'");
        }
        faces = List.copyOf(faces);
    }

    public WiderBoxImage(String name, List<WiderBox> faces) {
        this(name, faces, 0);
    }

    /**
     * Where {@code file} gives this image, for messages: "FILE line N", or just the file for an
     * image read without a line (the official {@code .mat} files).
     */
    public String where(Object file) {
        return line > 0 ? file + " line " + line : String.valueOf(file);
    }

    /**
     * The name without its extension ({@code event/name}): how the official {@code .mat} files
     * and the subset files name an image.
     */
    public String key() {
        return key(name);
    }

    /** The event folder ({@code 0--Parade}): the name up to its last {@code /}, or "". */
    public String event() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** {@code path} without the extension of its last segment. */
    public static String key(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }
}
