package org.mmdet4j.data.widerface;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads WIDER FACE's official ground truth, the MATLAB files of its evaluation kit
 * ({@code eval_tools/ground_truth}), into the objects the text files give, so that the
 * evaluation needs no conversion ({@code tools/widerface_mat_to_text.py} writes the same
 * content as text, for other tools):
 * <pre>
 * wider_face_val.mat     event_list {E x 1} of event names, file_list {E x 1} of {N_e x 1} image
 *                        names (without extension), face_bbx_list {E x 1} of {N_e x 1} face
 *                        boxes [x y w h], one row per face
 * wider_easy_val.mat     gt_list {E x 1} of {N_e x 1}: the 1-based indices of the faces each
 * wider_medium_val.mat   image keeps in that subset, by position: gt_list{e}{j} is image
 * wider_hard_val.mat     file_list{e}{j} of wider_face_val.mat
 * </pre>
 * An image is named {@code event/name.jpg}, as in the released box files. The {@code .mat} files
 * carry no attribute flags: every {@link WiderBox} flag is 0 (invalid too), as the converter
 * writes them; the evaluation never reads them. Images and events keep the files' order.
 *
 * <p>Lists may be columns or rows; a box list with no face may have any empty shape (MATLAB
 * saves {@code []} as 0x0). Every problem is an {@link InvalidAnnotationException} naming the
 * file and the entry in MATLAB's 1-based cell notation, with the image where there is one
 * ({@code wider_face_val.mat: face_bbx_list{3}{12} (3--Riot/3_Riot_Riot_3_189): ...}): a file
 * that is not a level 5 MAT-file (MATLAB's default since v7; a {@code -v7.3} file is HDF5 and
 * must be saved again with {@code -v7}), a missing variable, a variable or cell of the wrong
 * class or shape, lists of different lengths, a box that is not whole non-negative pixels, an
 * image listed twice, and kept indices that are not whole, outside the image's faces or given
 * twice.
 */
public final class WiderMatFiles {
    /** The split in the official file names; only its validation set has public ground truth. */
    public static final String SPLIT = "val";

    private static final int HEADER_BYTES = 128;
    private static final int BOX_COLUMNS = 4;

    private WiderMatFiles() {
    }

    /** {@code wider_face_val.mat}. */
    public static String faceFileName() {
        return "wider_face_" + SPLIT + ".mat";
    }

    /** {@code wider_easy_val.mat} for "easy". */
    public static String subsetFileName(String subset) {
        return "wider_" + subset + "_" + SPLIT + ".mat";
    }

