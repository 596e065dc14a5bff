package org.mmdet4j.cli.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.data.convert.AnnotatedImages;
import org.mmdet4j.data.convert.CocoToVoc;
import org.mmdet4j.data.convert.ImageMode;
import org.mmdet4j.data.convert.VocLayoutWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmdet4j convert coco2voc}: a COCO instances file and its images to a VOC root. */
@Command(name = "coco2voc", mixinStandardHelpOptions = true,
        description = {"Convert a COCO instances JSON and its images to a Pascal VOC root: "
                + "OUT/Annotations/<id>.xml, OUT/ImageSets/Main/<split>.txt and OUT/JPEGImages/<id>.jpg, "
                + "where <id> is the stem of each file_name.",
                "Boxes are widened to whole pixels; iscrowd=1 becomes difficult=1; masks are not kept. "
                        + "Files already in OUT are kept unless replaced by one of the same name; a failed run "
                        + "changes nothing."})
final class Coco2VocCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ann", required = true, paramLabel = "FILE", description = "COCO instances JSON.")
    Path ann;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Folder the file_name entries are relative to (the COCO img_prefix).")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "VOC root to write.")
    Path out;

    @Option(names = "--split", required = true, paramLabel = "NAME",
            description = "Name of the split list, ImageSets/Main/<NAME>.txt.")
    String split;

    @Option(names = "--image-mode", defaultValue = "copy", paramLabel = "MODE",
            description = "How images get into OUT/JPEGImages: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ImageMode imageMode;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Categories to keep (by name); boxes of others are left out. Default: all.")
    List<String> classes;

    @Option(names = "--skip-invalid", description = "Leave out the images with invalid entries (with a warning) instead of failing.")
    boolean skipInvalid;

    @Override
    public Integer call() throws IOException {
        if (imageMode != ImageMode.none && images == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--images is required unless --image-mode none");
        }
        if (split.isBlank() || split.contains("/") || split.contains("\\")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--split must be a plain name, got '"
                    + split + "'");
        }
        AnnotatedImages data = CocoToVoc.read(ann, classes, skipInvalid);
        VocLayoutWriter.write(out, split, data, images, imageMode);
        var w = spec.commandLine().getOut();
        w.printf("wrote %d images, %d boxes (%d crowd, as difficult=1) to %s (split %s, images: %s)%n",
                data.images().size(), data.boxes() + data.ignoredBoxes(), data.ignoredBoxes(), out, split, imageMode);
        // VOC has no class list: voc2coco sorts the names unless told the order.
        w.printf("classes in category order: %s (voc2coco --classes %s keeps this order)%n", data.classes(),
                String.join(",", data.classes()));
        return 0;
    }
}
