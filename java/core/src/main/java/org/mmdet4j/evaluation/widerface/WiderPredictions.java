package org.mmdet4j.evaluation.widerface;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.evaluation.EvaluationException;

/**
 * A folder of WIDER FACE predictions: a folder per event, a {@link WiderPredictionFile} per
 * image. An image is found by its event folder and the name on its file's first line (without
 * extension), as the Python evaluation keys them; the file's own name does not matter. Files
 * that name an image the ground truth does not list are read too: they take part in the score
 * normalisation, as in the official scripts.
 */
public final class WiderPredictions {
    private final Path dir;
    private final Map<String, WiderImagePredictions> byKey;

    private WiderPredictions(Path dir, Map<String, WiderImagePredictions> byKey) {
        this.dir = dir;
        this.byKey = byKey;
    }

    /**
     * Reads every {@code .txt} file in every sub-folder of {@code dir} (other entries are passed
     * over), folders and files in name order.
     *
     * @throws EvaluationException naming a missing folder, a bad file and line, or two files
     *                             that name the same image
     */
    public static WiderPredictions read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EvaluationException("prediction folder " + dir + " not found (a folder per event, a .txt "
                    + "per image)");
        }
        Map<String, WiderImagePredictions> byKey = new LinkedHashMap<>();
        try {
            for (Path eventDir : sorted(dir, Files::isDirectory)) {
                for (Path file : sorted(eventDir, p -> Files.isRegularFile(p)
                        && p.getFileName().toString().endsWith(".txt"))) {
                    WiderImagePredictions p = WiderPredictionFile.read(file);
                    WiderImagePredictions first = byKey.putIfAbsent(key(p.event(), p.name()), p);
                    if (first != null) {
                        throw new EvaluationException(file + ": line 1: image '" + p.name() + "' is also named by "
                                + first.file());
                    }
                }
            }
        } catch (IOException e) {
            throw new EvaluationException("cannot list prediction folder " + dir + ": " + e.getMessage(), e);
        }
        return new WiderPredictions(dir, byKey);
    }

    /** Predictions made in memory (tests, a detector's output before it is written). */
    public static WiderPredictions of(Collection<WiderImagePredictions> images) {
        Map<String, WiderImagePredictions> byKey = new LinkedHashMap<>();
        for (WiderImagePredictions p : images) {
            if (byKey.putIfAbsent(key(p.event(), p.name()), p) != null) {
                throw new IllegalArgumentException("two predictions for image " + p.event() + "/" + p.name());
            }
        }
        return new WiderPredictions(null, byKey);
    }

    /** The predictions of a ground-truth image, or null when no file names it. */
    public WiderImagePredictions find(WiderBoxImage image) {
        String event = image.event();
        return byKey.get(key(event.substring(event.lastIndexOf('/') + 1), image.name()));
    }

    /** The folder read; null for predictions made in memory. */
    public Path dir() {
        return dir;
    }

    public Collection<WiderImagePredictions> images() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    /** Event folder and the image name's last segment without extension. */
    private static String key(String event, String name) {
        return event + "/" + WiderBoxImage.key(name.substring(name.lastIndexOf('/') + 1));
    }

    private static List<Path> sorted(Path dir, Predicate<Path> keep) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(keep).sorted().forEach(out::add);
        }
        return out;
    }
}