    /** Whether {@code file} is named as a MAT-file ({@code .mat}, any case): how the CLI tells them apart. */
    public static boolean isMatFile(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".mat");
    }

    /** Whether {@code dir} holds the three official subset files. */
    public static boolean hasSubsets(Path dir) {
        return WiderSubsets.NAMES.stream().allMatch(s -> Files.isRegularFile(dir.resolve(subsetFileName(s))));
    }

    /**
     * The images and faces of {@code faceMat} ({@code wider_face_val.mat}), as
     * {@link WiderBoxFile#read(Path)} gives them from the released text file.
     *
     * @throws InvalidAnnotationException naming the file and the first bad entry
     */
    public static WiderBoxFile readBoxes(Path faceMat) {
        try (MatFile mat = open(faceMat)) {
            Layout layout = layout(faceMat, mat);
            Cell boxLists = list(faceMat, mat, "face_bbx_list", layout.events.size(), "event_list");
            List<WiderBoxImage> images = new ArrayList<>();
            for (int e = 0; e < layout.events.size(); e++) {
                List<String> names = layout.images.get(e);
                String where = "face_bbx_list{" + (e + 1) + "}";
                Cell boxes = cellVector(faceMat, boxLists.get(e), where, names.size(),
                        "file_list{" + (e + 1) + "}");
                for (int j = 0; j < names.size(); j++) {
                    String image = layout.name(e, j);
                    images.add(new WiderBoxImage(image + ".jpg",
                            faces(faceMat, boxes.get(j), where + "{" + (j + 1) + "} (" + image + ")")));
                }
            }
            return WiderBoxFile.of(faceMat, images);
        } catch (IOException e) {
            throw cannotRead(faceMat, e);
        }
    }

    /**
     * The three official subsets in {@code dir} ({@code wider_easy_val.mat}, ...). Their
     * {@code gt_list} gives faces by the position of their image in {@code faceMat}; the images
     * are then found by name in {@code boxes}, which is {@code faceMat}'s own box file or a text
     * box file of the same split.
     *
     * @throws InvalidAnnotationException naming a missing file, or the file and entry of a bad one
     */
    public static WiderSubsets readSubsets(Path dir, Path faceMat, WiderBoxFile boxes) {
        Layout layout = readLayout(faceMat);
        WiderSubset[] s = new WiderSubset[WiderSubsets.NAMES.size()];
        for (int k = 0; k < s.length; k++) {
            String name = WiderSubsets.NAMES.get(k);
            Path file = dir.resolve(subsetFileName(name));
            if (!Files.isRegularFile(file)) {
                throw new InvalidAnnotationException("WIDER FACE subset file " + file + " not found (the official "
                        + "subsets are " + subsetFileName("easy") + ", " + subsetFileName("medium") + " and "
                        + subsetFileName("hard") + ")");
            }
            s[k] = readSubset(file, name, layout, boxes);
        }
        return new WiderSubsets(s[0], s[1], s[2]);
    }

    /**
     * One official subset file, named {@code subset}, read as {@link #readSubsets} reads each.
     */
    public static WiderSubset readSubset(Path subsetMat, String subset, Path faceMat, WiderBoxFile boxes) {
        return readSubset(subsetMat, subset, readLayout(faceMat), boxes);
    }

    private static WiderSubset readSubset(Path file, String subset, Layout layout, WiderBoxFile boxes) {
        try (MatFile mat = open(file)) {
            Cell gtList = list(file, mat, "gt_list", layout.events.size(), layout.file + " event_list");
            Map<String, int[]> keep = new LinkedHashMap<>();
            for (int e = 0; e < layout.events.size(); e++) {
                List<String> names = layout.images.get(e);
                String where = "gt_list{" + (e + 1) + "}";
                Cell perImage = cellVector(file, gtList.get(e), where, names.size(),
                        layout.file + " file_list{" + (e + 1) + "}");
                for (int j = 0; j < names.size(); j++) {
                    String image = layout.name(e, j);
                    String at = where + "{" + (j + 1) + "} (" + image + ")";
                    WiderBoxImage found = boxes.find(image);
                    if (found == null) {
                        throw error(file, at, "image '" + image + "' is not in " + boxes.file());
                    }
                    keep.put(found.key(), indices(file, perImage.get(j), at, found.faces().size()));
                }
            }
            return WiderSubset.of(subset, file, keep);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** The events and image names of a {@code wider_face_val.mat}, the positions {@code gt_list} follows. */
    private record Layout(Path file, List<String> events, List<List<String>> images) {
        String name(int event, int image) {
            return events.get(event) + "/" + images.get(event).get(image);
        }
    }

    private static Layout readLayout(Path faceMat) {
        try (MatFile mat = open(faceMat)) {
            return layout(faceMat, mat);
        } catch (IOException e) {
            throw cannotRead(faceMat, e);
        }
    }

    private static Layout layout(Path file, MatFile mat) {
        Cell eventList = list(file, mat, "event_list", -1, null);
        Cell fileList = list(file, mat, "file_list", eventList.getNumElements(), "event_list");
        List<String> events = new ArrayList<>();
        List<List<String>> images = new ArrayList<>();
        Map<String, String> firstAt = new HashMap<>();
        for (int e = 0; e < eventList.getNumElements(); e++) {
            String event = text(file, eventList.get(e), "event_list{" + (e + 1) + "}");
            String where = "file_list{" + (e + 1) + "}";
            Cell files = cellVector(file, fileList.get(e), where, -1, null);
            List<String> names = new ArrayList<>();
            for (int j = 0; j < files.getNumElements(); j++) {
                String at = where + "{" + (j + 1) + "}";
                String name = text(file, files.get(j), at);
                String first = firstAt.putIfAbsent(WiderBoxImage.key(event + "/" + name), at);
                if (first != null) {
                    throw error(file, at, "image '" + event + "/" + name + "' is listed again (first at " + first
                            + ")");
                }
                names.add(name);
            }
            events.add(event);
            images.add(names);
        }
        return new Layout(file, events, images);
    }

    /**
     * The top-level cell list {@code variable}, with {@code length} elements unless -1 (then
     * {@code lengthOf} names what fixes it).
     */
    private static Cell list(Path file, MatFile mat, String variable, int length, String lengthOf) {
        Array value = null;
        List<String> present = new ArrayList<>();
        for (MatFile.Entry entry : mat.getEntries()) {
            present.add(entry.getName());
            if (entry.getName().equals(variable)) {
                value = entry.getValue();
            }
        }
        if (value == null) {
            throw new InvalidAnnotationException(file + ": no variable '" + variable + "' (it has "
                    + (present.isEmpty() ? "none" : String.join(", ", present)) + ")");
        }
        return cellVector(file, value, variable, length, lengthOf);
    }

    private static Cell cellVector(Path file, Array value, String where, int length, String lengthOf) {
        if (!(value instanceof Cell cell)) {
            throw error(file, where, "expected a cell array, found " + describe(value));
        }
        if (!isVector(cell)) {
            throw error(file, where, "expected a cell column {n x 1}, found a " + shape(cell) + " cell array");
        }
        if (length >= 0 && cell.getNumElements() != length) {
            throw error(file, where, "has " + cell.getNumElements() + " entries, " + lengthOf + " " + length);
        }
        return cell;
    }

    private static String text(Path file, Array value, String where) {
        if (!(value instanceof Char chars)) {
            throw error(file, where, "expected a name (a char array), found " + describe(value));
        }
        if (chars.getNumRows() > 1 || chars.getNumDimensions() > 2) {
            throw error(file, where, "expected a name on one row, found a " + shape(chars) + " char array");
        }
        String name = chars.getString().strip();
        if (name.isEmpty()) {
            throw error(file, where, "the name is empty");
        }
        return name;
    }

    private static List<WiderBox> faces(Path file, Array value, String where) {
        Matrix m = numeric(file, value, where, "face boxes");
        if (m.getNumElements() == 0) {
            return List.of();
        }
        if (m.getNumDimensions() != 2 || m.getNumCols() != BOX_COLUMNS) {
            throw error(file, where, "face boxes of shape " + shape(m) + " are not rows of [x y w h]");
        }
        List<WiderBox> faces = new ArrayList<>(m.getNumRows());
        for (int r = 0; r < m.getNumRows(); r++) {
            int[] v = new int[BOX_COLUMNS];
            for (int c = 0; c < BOX_COLUMNS; c++) {
                double x = m.getDouble(r, c);
                if (!(x >= 0 && x <= Integer.MAX_VALUE && x == Math.rint(x))) {
                    throw error(file, where, "face " + (r + 1) + " " + row(m, r)
                            + ": a box must be whole, non-negative pixels");
                }
                v[c] = (int) x;
            }
            faces.add(WiderBox.of(v[0], v[1], v[2], v[3]));
        }
        return faces;
    }

    private static int[] indices(Path file, Array value, String where, int faces) {
        Matrix m = numeric(file, value, where, "kept face indices");
        if (m.getNumElements() == 0) {
            return new int[0];
        }
        if (!isVector(m)) {
            throw error(file, where, "kept face indices of shape " + shape(m) + " are not a vector");
        }
        int[] keep = new int[m.getNumElements()];
        for (int k = 0; k < keep.length; k++) {
            double x = m.getDouble(k);
            if (!(x >= 1 && x <= faces && x == Math.rint(x))) {
                throw error(file, where, "kept face index " + number(x) + " is not in 1.." + faces
                        + " (the image's faces)");
            }
            keep[k] = (int) x;
            for (int j = 0; j < k; j++) {
                if (keep[j] == keep[k]) {
                    throw error(file, where, "kept face index " + keep[k] + " is given twice");
                }
            }
        }
        return keep;
    }

    private static Matrix numeric(Path file, Array value, String where, String what) {
        if (!(value instanceof Matrix m) || m.isLogical() || m.isComplex()) {
            throw error(file, where, "expected " + what + " (a real numeric array), found " + describe(value));
        }
        return m;
    }

    /** A vector or an empty array: MATLAB's lists are {n x 1} or {1 x n}. */
    private static boolean isVector(Array a) {
        return a.getNumDimensions() == 2 && (a.getNumRows() <= 1 || a.getNumCols() <= 1);
    }

    /**
     * Opens {@code file} after checking its header: MFL reads level 5 MAT-files only and says
     * little about anything else.
     */
    private static MatFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidAnnotationException("WIDER FACE ground-truth file " + file + " not found");
        }
        byte[] header = new byte[HEADER_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(header, 0, HEADER_BYTES);
        }
        // Level 5 header: 116 bytes of text, 8 of subsystem offset, version 0x0100, then "IM"
        // or "MI" (the byte order of the file's writer).
        String text = new String(header, 0, Math.min(n, 116), StandardCharsets.ISO_8859_1);
        String endian = n == HEADER_BYTES ? new String(header, 126, 2, StandardCharsets.ISO_8859_1) : "";
        if (text.startsWith("MATLAB 7.3 MAT-file")) {
            throw new InvalidAnnotationException(file + ": a MATLAB v7.3 (HDF5) MAT-file, which is not read; "
                    + "save it again with save(..., '-v7')");
        }
        if (!text.startsWith("MATLAB") || !(endian.equals("IM") || endian.equals("MI"))) {
            throw new InvalidAnnotationException(file + ": not a MATLAB MAT-file (level 5, as MATLAB's save and "
                    + "scipy.io.savemat write it)");
        }
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (RuntimeException e) {
            throw new InvalidAnnotationException(file + ": not a readable MAT-file: " + e.getMessage());
        }
    }

    private static InvalidAnnotationException cannotRead(Path file, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return new InvalidAnnotationException(file + ": cannot read MAT-file: it ends early (truncated?)");
            }
        }
        return new InvalidAnnotationException(file + ": cannot read MAT-file: " + e);
    }

    private static InvalidAnnotationException error(Path file, String where, String message) {
        return new InvalidAnnotationException(file + ": " + where + ": " + message);
    }

    private static String describe(Array value) {
        if (value == null) {
            return "nothing";
        }
        MatlabType type = value.getType();
        String kind = value instanceof Matrix m && m.isLogical() ? "logical"
                : value instanceof Matrix m && m.isComplex() ? "complex " + type : String.valueOf(type);
        return "a " + shape(value) + " " + kind + " array";
    }

    private static String shape(Array a) {
        StringJoiner s = new StringJoiner("x");
        Arrays.stream(a.getDimensions()).forEach(d -> s.add(Integer.toString(d)));
        return s.toString();
    }

    private static String row(Matrix m, int r) {
        StringJoiner s = new StringJoiner(" ", "[", "]");
        for (int c = 0; c < m.getNumCols(); c++) {
            s.add(number(m.getDouble(r, c)));
        }
        return s.toString();
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
