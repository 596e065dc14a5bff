package org.mmdet4j.cli.data;


import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmdet4j make-shapes}: writes the generated shapes dataset (3 classes: circle,
 * rectangle, triangle) as JPEG images with COCO and/or VOC annotations. The same seed gives
 * byte-identical files.
 */
@Command(name = "make-shapes", mixinStandardHelpOptions = true,
        description = "Generate the shapes dataset (circles, rectangles, triangles) with COCO and/or VOC annotations.")
public final class MakeShapesCommand implements Callable<Integer> {
    enum Format { coco, voc, both }

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--train", defaultValue = "200", description = "Number of training images (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--val", defaultValue = "50", description = "Number of validation images (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "coco",
            description = "Annotation format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        if (train < 0 || val < 0) {
            throw new IllegalArgumentException("--train and --val must be >= 0, got " + train + " and " + val);
        }
        ShapesGenerator gen = new ShapesGenerator(seed);
        long start = System.nanoTime();
        int objects = 0;
        for (String split : List.of("train", "val")) {
            int n = split.equals("train") ? train : val;
            List<ShapesImage> images = gen.split(split, n);
            ShapesWriter.writeImages(out, images);
            if (format != Format.voc) {
                ShapesWriter.writeCoco(out, split, images);
            }
            if (format != Format.coco) {
                ShapesWriter.writeVoc(out, split, images);
            }
            objects += images.stream().mapToInt(i -> i.objects().size()).sum();
        }
        System.out.printf("wrote %d train and %d val images (%d objects) to %s in %.1f s%n", train, val, objects,
                out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
