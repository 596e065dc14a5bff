package org.mmdet4j.cli.data;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.data.faces.Face;
import org.mmdet4j.data.faces.FacesGenerator;
import org.mmdet4j.data.faces.FacesImage;
import org.mmdet4j.data.faces.FacesWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmdet4j make-faces}: writes the generated faces dataset in WIDER FACE's layout with
 * RetinaFace's landmark label files (see {@link FacesWriter}). The same seed gives
 * byte-identical files.
 */
@Command(name = "make-faces", mixinStandardHelpOptions = true,
        description = "Generate a face dataset (WIDER FACE layout, RetinaFace label files with five landmarks).")
public final class MakeFacesCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--train", defaultValue = "200", description = "Number of training images (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--val", defaultValue = "50", description = "Number of validation images (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (train < 0 || val < 0) {
            throw new IllegalArgumentException("--train and --val must be >= 0, got " + train + " and " + val);
        }
        FacesGenerator gen = new FacesGenerator(seed);
        long start = System.nanoTime();
        int faces = 0;
        int withLandmarks = 0;
        for (String split : List.of("train", FacesWriter.VAL)) {
            List<FacesImage> images = gen.split(split, split.equals("train") ? train : val);
            FacesWriter.write(out, split, images);
            for (FacesImage im : images) {
                faces += im.faces().size();
                withLandmarks += (int) im.faces().stream().filter(Face::hasLandmarks).count();
            }
        }
        System.out.printf("wrote %d train and %d val images (%d faces, %d with landmarks) to %s in %.1f s%n", train,
                val, faces, withLandmarks, out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
