package org.mmdet4j.data.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.data.datasets.CocoParser;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.datasets.ParsedDataset;
import org.mmdet4j.data.sample.DataInfo;

/**
 * Reads a COCO instances file with {@link CocoParser}, as {@code CocoDataset} would (crowd
 * boxes in the ignore set; annotations marked {@code ignore} or under 1 pixel left out), and
 * gives each image its VOC id: the stem of its file name. VOC names every image
 * {@code JPEGImages/<id>.jpg}, so images must be JPEGs and their stems unique.
 */
public final class CocoToVoc {
    private CocoToVoc() {
    }

    /**
     * @param classes the class names to keep, or null for every category in file order
     * @return images whose {@link DataInfo#id()} is the VOC id and whose
     *         {@link DataInfo#filename()} is the COCO {@code file_name}
     */
    public static AnnotatedImages read(Path annFile, List<String> classes, boolean skipInvalid) {
        // Test mode: images without annotations, and files without any, are valid to convert.
        ParsedDataset parsed = CocoParser.parse(annFile, classes, true);
        ProblemCheck.finish(parsed.problems(), skipInvalid);
        List<DataInfo> images = new ArrayList<>();
        Map<String, DataInfo> byId = new HashMap<>();
        for (DataInfo info : parsed.infos()) {
            String entry = annFile + ": image id " + info.id() + " ('" + info.filename() + "')";
            String base = info.filename().substring(info.filename().lastIndexOf('/') + 1);
            String lower = base.toLowerCase(Locale.ROOT);
            int dot = lower.endsWith(".jpg") ? base.length() - 4 : lower.endsWith(".jpeg") ? base.length() - 5 : -1;
            if (dot <= 0) {
                throw new InvalidAnnotationException(entry + ": VOC keeps images as JPEGImages/<id>.jpg; "
                        + "this one is not a .jpg or .jpeg file");
            }
            String id = base.substring(0, dot);
            DataInfo other = byId.put(id, info);
            if (other != null) {
                throw new InvalidAnnotationException(entry + ": VOC id '" + id + "' is also the id of image id "
                        + other.id() + " ('" + other.filename() + "')");
            }
            images.add(new DataInfo(id, info.filename(), info.width(), info.height(), info.ann()));
        }
        return new AnnotatedImages(images, parsed.classes());
    }
}
