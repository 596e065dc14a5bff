package org.mmdet4j.evaluation.widerface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.evaluation.util.StableSort;

/**
 * One file of WIDER FACE's prediction layout, as the official submission format and the
 * RetinaFace evaluation scripts write it: {@code <predictions>/<event>/<image>.txt} holding
 * <pre>
 * image name
 * number of faces
 * x y w h score      (one line per face)
 * </pre>
 * Reading is strict where the Python evaluation is lax (it skips the count and takes the first
 * five values of a line): a missing name, a count that is not a non-negative integer or differs
 * from the face lines, a line without exactly five numbers, a value that is not finite and a
 * negative width or height are errors naming the file and the 1-based line. Blank lines are
 * passed over.
 *
 * <p>Writing sorts the faces by descending score (stably). The Python evaluation reads a threshold's
 * detections as a prefix of the file, which is only right for sorted files; the MATLAB original
 * sorts as it reads. A sorted file gives both the same numbers.
 */
public final class WiderPredictionFile {
    private WiderPredictionFile() {
    }

    public static WiderImagePredictions read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvaluationException("cannot read prediction file " + file + ": " + e.getMessage(), e);
        }
        String name = lines.isEmpty() ? "" : lines.get(0).strip();
        if (name.isEmpty()) {
            throw error(file, 1, "the first line must name the image");
        }
        if (lines.size() < 2) {
            throw error(file, 1, "the file ends without the number of faces");
        }
        String countText = lines.get(1).strip();
        int count;
        try {
            count = Integer.parseInt(countText);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            throw error(file, 2, "the number of faces is '" + countText + "', not a non-negative integer");
        }
        double[] boxes = new double[WiderImagePredictions.VALUES * count];
        int n = 0;
        for (int i = 2; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (n == count) {
                throw error(file, i + 1, "more face lines than the " + count + " announced at line 2");
            }
            parseFace(file, i + 1, text, boxes, n++);
        }
        if (n != count) {
            throw error(file, 2, count + " faces announced, " + n + " face lines follow");
        }
        return new WiderImagePredictions(file.getParent() == null ? ""
                : file.getParent().getFileName().toString(), name, file, boxes);
    }

    private static void parseFace(Path file, int line, String text, double[] boxes, int face) {
        String[] tokens = text.split("\\s+");
        if (tokens.length != WiderImagePredictions.VALUES) {
            throw error(file, line, tokens.length + " values; a face line is 'x y w h score'");
        }
        int o = WiderImagePredictions.VALUES * face;
        for (int k = 0; k < tokens.length; k++) {
            double v;
            try {
                v = Double.parseDouble(tokens[k]);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                throw error(file, line, "value " + (k + 1) + " ('" + tokens[k] + "') is not a finite number");
            }
            boxes[o + k] = v;
        }
        if (boxes[o + 2] < 0 || boxes[o + 3] < 0) {
            throw error(file, line, "negative width/height (w=" + tokens[2] + ", h=" + tokens[3] + ")");
        }
    }

    /**
     * Writes the predictions of image {@code imageName} ({@code event/name.jpg}, as the box file
     * names it) to {@code <dir>/<event>/<name>.txt}, by descending score.
     *
     * @param boxes five values per face: {@code x, y, w, h, score}
     * @return the file written
     */
    public static Path write(Path dir, String imageName, double[] boxes) throws IOException {
        int n = boxes.length / WiderImagePredictions.VALUES;
        if (boxes.length != WiderImagePredictions.VALUES * n) {
            throw new IllegalArgumentException("predictions need 5 values each (x, y, w, h, score)");
        }
        int slash = imageName.lastIndexOf('/');
        String base = imageName.substring(slash + 1);
        Path file = dir.resolve(imageName.substring(0, Math.max(slash, 0)))
                .resolve(WiderBoxImage.key(base) + ".txt");
        int[] order = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            scores[i] = boxes[WiderImagePredictions.VALUES * i + 4];
        }
        StableSort.byKeyDescending(order, scores);
        StringBuilder sb = new StringBuilder(base).append('\n').append(n).append('\n');
        for (int i : order) {
            for (int k = 0; k < WiderImagePredictions.VALUES; k++) {
                sb.append(k == 0 ? "" : " ").append(number(boxes[WiderImagePredictions.VALUES * i + k]));
            }
            sb.append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** Whole numbers without a fraction; others as Java's shortest round-trip text (Python reads both). */
    private static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("prediction value " + v);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static EvaluationException error(Path file, int line, String message) {
        return new EvaluationException(file + ": line " + line + ": " + message);
    }
}
