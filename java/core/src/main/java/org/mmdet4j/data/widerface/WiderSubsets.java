package org.mmdet4j.data.widerface;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/**
 * The three difficulty subsets of the official evaluation, in the order it reports them, read
 * from one folder holding either {@code easy.txt}, {@code medium.txt} and {@code hard.txt} (what
 * {@code tools/widerface_mat_to_text.py} writes) or the official {@code wider_easy_val.mat},
 * {@code wider_medium_val.mat} and {@code wider_hard_val.mat} ({@link WiderMatFiles}). The text
 * files win when the folder holds any of them, so a folder that was read before reads the same.
 */
public record WiderSubsets(WiderSubset easy, WiderSubset medium, WiderSubset hard) {
    public static final List<String> NAMES = List.of("easy", "medium", "hard");

    /**
     * The official {@code .mat} subsets give faces by the position of their image in
     * {@code wider_face_val.mat}: that is {@code boxes}' own file when it was read from one,
     * else {@code wider_face_val.mat} in {@code dir} (the evaluation kit keeps the four files
     * together).
     *
     * @throws InvalidAnnotationException naming a missing file, or the file and line (entry) of a bad one
     */
    public static WiderSubsets read(Path dir, WiderBoxFile boxes) {
        boolean text = NAMES.stream().anyMatch(n -> Files.exists(dir.resolve(n + ".txt")));
        if (!text && NAMES.stream().anyMatch(n -> Files.exists(dir.resolve(WiderMatFiles.subsetFileName(n))))) {
            Path faceMat = WiderMatFiles.isMatFile(boxes.file()) ? boxes.file()
                    : dir.resolve(WiderMatFiles.faceFileName());
            if (!Files.isRegularFile(faceMat)) {
                throw new InvalidAnnotationException("the official subsets in " + dir + " give faces by their "
                        + "position in " + WiderMatFiles.faceFileName() + ", which is not there: read the boxes "
                        + "from it or keep it in " + dir);
            }
            return WiderMatFiles.readSubsets(dir, faceMat, boxes);
        }
        WiderSubset[] s = new WiderSubset[NAMES.size()];
        for (int k = 0; k < s.length; k++) {
            Path file = dir.resolve(NAMES.get(k) + ".txt");
            if (!Files.isRegularFile(file)) {
                throw new InvalidAnnotationException("WIDER FACE subset file " + file + " not found (a subsets folder "
                        + "holds easy.txt, medium.txt and hard.txt, or " + WiderMatFiles.subsetFileName("easy") + ", "
                        + WiderMatFiles.subsetFileName("medium") + " and " + WiderMatFiles.subsetFileName("hard")
                        + ")");
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
