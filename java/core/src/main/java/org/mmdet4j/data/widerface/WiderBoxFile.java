package org.mmdet4j.data.widerface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/**
 * Reads and writes WIDER FACE's ground-truth box files ({@code wider_face_val_bbx_gt.txt},
 * {@code wider_face_train_bbx_gt.txt}): for each image a line {@code event/name.jpg}, a line
 * with its face count, then one line per face,
 * <pre>
 * x1 y1 w h blur expression illumination invalid occlusion pose
 * </pre>
 * ten integers (see {@link WiderBox}). The released files give an image without faces the count
 * {@code 0} followed by one line of ten zeros; that line is read as no face, and written.
 *
 * <p>Reading is strict, because a count that disagrees with the face lines shifts every later
 * image: a count that is not a non-negative integer, fewer face lines than announced (the next
 * image's name where a face belongs, or the end of the file), more (a face line where a name
 * belongs), a face line without exactly ten integers, a negative coordinate, width or height, an
 * image listed twice and, when an images folder is given, an image that is not in it are errors
 * naming the file and the 1-based line. Blank lines between images are passed over.
 */
public final class WiderBoxFile {
    private final Path file;
    private final List<WiderBoxImage> images;
    private final Map<String, WiderBoxImage> byKey;

    private WiderBoxFile(Path file, List<WiderBoxImage> images, Map<String, WiderBoxImage> byKey) {
        this.file = file;
        this.images = Collections.unmodifiableList(images);
        this.byKey = byKey;
    }

    /** The images of {@code file}, in file order, without checking that they exist. */
    public static WiderBoxFile read(Path file) {
        return read(file, null);
    }

