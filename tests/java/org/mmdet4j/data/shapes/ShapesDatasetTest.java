package org.mmdet4j.data.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.data.MakeShapesCommand;
import org.mmdet4j.data.datasets.CocoParser;
import org.mmdet4j.data.datasets.ParsedDataset;
import org.mmdet4j.data.datasets.VocParser;
import org.mmdet4j.data.sample.DataInfo;
import picocli.CommandLine;

class ShapesDatasetTest {
    @TempDir
    Path dir;

    private int run(Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
        return new CommandLine(new MakeShapesCommand()).execute(args);
    }

    @Test
    void generatedDatasetRoundTripsThroughTheCocoAndVocParsers() throws Exception {
        Path out = dir.resolve("shapes");
        assertEquals(0, run(out, "--train", "12", "--val", "4", "--seed", "5", "--format", "both"));
        List<ShapesImage> expected = new ShapesGenerator(5).split("train", 12);
        int objects = expected.stream().mapToInt(i -> i.objects().size()).sum();

        ParsedDataset coco = CocoParser.parse(out.resolve("annotations/instances_train.json"), null, false);
        assertTrue(coco.problems().isEmpty());
        assertEquals(ShapeKind.CLASS_NAMES, coco.classes());
        assertEquals(12, coco.infos().size());
        assertEquals(objects, coco.infos().stream().mapToInt(d -> d.ann().count()).sum());
        DataInfo first = coco.infos().get(0);
        ShapeInstance s0 = expected.get(0).objects().get(0);
        assertEquals(s0.kind().ordinal(), first.ann().labels()[0]);
        assertArrayEquals(s0.box(), java.util.Arrays.copyOf(first.ann().bboxes(), 4), 0.02f);
        assertEquals(4, CocoParser.parse(out.resolve("annotations/instances_val.json"), null, false).infos().size());

        ParsedDataset voc = VocParser.parse(out.resolve("ImageSets/Main/train.txt"), out, ShapeKind.CLASS_NAMES,
                ShapeKind.CLASS_NAMES, 0);
        assertTrue(voc.problems().isEmpty());
        assertEquals(objects, voc.infos().stream().mapToInt(d -> d.ann().count()).sum());
        assertTrue(Files.exists(out.resolve(voc.infos().get(0).filename())));
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDiffers() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        assertEquals(0, run(a, "--train", "5", "--val", "2", "--seed", "9"));
        assertEquals(0, run(b, "--train", "5", "--val", "2", "--seed", "9"));
        assertEquals(0, run(c, "--train", "5", "--val", "2", "--seed", "10"));
        for (String f : List.of("JPEGImages/train_000000.jpg", "JPEGImages/val_000001.jpg",
                "annotations/instances_train.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a.resolve("JPEGImages/train_000000.jpg")),
                Files.readAllBytes(c.resolve("JPEGImages/train_000000.jpg"))));
    }

    @Test
    void badArgumentsExitWithUsageOrErrorCodes() {
        assertEquals(2, new CommandLine(new MakeShapesCommand()).execute("--train", "3"));
        assertEquals(2, run(dir.resolve("x"), "--format", "yaml"));
    }
}
