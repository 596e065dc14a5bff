package org.mmdet4j.data.widerface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/**
 * Reads and writes the {@code label.txt} files of the RetinaFace authors' WIDER FACE
 * annotations ({@code retinaface_gt_v1.1}): for each image a line {@code # event/name.jpg}, then
 * one line per face,
 * <pre>
 * x y w h  l0x l0y f0  l1x l1y f1  l2x l2y f2  l3x l3y f3  l4x l4y f4  score
 * </pre>
 * (20 values, see {@link RetinaFaceLabel} for the flags and the score) or just {@code x y w h}
 * (the released validation file has no landmarks). An image may have no face line.
 *
 * <p>Reading is strict: a face line before any {@code #} line, a line with another number of
 * values (a landmark list other than five points), a value that is not a finite number, a
 * negative width or height, a point given with flag -1 or missing with another flag, an empty
 * or repeated image name, and, when an images folder is given, an image that is not in it are
 * errors naming the file and the 1-based line. Blank lines are passed over.
 *
 * <p>Writing uses the authors' spelling: whole-pixel box values as integers, other values with
 * at most three decimals and at least one ({@code 488.906}, {@code 0.0}, {@code -1.0}).
 */
public final class RetinaFaceLabelFile {
    private RetinaFaceLabelFile() {
    }

    /** The images of {@code file}, in file order, without checking that they exist. */
    public static List<RetinaFaceImage> read(Path file) {
        return read(file, null);
    }

    /**
     * @param imagesRoot the folder the names are relative to ({@code train/images}); each image
     *                   must be a file there. Null: not checked.
     * @throws InvalidAnnotationException naming the file and line of the first error
     */
    public static List<RetinaFaceImage> read(Path file, Path imagesRoot) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read RetinaFace label file " + file + ": " + e.getMessage());
        }
        List<RetinaFaceImage> images = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        String name = null;
        int nameLine = 0;
        List<RetinaFaceLabel> faces = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (name != null) {
                    images.add(new RetinaFaceImage(name, faces, nameLine));
                }
                name = line.substring(1).strip();
                nameLine = number;
                faces = new ArrayList<>();
                checkName(file, number, name, imagesRoot, lineOf);
                continue;
            }
            if (name == null) {
                throw error(file, number, "a face line before any '# image' line");
            }
            faces.add(parseFace(file, number, line));
        }
        if (name != null) {
            images.add(new RetinaFaceImage(name, faces, nameLine));
        }
        return images;
    }

    private static void checkName(Path file, int number, String name, Path imagesRoot, Map<String, Integer> lineOf) {
        if (name.isEmpty()) {
            throw error(file, number, "'#' without an image name");
        }
        Integer first = lineOf.putIfAbsent(name, number);
        if (first != null) {
            throw error(file, number, "image '" + name + "' is listed again (first at line " + first + ")");
        }
        if (imagesRoot != null && !Files.isRegularFile(imagesRoot.resolve(name))) {
            throw error(file, number, "image '" + name + "' not found in " + imagesRoot);
        }
    }

    private static RetinaFaceLabel parseFace(Path file, int number, String line) {
        String[] tokens = line.split("\\s+");
        int n = tokens.length;
        if (n != 4 && n != 4 + RetinaFaceLabel.VALUES + 1) {
            String landmarks = n > 5 && (n - 5) % 3 == 0 ? " (" + (n - 5) / 3 + " landmarks; RetinaFace has "
                    + RetinaFaceLabel.POINTS + ")" : "";
            throw error(file, number, n + " values" + landmarks + "; a face line is 'x y w h' (4 values) or "
                    + "'x y w h', five landmarks as 'x y flag' and a score (20 values)");
        }
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            try {
                v[k] = Double.parseDouble(tokens[k]);
            } catch (NumberFormatException e) {
                v[k] = Double.NaN;
            }
            if (!Double.isFinite(v[k])) {
                throw error(file, number, "value " + (k + 1) + " ('" + tokens[k] + "') is not a finite number");
            }
        }
        if (v[2] < 0 || v[3] < 0) {
            throw error(file, number, "negative box width/height (w=" + tokens[2] + ", h=" + tokens[3] + ")");
        }
        if (n == 4) {
            return RetinaFaceLabel.boxOnly(v[0], v[1], v[2], v[3]);
        }
        double[] lm = java.util.Arrays.copyOfRange(v, 4, 4 + RetinaFaceLabel.VALUES);
        for (int p = 0; p < RetinaFaceLabel.POINTS; p++) {
            boolean missing = lm[3 * p] == RetinaFaceLabel.MISSING && lm[3 * p + 1] == RetinaFaceLabel.MISSING;
            double flag = lm[3 * p + 2];
            if (missing && flag != RetinaFaceLabel.MISSING) {
                throw error(file, number, "landmark " + p + " is missing (-1 -1) but its flag is " + tokens[6 + 3 * p]
                        + ", not -1");
            }
            if (!missing && flag < 0) {
                throw error(file, number, "landmark " + p + " is given but its flag is " + tokens[6 + 3 * p]
                        + " (0 visible, 1 occluded)");
            }
        }
        return new RetinaFaceLabel(v[0], v[1], v[2], v[3], lm, v[n - 1]);
    }

    private static InvalidAnnotationException error(Path file, int line, String message) {
        return new InvalidAnnotationException(file + ": line " + line + ": " + message);
    }

    /** The text of a label file for these images. */
    public static String format(List<RetinaFaceImage> images) {
        StringBuilder sb = new StringBuilder();
        for (RetinaFaceImage im : images) {
            sb.append("# ").append(im.name()).append('\n');
            for (RetinaFaceLabel f : im.faces()) {
                sb.append(box(f.x())).append(' ').append(box(f.y())).append(' ').append(box(f.w())).append(' ')
                        .append(box(f.h()));
                if (f.hasLandmarkPart()) {
                    for (double v : f.landmarks()) {
                        sb.append(' ').append(decimal(v));
                    }
                    sb.append(' ').append(decimal(f.score()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public static Path write(Path file, List<RetinaFaceImage> images) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.writeString(file, format(images), StandardCharsets.UTF_8);
    }

    private static String box(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : decimal(v);
    }

    /** At most three decimals, at least one: Python's {@code str(round(v, 3))}. */
    static String decimal(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        int end = s.length();
        while (s.charAt(end - 1) == '0' && s.charAt(end - 2) != '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0.0") ? "0.0" : s;
    }
}
