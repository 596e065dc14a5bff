package org.mmdet4j.cli.data;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmdet4j.data.convert.AnnotatedImages;
import org.mmdet4j.data.convert.CocoJsonWriter;
import org.mmdet4j.data.convert.VocToCoco;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmdet4j convert voc2coco}: VOC roots and splits to one COCO instances file. */
@Command(name = "voc2coco", mixinStandardHelpOptions = true,
        description = {"Convert Pascal VOC annotations (ROOT/Annotations/*.xml listed in "
                + "ROOT/ImageSets/Main/<split>.txt) to one COCO instances JSON.",
                "Boxes keep VOC's corners (x = xmin, w = xmax - xmin, as VOCDataset reads them); difficult "
                        + "objects become iscrowd=1. file_name is relative to ROOT/JPEGImages/ for one root, to "
                        + "the roots' common folder for several."})
final class Voc2CocoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "VOC root (holds Annotations/, ImageSets/Main/, JPEGImages/); repeat for VOC0712.")
    List<Path> roots;

    @Option(names = "--split", required = true, split = ",", paramLabel = "NAME",
            description = "Split(s) to convert, e.g. train or trainval,test; concatenated in this order.")
    List<String> splits;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "COCO JSON to write.")
    Path out;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Class names in category-id order (ids 1, 2, ...); objects of other classes are "
                    + "left out. Default: every name in the XML files, sorted.")
    List<String> classes;

    @Option(names = "--skip-invalid", description = "Leave out the images with invalid entries (with a warning) instead of failing.")
    boolean skipInvalid;

    @Override
    public Integer call() {
        VocToCoco.Result r = VocToCoco.read(roots, splits, classes, skipInvalid);
        AnnotatedImages data = r.dataset();
        CocoJsonWriter.write(data, out);
        var w = spec.commandLine().getOut();
        w.printf("wrote %d images, %d boxes (%d difficult, as iscrowd=1) of %d classes %s to %s%n",
                data.images().size(), data.boxes() + data.ignoredBoxes(), data.ignoredBoxes(), data.classes().size(),
                data.classes(), out);
        if (!r.otherClassObjects().isEmpty()) {
            w.printf("left out objects of classes not in --classes: %s%n", r.otherClassObjects());
        }
        Path prefix = roots.size() == 1 ? roots.get(0).resolve("JPEGImages") : VocToCoco.commonFolder(roots);
        w.printf("image folder (img_prefix): %s/%n", prefix);
        return 0;
    }
}
