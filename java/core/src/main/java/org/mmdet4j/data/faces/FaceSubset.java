package org.mmdet4j.data.faces;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;

/**
 * WIDER FACE's three validation subsets, by face height and difficulty as in WIDER's spirit
 * (its own split came from EdgeBox detection rates; this one is a written rule):
 * <ul>
 *   <li>{@code hard}: every valid face;</li>
 *   <li>{@code medium}: valid faces at least {@link #MEDIUM_HEIGHT} pixels tall;</li>
 *   <li>{@code easy}: valid faces at least {@link #EASY_HEIGHT} pixels tall that are neither
 *       heavily occluded (occlusion 2) nor heavily blurred (blur 2).</li>
 * </ul>
 * So easy is within medium and medium within hard. As in WIDER's evaluation, faces outside a
 * subset are not missed when undetected, and detections on them are not false positives.
 *
 * <p>A subset file has one line per validation image, {@code event/name idx idx ...}: the image
 * as WIDER's evaluation names it (its path without {@code .jpg}) and the 1-based indices, in the
 * bbx_gt file's face order, of the faces the subset keeps (none: the name alone).
 */
public enum FaceSubset {
    EASY, MEDIUM, HARD;

    public static final int EASY_HEIGHT = 50;
    public static final int MEDIUM_HEIGHT = 25;

    public boolean contains(Face f) {
        FaceAttributes a = f.attributes();
        if (a.invalid()) {
            return false;
        }
        return switch (this) {
            case HARD -> true;
            case MEDIUM -> f.h() >= MEDIUM_HEIGHT;
            case EASY -> f.h() >= EASY_HEIGHT && a.occlusion() < 2 && a.blur() < 2;
        };
    }

    /** The file name, {@code easy.txt}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT) + ".txt";
    }

    /**
     * The subset's kept faces of each image, keyed as WIDER's evaluation names images (the path
     * without {@code .jpg}), in image order: what {@link WiderSubset#write} takes.
     */
    public Map<String, int[]> keep(List<FacesImage> images) {
        Map<String, int[]> keep = new LinkedHashMap<>();
        for (FacesImage im : images) {
            List<Face> faces = im.faces();
            keep.put(WiderBoxImage.key(im.path()),
                    IntStream.range(0, faces.size()).filter(k -> contains(faces.get(k))).map(k -> k + 1).toArray());
        }
        return keep;
    }

    public Path write(Path dir, List<FacesImage> images) throws IOException {
        return WiderSubset.write(dir.resolve(fileName()), keep(images));
    }
}
