package org.mmdet4j.data.widerface;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/**
 * The three difficulty subsets of the official evaluation, in the order it reports them, read
 * from {@code easy.txt}, {@code medium.txt} and {@code hard.txt} in one folder (what
 * {@code tools/widerface_mat_to_text.py} writes from the official {@code .mat} files).
 */
public record WiderSubsets(WiderSubset easy, WiderSubset medium, WiderSubset hard) {
    public static final List<String> NAMES = List.of("easy", "medium", "hard");

    /** @throws InvalidAnnotationException naming a missing file, or the file and line of a bad entry */
    public static WiderSubsets read(Path dir, WiderBoxFile boxes) {
        WiderSubset[] s = new WiderSubset[NAMES.size()];
        for (int k = 0; k < s.length; k++) {
            Path file = dir.resolve(NAMES.get(k) + ".txt");
            if (!Files.isRegularFile(file)) {
                throw new InvalidAnnotationException("WIDER FACE subset file " + file + " not found (a subsets folder "
                        + "holds easy.txt, medium.txt and hard.txt)");
            }
            s[k] = WiderSubset.read(file, boxes);
        }
        return new WiderSubsets(s[0], s[1], s[2]);
    }

    /** Easy, medium, hard. */
    public List<WiderSubset> all() {
        return List.of(easy, medium, hard);
    }
}
