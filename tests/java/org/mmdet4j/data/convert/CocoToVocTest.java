package org.mmdet4j.data.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.datasets.ParsedDataset;
import org.mmdet4j.data.datasets.VocParser;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;

class CocoToVocTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path voc2coco(Path root, String split, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("convert", "voc2coco", "--root", root.toString(),
                "--split", split, "--out", out.toString()));
        args.addAll(List.of(extra));
        VocFixture.Run r = VocFixture.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    private VocFixture.Run coco2voc(Path ann, Path images, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("convert", "coco2voc", "--ann", ann.toString(),
                "--images", images.toString(), "--out", out.toString(), "--split", "trainval"));
        args.addAll(List.of(extra));
        return VocFixture.cli(args.toArray(String[]::new));
    }

    @Test
    void vocToCocoToVocToCocoGivesTheSameFileAndImages() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path first = voc2coco(root, "trainval", dir.resolve("a.json"));
        Path back = dir.resolve("back");
        VocFixture.Run r = coco2voc(first, root.resolve("JPEGImages"), back);
        assertEquals(0, r.code(), r.err());
        Path second = voc2coco(back, "trainval", dir.resolve("b.json"));
        assertEquals(JSON.readTree(first.toFile()), JSON.readTree(second.toFile()));
        assertEquals("000005\n000007\n", Files.readString(back.resolve("ImageSets/Main/trainval.txt")));
        for (String id : List.of("000005", "000007")) {
            assertArrayEquals(Files.readAllBytes(root.resolve("JPEGImages/" + id + ".jpg")),
                    Files.readAllBytes(back.resolve("JPEGImages/" + id + ".jpg")));
        }
    }

    @Test
    void crowdBecomesDifficultAndFractionalBoxesWidenToWholePixels() throws Exception {
        Path ann = dir.resolve("ann.json");
        Files.writeString(ann, """
                {"images": [{"id": 3, "file_name": "sub/a.jpeg", "width": 40, "height": 30}],
                 "annotations": [
                   {"id": 1, "image_id": 3, "category_id": 7, "bbox": [1.5, 2.25, 3, 4], "area": 12, "iscrowd": 0},
                   {"id": 2, "image_id": 3, "category_id": 9, "bbox": [10, 10, 5, 5], "area": 25, "iscrowd": 1}],
                 "categories": [{"id": 9, "name": "b&w"}, {"id": 7, "name": "a"}]}""");
        AnnotatedImages d = CocoToVoc.read(ann, null, false);
        assertEquals("a", d.images().get(0).id());
        assertEquals(List.of("b&w", "a"), d.classes());
        VocLayoutWriter.write(dir.resolve("voc"), "val", d, dir, ImageMode.none);
        Path voc = dir.resolve("voc");
        assertFalse(Files.exists(voc.resolve("JPEGImages")));

        ParsedDataset p = VocParser.parse(voc.resolve("ImageSets/Main/val.txt"), voc, List.of("a", "b&w"),
                List.of("a", "b&w"), 0);
        assertTrue(p.problems().isEmpty(), () -> p.problems().problems().toString());
        var a = p.infos().get(0).ann();
        // [1.5, 2.25, 3, 4] covers x 1.5..4.5, y 2.25..6.25: pixels 1..5, 2..7.
        assertArrayEquals(new float[] {1, 2, 5, 7}, a.bboxes());
        assertArrayEquals(new long[] {0}, a.labels());
        assertArrayEquals(new float[] {10, 10, 15, 15}, a.bboxesIgnore());
        assertArrayEquals(new long[] {1}, a.labelsIgnore());
        assertEquals(40, p.infos().get(0).width());
        assertTrue(Files.readString(voc.resolve("Annotations/a.xml")).contains("<name>b&amp;w</name>"));
    }

    @Test
    void shapesCocoConvertedInPlaceKeepsItsImagesAndMatchesTheShapesVoc() throws Exception {
        List<ShapesImage> images = new ShapesGenerator(5).split("train", 4);
        Path root = dir.resolve("shapes");
        ShapesWriter.writeImages(root, images);
        Path ann = ShapesWriter.writeCoco(root, "train", images);
        ShapesWriter.writeVoc(dir.resolve("voc"), "train", images);
        byte[] before = Files.readAllBytes(root.resolve("JPEGImages/train_000000.jpg"));

        VocFixture.Run r = VocFixture.cli("convert", "coco2voc", "--ann", ann.toString(), "--images",
                root.resolve("JPEGImages").toString(), "--out", root.toString(), "--split", "train");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(before, Files.readAllBytes(root.resolve("JPEGImages/train_000000.jpg")));
        assertTrue(Files.isRegularFile(ann), "the COCO file stays");
        // Same split, boxes and classes as make-shapes --format voc (whole pixels on both sides).
        JsonNode converted = JSON.readTree(voc2coco(root, "train", dir.resolve("a.json")).toFile());
        JsonNode direct = JSON.readTree(voc2coco(dir.resolve("voc"), "train", dir.resolve("b.json")).toFile());
        assertEquals(direct, converted);
    }

    @Test
    void symlinkModeLinksTheImages() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path ann = voc2coco(root, "trainval", dir.resolve("a.json"));
        Path back = dir.resolve("back");
        assertEquals(0, coco2voc(ann, root.resolve("JPEGImages"), back, "--image-mode", "symlink").code());
        Path link = back.resolve("JPEGImages/000005.jpg");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(root.resolve("JPEGImages/000005.jpg").toAbsolutePath(), Files.readSymbolicLink(link));
    }

    @Test
    void symlinkModeInPlaceKeepsTheImageItself() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path ann = voc2coco(root, "trainval", dir.resolve("a.json"));
        byte[] before = Files.readAllBytes(root.resolve("JPEGImages/000005.jpg"));
        assertEquals(0, coco2voc(ann, root.resolve("JPEGImages"), root, "--image-mode", "symlink").code());
        Path image = root.resolve("JPEGImages/000005.jpg");
        assertFalse(Files.isSymbolicLink(image), "a link to itself would lose the image");
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void malformedJsonNamesTheFileAndPlaceAndWritesNothing() throws Exception {
        Path ann = dir.resolve("broken.json");
        Files.writeString(ann, "{\"images\": [\n  {\"id\": 1,}\n]}");
        VocFixture.Run r = coco2voc(ann, dir, dir.resolve("out"));
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: cannot read COCO annotation file " + ann)
                && r.err().contains("(line 2, column"), r.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(ann), left.toList());
        }
    }

    @Test
    void aMissingImageStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path ann = voc2coco(root, "trainval", dir.resolve("a.json"));
        Files.delete(root.resolve("JPEGImages/000007.jpg"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        VocFixture.Run r = coco2voc(ann, root.resolve("JPEGImages"), out);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("image '000007.jpg' (VOC id 000007) is not a file"), r.err());
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(out.resolve("keep.txt")), left.toList());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("VOC2007", "a.json", "out"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "nothing staged is left");
        }
    }

    @Test
    void imagesVocCannotNameAreErrors() throws Exception {
        Path ann = dir.resolve("ann.json");
        Files.writeString(ann, """
                {"images": [{"id": 1, "file_name": "a/x.jpg", "width": 4, "height": 4},
                            {"id": 2, "file_name": "b/x.jpg", "width": 4, "height": 4},
                            {"id": 3, "file_name": "y.png", "width": 4, "height": 4}],
                 "annotations": [], "categories": []}""");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> CocoToVoc.read(ann, null, false));
        assertTrue(e.getMessage().contains("image id 2 ('b/x.jpg'): VOC id 'x' is also the id of image id 1"),
                e.getMessage());
        Files.writeString(ann, Files.readString(ann).replace("b/x.jpg", "b/z.jpg"));
        e = assertThrows(InvalidAnnotationException.class, () -> CocoToVoc.read(ann, null, false));
        assertTrue(e.getMessage().contains(ann + ": image id 3 ('y.png'): VOC keeps images as JPEGImages/<id>.jpg"),
                e.getMessage());
    }

    @Test
    void invalidAnnotationsFailUnlessSkipped() throws Exception {
        Path ann = dir.resolve("ann.json");
        Files.writeString(ann, """
                {"images": [{"id": 1, "file_name": "x.jpg", "width": 40, "height": 40},
                            {"id": 2, "file_name": "y.jpg", "width": 40, "height": 40}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, -5, 3]},
                                 {"id": 2, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 3]},
                                 {"id": 3, "image_id": 2, "category_id": 1, "bbox": [2, 2, 5, 3]}],
                 "categories": [{"id": 1, "name": "a"}]}""");
        VocFixture.Run r = coco2voc(ann, dir, dir.resolve("out"), "--image-mode", "none");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("annotation id 1 (image id 1): bbox has negative width/height"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
        // --skip-invalid leaves out x.jpg whole, its valid box too.
        r = coco2voc(ann, dir, dir.resolve("out"), "--image-mode", "none", "--skip-invalid");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote 1 images, 1 boxes"), r.out());
        assertTrue(Files.exists(dir.resolve("out/Annotations/y.xml")));
        assertFalse(Files.exists(dir.resolve("out/Annotations/x.xml")));
    }

    @Test
    void badUsageIsExitCode2() {
        assertEquals(2, VocFixture.cli("convert").code());
        assertEquals(2, VocFixture.cli("convert", "coco2voc", "--ann", "a.json", "--out", "o", "--split", "t").code());
        assertEquals(2, VocFixture.cli("convert", "coco2voc", "--ann", "a.json", "--out", "o", "--split", "a/b",
                "--image-mode", "none").code());
    }
}
