package org.mmdet4j.data.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.datasets.ParsedDataset;
import org.mmdet4j.data.datasets.VocParser;
import org.mmdet4j.data.sample.DataInfo;

/**
 * Reads the splits of one or more VOC roots ({@code ROOT/ImageSets/Main/<split>.txt},
 * {@code ROOT/Annotations/<id>.xml}) with {@link VocParser}, as {@code VOCDataset} would, into
 * images named for a COCO file. File names are relative to {@code ROOT/JPEGImages/} for one
 * root (what {@code make-shapes --format coco} writes), and relative to the roots' common
 * folder for several, e.g. {@code VOC2007/JPEGImages/000005.jpg} (as mmdetection's
 * {@code pascal_voc.py} does for VOC0712).
 */
public final class VocToCoco {
    /**
     * @param dataset          the images and the class names, labels in this order
     * @param otherClassObjects objects left out because their class is not in {@code classes}, by name
     */
    public record Result(AnnotatedImages dataset, Map<String, Integer> otherClassObjects) {
    }

    private VocToCoco() {
    }

    /**
     * @param classes the class names in category order, or null for every name the XML files
     *                use, sorted: VOC's own 20 classes are in alphabetical order, and so are the
     *                shapes dataset's, so sorting reproduces their usual category ids
     */
    public static Result read(List<Path> roots, List<String> splits, List<String> classes, boolean skipInvalid) {
        Map<String, Integer> counts = new HashMap<>();
        for (Path root : roots) {
            for (String split : splits) {
                VocParser.objectNames(splitFile(root, split), root).forEach((k, v) -> counts.merge(k, v, Integer::sum));
            }
        }
        List<String> selected = classes != null ? classes : List.copyOf(new TreeMap<>(counts).keySet());
        // Names of the files outside --classes are known classes, left out rather than errors.
        Set<String> known = new LinkedHashSet<>(selected);
        known.addAll(counts.keySet());

        Path common = roots.size() == 1 ? null : commonFolder(roots);
        List<DataInfo> images = new ArrayList<>();
        Map<String, Path> listedIn = new HashMap<>();
        for (Path root : roots) {
            for (String split : splits) {
                Path splitFile = splitFile(root, split);
                // min_size 0: every box is converted; a config's min_size still applies when training.
                ParsedDataset parsed = VocParser.parse(splitFile, root, List.copyOf(known), selected, 0);
                ProblemCheck.finish(parsed.problems(), skipInvalid);
                for (DataInfo info : parsed.infos()) {
                    String name = common == null ? info.id() + ".jpg"
                            : common.relativize(root.toAbsolutePath().normalize().resolve(info.filename()))
                                    .toString().replace('\\', '/');
                    Path first = listedIn.putIfAbsent(name, splitFile);
                    if (first != null) {
                        // One image twice would be counted twice in training and in evaluation.
                        throw new InvalidAnnotationException(splitFile + ": image id " + info.id()
                                + " is also listed in " + first);
                    }
                    images.add(new DataInfo(info.id(), name, info.width(), info.height(), info.ann()));
                }
            }
        }
        Map<String, Integer> other = new TreeMap<>(counts);
        other.keySet().removeAll(selected);
        return new Result(new AnnotatedImages(images, selected), other);
    }

    public static Path splitFile(Path root, String split) {
        return root.resolve("ImageSets").resolve("Main").resolve(split + ".txt");
    }

    /** The deepest folder holding every root, the {@code img_prefix} of a several-root file. */
    public static Path commonFolder(List<Path> roots) {
        Path common = roots.get(0).toAbsolutePath().normalize().getParent();
        for (Path r : roots) {
            Path abs = r.toAbsolutePath().normalize();
            while (common != null && !abs.startsWith(common)) {
                common = common.getParent();
            }
        }
        if (common == null) {
            throw new IllegalArgumentException("the VOC roots " + roots + " share no folder");
        }
        return common;
    }
}