    /**
     * @param imagesRoot the folder the names are relative to ({@code WIDER_val/images}); each
     *                   image must be a file there. Null: not checked.
     * @throws InvalidAnnotationException naming the file and line of the first error
     */
    public static WiderBoxFile read(Path file, Path imagesRoot) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read WIDER FACE box file " + file + ": " + e.getMessage());
        }
        List<WiderBoxImage> images = new ArrayList<>();
        Map<String, WiderBoxImage> byKey = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.size()) {
            String name = lines.get(i).strip();
            int nameLine = ++i;
            if (name.isEmpty()) {
                continue;
            }
            if (isFaceLine(name)) {
                WiderBoxImage last = images.isEmpty() ? null : images.get(images.size() - 1);
                throw error(file, nameLine, last == null ? "a face line where the first image name belongs"
                        : "more face lines than the " + last.faces().size() + " announced for image '"
                        + last.name() + "' (line " + (last.line() + 1) + ")");
            }
            if (i == lines.size()) {
                throw error(file, nameLine, "the file ends without the face count of image '" + name + "'");
            }
            String countText = lines.get(i).strip();
            int countLine = ++i;
            int count = parseCount(file, countLine, name, countText);
            List<WiderBox> faces = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                if (i == lines.size()) {
                    throw error(file, countLine, "the file ends after " + k + " of the " + count
                            + " faces announced for image '" + name + "'");
                }
                faces.add(parseFace(file, ++i, lines.get(i - 1), name, k, count, countLine));
            }
            if (count == 0 && i < lines.size() && isZeroPlaceholder(lines.get(i))) {
                i++;
            }
            WiderBoxImage image = new WiderBoxImage(name, faces, nameLine);
            WiderBoxImage first = byKey.putIfAbsent(image.key(), image);
            if (first != null) {
                throw error(file, nameLine, "image '" + name + "' is listed again (first at line " + first.line()
                        + ")");
            }
            if (imagesRoot != null && !Files.isRegularFile(imagesRoot.resolve(name))) {
                throw error(file, nameLine, "image '" + name + "' not found in " + imagesRoot);
            }
            images.add(image);
        }
        return new WiderBoxFile(file, images, byKey);
    }

    /**
     * The box file of images read elsewhere ({@link WiderMatFiles}); their names must be unique
     * without extension, which the reader has checked with its own message.
     */
    static WiderBoxFile of(Path file, List<WiderBoxImage> images) {
        Map<String, WiderBoxImage> byKey = new LinkedHashMap<>();
        for (WiderBoxImage image : images) {
            if (byKey.putIfAbsent(image.key(), image) != null) {
                throw new IllegalArgumentException("image '" + image.name() + "' is listed twice");
            }
        }
        return new WiderBoxFile(file, new ArrayList<>(images), byKey);
    }

    /** Images in file order. */
    public List<WiderBoxImage> images() {
        return images;
    }

    /** The file read (for messages). */
    public Path file() {
        return file;
    }

    /**
     * The image of this name, given with or without its extension ({@code 0--Parade/a.jpg} or
     * {@code 0--Parade/a}); null when the file does not list it.
     */
    public WiderBoxImage find(String name) {
        return byKey.get(WiderBoxImage.key(name));
    }

    /** The text of a box file for these images (a line of ten zeros after each count 0). */
    public static String format(List<WiderBoxImage> images) {
        StringBuilder sb = new StringBuilder();
        for (WiderBoxImage im : images) {
            sb.append(im.name()).append('\n').append(im.faces().size()).append('\n');
            if (im.faces().isEmpty()) {
                sb.append("0 0 0 0 0 0 0 0 0 0\n");
            }
            for (WiderBox f : im.faces()) {
                int[] v = f.fields();
                for (int k = 0; k < v.length; k++) {
                    sb.append(k == 0 ? "" : " ").append(v[k]);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public static Path write(Path file, List<WiderBoxImage> images) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.writeString(file, format(images), StandardCharsets.UTF_8);
    }

    private static int parseCount(Path file, int line, String name, String text) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(file, line, "the face count of image '" + name + "' is '" + text
                + "', not a non-negative integer");
    }

    private static WiderBox parseFace(Path file, int line, String text, String name, int k, int count, int countLine) {
        String[] tokens = tokens(text);
        if (tokens.length != WiderBox.FIELDS) {
            String what = tokens.length == 0 ? "an empty line" : tokens.length == 1 ? "'" + text.strip() + "'"
                    : tokens.length + " values";
            throw error(file, line, "face " + (k + 1) + " of the " + count + " announced for image '" + name
                    + "' (line " + countLine + ") expected, found " + what + "; a face line is 'x1 y1 w h blur "
                    + "expression illumination invalid occlusion pose' (10 integers)");
        }
        int[] v = new int[WiderBox.FIELDS];
        for (int j = 0; j < v.length; j++) {
            try {
                v[j] = Integer.parseInt(tokens[j]);
            } catch (NumberFormatException e) {
                throw error(file, line, "value " + (j + 1) + " ('" + tokens[j] + "') is not an integer");
            }
        }
        if (v[0] < 0 || v[1] < 0) {
            throw error(file, line, "negative coordinate (x1=" + v[0] + ", y1=" + v[1] + ")");
        }
        if (v[2] < 0 || v[3] < 0) {
            throw error(file, line, "negative box width/height (w=" + v[2] + ", h=" + v[3] + ")");
        }
        return new WiderBox(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** Two or more integers: a face line (an image name has one token and is not a number). */
    private static boolean isFaceLine(String text) {
        String[] tokens = tokens(text);
        if (tokens.length < 2) {
            return false;
        }
        for (String t : tokens) {
            if (!t.matches("-?\\d+")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeroPlaceholder(String text) {
        String[] tokens = tokens(text);
        if (tokens.length != WiderBox.FIELDS) {
            return false;
        }
        for (String t : tokens) {
            if (!t.equals("0")) {
                return false;
            }
        }
        return true;
    }

    private static String[] tokens(String text) {
        String s = text.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    private static InvalidAnnotationException error(Path file, int line, String message) {
        return new InvalidAnnotationException(file + ": line " + line + ": " + message);
    }
}
