package org.mmdet4j.data.widerface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/**
 * One WIDER FACE difficulty subset (easy, medium or hard): per image the 1-based indices of the
 * faces it keeps, as the official {@code wider_<subset>_val.mat}'s {@code gt_list}. The official
 * evaluation does not remove the other faces: a detection matching one of them counts neither as
 * a hit nor as a false positive, so the subset is an ignore mask over the full box file.
 *
 * <p>The text form is one line per image, {@code event/name idx idx ...} (the name with or
 * without its extension, as the box file gives it). An image the file does not list keeps no
 * face. Reading checks each line against the box file: an image it does not list, an index that
 * is not an integer, outside {@code 1..faces}, or given twice on a line, and an image listed
 * twice are errors naming the file and the 1-based line. Blank lines are passed over.
 */
public final class WiderSubset {
    private static final int[] NONE = new int[0];

    private final String name;
    private final Path file;
    private final Map<String, int[]> keep;

    private WiderSubset(String name, Path file, Map<String, int[]> keep) {
        this.name = name;
        this.file = file;
        this.keep = keep;
    }

    /** The subset of {@code file}, named after it ({@code easy.txt} is "easy"). */
    public static WiderSubset read(Path file, WiderBoxFile boxes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read WIDER FACE subset file " + file + ": " + e.getMessage());
        }
        Map<String, int[]> keep = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            int line = i + 1;
            if (text.isEmpty()) {
                continue;
            }
            String[] tokens = text.split("\\s+");
            WiderBoxImage image = boxes.find(tokens[0]);
            if (image == null) {
                throw error(file, line, "image '" + tokens[0] + "' is not in " + boxes.file());
            }
            Integer first = lineOf.putIfAbsent(image.key(), line);
            if (first != null) {
                throw error(file, line, "image '" + tokens[0] + "' is listed again (first at line " + first + ")");
            }
            int faces = image.faces().size();
            int[] indices = new int[tokens.length - 1];
            for (int k = 0; k < indices.length; k++) {
                String t = tokens[k + 1];
                int index;
                try {
                    index = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw error(file, line, "face index '" + t + "' of image '" + tokens[0] + "' is not an integer");
                }
                if (index < 1 || index > faces) {
                    throw error(file, line, "face index " + index + " of image '" + tokens[0] + "' is outside 1.."
                            + faces + " (its faces in " + image.where(boxes.file()) + ")");
                }
                for (int j = 0; j < k; j++) {
                    if (indices[j] == index) {
                        throw error(file, line, "face index " + index + " of image '" + tokens[0] + "' is given twice");
                    }
                }
                indices[k] = index;
            }
            keep.put(image.key(), indices);
        }
        return new WiderSubset(subsetName(file), file, keep);
    }

    /**
     * A subset read elsewhere ({@link WiderMatFiles}): kept indices by image key, already checked
     * against the box file.
     */
    static WiderSubset of(String name, Path file, Map<String, int[]> keep) {
        return new WiderSubset(name, file, new HashMap<>(keep));
    }

    /** "easy" for {@code easy.txt} ("easy" for {@code wider_easy_val.mat}). */
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** The 1-based indices of the faces of {@code image} this subset keeps, in file order. */
    public int[] keep(WiderBoxImage image) {
        return keep.getOrDefault(image.key(), NONE).clone();
    }

    /**
     * The text of a subset file: one line per entry, the image name then its kept indices
     * (1-based), in the map's order.
     */
    public static String format(Map<String, int[]> keep) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, int[]> e : keep.entrySet()) {
            sb.append(e.getKey());
            for (int index : e.getValue()) {
                sb.append(' ').append(index);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #format(Map)}; use a {@link LinkedHashMap} to fix the line order. */
    public static Path write(Path file, Map<String, int[]> keep) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.writeString(file, format(keep), StandardCharsets.UTF_8);
    }

    private static String subsetName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".txt") ? n.substring(0, n.length() - 4) : n;
    }

    private static InvalidAnnotationException error(Path file, int line, String message) {
        return new InvalidAnnotationException(file + ": line " + line + ": " + message);
    }
}
