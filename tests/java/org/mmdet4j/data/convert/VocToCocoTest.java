package org.mmdet4j.data.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;

class VocToCocoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void boxesKeepVocCornersAndDifficultObjectsBecomeCrowdAfterTheOthers() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path out = dir.resolve("out/voc07_trainval.json");
        VocFixture.Run r = VocFixture.cli("convert", "voc2coco", "--root", root.toString(), "--split", "trainval",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode coco = JSON.readTree(out.toFile());

        // Sorted names: car, chair, dog -> ids 1, 2, 3.
        assertEquals("[{\"id\":1,\"name\":\"car\",\"supercategory\":\"none\"},"
                + "{\"id\":2,\"name\":\"chair\",\"supercategory\":\"none\"},"
                + "{\"id\":3,\"name\":\"dog\",\"supercategory\":\"none\"}]", coco.get("categories").toString());
        assertEquals("[{\"id\":1,\"file_name\":\"000005.jpg\",\"width\":500,\"height\":375},"
                + "{\"id\":2,\"file_name\":\"000007.jpg\",\"width\":500,\"height\":333}]",
                coco.get("images").toString());
        JsonNode anns = coco.get("annotations");
        assertEquals(4, anns.size());
        // dog 48,240,195,371 -> [48, 240, 147, 131]; the chair; the difficult chair last, iscrowd 1.
        assertAnn(anns.get(0), 1, 1, 3, "[48,240,147,131]", 0);
        assertEquals(147 * 131, anns.get(0).get("area").asInt());
        assertEquals("[[48,240,195,240,195,371,48,371]]", anns.get(0).get("segmentation").toString());
        assertAnn(anns.get(1), 2, 1, 2, "[263,211,61,128]", 0);
        assertAnn(anns.get(2), 3, 1, 2, "[5,244,62,130]", 1);
        assertAnn(anns.get(3), 4, 2, 1, "[141,50,359,280]", 0);
        assertTrue(r.out().contains("4 boxes (1 difficult"), r.out());
    }

    private static void assertAnn(JsonNode a, int id, int imageId, int categoryId, String bbox, int iscrowd) {
        assertEquals(id, a.get("id").asInt(), a.toString());
        assertEquals(imageId, a.get("image_id").asInt(), a.toString());
        assertEquals(categoryId, a.get("category_id").asInt(), a.toString());
        assertEquals(bbox, a.get("bbox").toString());
        assertEquals(iscrowd, a.get("iscrowd").asInt(), a.toString());
    }

    @Test
    void classesOptionSetsTheIdsAndLeavesOtherClassesOut() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        VocToCoco.Result r = VocToCoco.read(List.of(root), List.of("trainval"), List.of("dog", "chair", "bus"), false);
        AnnotatedImages d = r.dataset();
        assertEquals(List.of("dog", "chair", "bus"), d.classes());
        assertEquals(Map.of("car", 1), r.otherClassObjects());
        JsonNode coco = CocoJsonWriter.toJson(d);
        assertEquals(3, coco.get("categories").size());
        // dog is id 1 now; the car image stays, without boxes.
        assertEquals(1, coco.get("annotations").get(0).get("category_id").asInt());
        assertEquals(3, coco.get("annotations").size());
        assertEquals(2, coco.get("images").size());
    }

    /** make-shapes' VOC and COCO files of one seed describe the same images, classes and objects. */
    @Test
    void shapesVocGivesTheShapesCocoImagesClassesAndBoxesToWholePixels() throws Exception {
        List<ShapesImage> images = new ShapesGenerator(11).split("train", 6);
        ShapesWriter.writeVoc(dir.resolve("voc"), "train", images);
        JsonNode expected = JSON.readTree(ShapesWriter.writeCoco(dir.resolve("coco"), "train", images).toFile());
        // Through text, as the file would be: Jackson's tree equality tells an int from a long.
        JsonNode got = JSON.readTree(JSON.writeValueAsString(CocoJsonWriter.toJson(
                VocToCoco.read(List.of(dir.resolve("voc")), List.of("train"), null, false).dataset())));

        assertEquals(expected.get("images"), got.get("images"));
        assertEquals(expected.get("categories").size(), got.get("categories").size());
        for (int k = 0; k < got.get("categories").size(); k++) {
            JsonNode e = expected.get("categories").get(k);
            JsonNode g = got.get("categories").get(k);
            assertEquals(e.get("id"), g.get("id"));
            assertEquals(e.get("name"), g.get("name"));
        }
        JsonNode ea = expected.get("annotations");
        JsonNode ga = got.get("annotations");
        assertEquals(ea.size(), ga.size());
        for (int i = 0; i < ea.size(); i++) {
            JsonNode e = ea.get(i);
            JsonNode g = ga.get(i);
            assertEquals(e.get("image_id"), g.get("image_id"));
            assertEquals(e.get("category_id"), g.get("category_id"));
            assertEquals(0, g.get("iscrowd").asInt());
            // make-shapes' boxes have 2 decimals; VOC holds the whole pixels they touch (1e-6:
            // x + w in doubles may land a hair off a whole number).
            double[] eb = xyxy(e.get("bbox"));
            double x1 = Math.floor(eb[0] + 1e-6);
            double y1 = Math.floor(eb[1] + 1e-6);
            double x2 = Math.ceil(eb[2] - 1e-6);
            double y2 = Math.ceil(eb[3] - 1e-6);
            assertEquals("[" + (long) x1 + "," + (long) y1 + "," + (long) (x2 - x1) + "," + (long) (y2 - y1) + "]",
                    g.get("bbox").toString(), "annotation " + i + ": " + e.get("bbox"));
        }
    }

    private static double[] xyxy(JsonNode b) {
        double x = b.get(0).asDouble();
        double y = b.get(1).asDouble();
        return new double[] {x, y, x + b.get(2).asDouble(), y + b.get(3).asDouble()};
    }

    @Test
    void severalRootsNameImagesFromTheirCommonFolder() throws Exception {
        Path v07 = VocFixture.root(dir.resolve("devkit/VOC2007"));
        Path v12 = dir.resolve("devkit/VOC2012");
        Files.createDirectories(v12.resolve("Annotations"));
        Files.createDirectories(v12.resolve("ImageSets/Main"));
        Files.writeString(v12.resolve("ImageSets/Main/trainval.txt"), "2008_000001\n");
        VocFixture.xml(v12, "2008_000001", 100, 80, VocFixture.object("bus", 0, 1, 2, 30, 40));

        AnnotatedImages d = VocToCoco.read(List.of(v07, v12), List.of("trainval"), null, false).dataset();
        assertEquals(List.of("VOC2007/JPEGImages/000005.jpg", "VOC2007/JPEGImages/000007.jpg",
                "VOC2012/JPEGImages/2008_000001.jpg"), d.images().stream().map(i -> i.filename()).toList());
        assertEquals(List.of("bus", "car", "chair", "dog"), d.classes());
        assertEquals(dir.resolve("devkit").toAbsolutePath().normalize(), VocToCoco.commonFolder(List.of(v07, v12)));
    }

    @Test
    void anImageInTwoSplitsIsAnError() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Files.writeString(root.resolve("ImageSets/Main/test.txt"), "000007\n");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> VocToCoco.read(List.of(root), List.of("trainval", "test"), null, false));
        assertTrue(e.getMessage().contains("test.txt: image id 000007 is also listed in "), e.getMessage());
    }

    @Test
    void malformedXmlNamesTheFileAndWritesNothing() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Files.writeString(root.resolve("Annotations/000007.xml"), "<annotation><size><width>500</width>\n<object>");
        Path out = dir.resolve("out.json");
        VocFixture.Run r = VocFixture.cli("convert", "voc2coco", "--root", root.toString(), "--split", "trainval",
                "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("Annotations/000007.xml: cannot parse XML")
                && r.err().contains("(line 2"), r.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("VOC2007")), left.toList(), "no temporary file left");
        }
    }

    @Test
    void aBadDifficultFlagNamesTheObject() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        VocFixture.xml(root, "000007", 500, 333, VocFixture.object("car", 0, 141, 50, 500, 330)
                .replace("<difficult>0</difficult>", "<difficult>yes</difficult>"));
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> VocToCoco.read(List.of(root), List.of("trainval"), null, false));
        assertTrue(e.getMessage().contains(
                "Annotations/000007.xml object #1 ('car'): difficult must be an integer (0 or 1), got 'yes'"),
                e.getMessage());
        // --skip-invalid leaves out the image with the bad object and converts the rest.
        AnnotatedImages skipped = VocToCoco.read(List.of(root), List.of("trainval"), null, true).dataset();
        assertEquals(1, skipped.images().size());
        assertEquals(3, skipped.boxes() + skipped.ignoredBoxes());
    }

    @Test
    void aFailedRunKeepsThePreviousOutput() throws Exception {
        Path root = VocFixture.root(dir.resolve("VOC2007"));
        Path out = dir.resolve("out.json");
        Files.writeString(out, "previous");
        Files.writeString(root.resolve("ImageSets/Main/trainval.txt"), "000005\n000009\n");
        VocFixture.Run r = VocFixture.cli("convert", "voc2coco", "--root", root.toString(), "--split", "trainval",
                "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Annotations/000009.xml"), r.err());
        assertEquals("previous", Files.readString(out));
    }
}
