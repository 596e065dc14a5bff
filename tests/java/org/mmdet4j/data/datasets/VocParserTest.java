package org.mmdet4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocParserTest {
    @TempDir
    Path root;

    private Path voc2007() throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2007");
        Files.createDirectories(voc.resolve("Annotations"));
        Files.createDirectories(voc.resolve("ImageSets/Main"));
        Files.writeString(voc.resolve("ImageSets/Main/trainval.txt"), "000005\n000007\n");
        Files.writeString(voc.resolve("Annotations/000005.xml"), """
                <annotation><size><width>500</width><height>375</height><depth>3</depth></size>
                  <object><name>chair</name><difficult>0</difficult>
                    <bndbox><xmin>263.7</xmin><ymin>211</ymin><xmax>324</xmax><ymax>339</ymax></bndbox></object>
                  <object><name>chair</name><difficult>1</difficult>
                    <bndbox><xmin>5</xmin><ymin>244</ymin><xmax>67</xmax><ymax>374</ymax></bndbox></object>
                  <object><name>dog</name><difficult>0</difficult>
                    <bndbox><xmin>10</xmin><ymin>10</ymin><xmax>14</xmax><ymax>100</ymax></bndbox></object>
                </annotation>""");
        Files.writeString(voc.resolve("Annotations/000007.xml"), """
                <annotation><size><width>500</width><height>333</height></size>
                  <object><name>car</name><Difficult>0</Difficult>
                    <bndbox><xmin>141</xmin><ymin>50</ymin><xmax>500</xmax><ymax>330</ymax></bndbox></object>
                </annotation>""");
        return voc;
    }

    @Test
    void parsesBoxesDifficultAndMinSizeLikeMmdetectionV2() throws Exception {
        Path voc = voc2007();
        ParsedDataset p = VocParser.parse(voc.resolve("ImageSets/Main/trainval.txt"), voc, VocDataset.VOC_CLASSES,
                VocDataset.VOC_CLASSES, 8);
        assertTrue(p.problems().isEmpty());
        assertEquals(2, p.infos().size());
        var a = p.infos().get(0).ann();
        // int(float("263.7")) = 263; no "-1" in v2.
        assertArrayEquals(new float[] {263, 211, 324, 339}, a.bboxes());
        assertArrayEquals(new long[] {8}, a.labels());                      // chair
        // The difficult chair and the 4 px wide dog (min_size 8) are ignored.
        assertArrayEquals(new float[] {5, 244, 67, 374, 10, 10, 14, 100}, a.bboxesIgnore());
        assertArrayEquals(new long[] {8, 11}, a.labelsIgnore());
        assertEquals("JPEGImages/000005.jpg", p.infos().get(0).filename());
        assertEquals(333, p.infos().get(1).height());
        assertArrayEquals(new long[] {6}, p.infos().get(1).ann().labels()); // car via <Difficult>
    }

    @Test
    void classSubsetRemapsAndDropsOtherClasses() throws Exception {
        Path voc = voc2007();
        ParsedDataset p = VocParser.parse(voc.resolve("ImageSets/Main/trainval.txt"), voc, VocDataset.VOC_CLASSES,
                List.of("car", "chair"), 0);
        assertEquals(List.of("car", "chair"), p.classes());
        assertArrayEquals(new long[] {1}, p.infos().get(0).ann().labels());
        assertArrayEquals(new long[] {1}, p.infos().get(0).ann().labelsIgnore());   // dog dropped
        assertArrayEquals(new long[] {0}, p.infos().get(1).ann().labels());
    }

    @Test
    void unknownClassAndBadBoxesNameTheXmlObject() throws Exception {
        Path voc = voc2007();
        Files.writeString(voc.resolve("Annotations/000007.xml"), """
                <annotation><size><width>500</width><height>333</height></size>
                  <object><name>unicorn</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax></bndbox></object>
                  <object><name>car</name><bndbox><xmin>50</xmin><ymin>1</ymin><xmax>20</xmax><ymax>9</ymax></bndbox></object>
                  <object><name>car</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>nan</xmax><ymax>9</ymax></bndbox></object>
                </annotation>""");
        ParsedDataset p = VocParser.parse(voc.resolve("ImageSets/Main/trainval.txt"), voc, VocDataset.VOC_CLASSES,
                VocDataset.VOC_CLASSES, 0);
        var problems = p.problems().problems();
        assertEquals(3, problems.size());
        assertTrue(problems.get(0).toString().contains("000007.xml object #1 ('unicorn')"));
        assertTrue(problems.get(0).message().contains("unknown class name"));
        assertTrue(problems.get(1).message().contains("negative width"));
        assertTrue(problems.get(2).message().contains("NaN"));
        assertThrows(InvalidAnnotationException.class, () -> p.problems().finish(false));
    }
}
