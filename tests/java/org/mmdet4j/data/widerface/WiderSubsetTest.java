package org.mmdet4j.data.widerface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/** Subset files: kept face indices per image, checked against the box file. */
class WiderSubsetTest {
    @TempDir
    Path dir;

    private WiderBoxFile boxes;

    @BeforeEach
    void boxes() throws Exception {
        boxes = WiderBoxFile.read(Files.writeString(dir.resolve("gt.txt"), """
                e/a.jpg
                3
                1 1 5 5 0 0 0 0 0 0
                9 1 5 5 0 0 0 0 0 0
                1 9 5 5 0 0 0 0 0 0
                e/b.jpg
                0
                0 0 0 0 0 0 0 0 0 0
                f/c.jpg
                1
                1 1 5 5 0 0 0 0 0 0
                """));
    }

    private WiderBoxImage image(int i) {
        return boxes.images().get(i);
    }

    @Test
    void readsKeptIndicesWithOrWithoutExtension() throws Exception {
        WiderSubset s = WiderSubset.read(Files.writeString(dir.resolve("hard.txt"), "e/a 3 1\n\ne/b\n"), boxes);
        assertEquals("hard", s.name());
        assertArrayEquals(new int[] {3, 1}, s.keep(image(0)));
        assertArrayEquals(new int[0], s.keep(image(1)));
        assertArrayEquals(new int[0], s.keep(image(2)), "an image the file does not list keeps no face");
        WiderSubset t = WiderSubset.read(Files.writeString(dir.resolve("easy.txt"), "f/c.jpg 1\n"), boxes);
        assertArrayEquals(new int[] {1}, t.keep(image(2)));
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, int[]> keep = new LinkedHashMap<>();
        keep.put("e/a", new int[] {2, 3});
        keep.put("e/b", new int[0]);
        Path file = WiderSubset.write(dir.resolve("sub/medium.txt"), keep);
        assertEquals("e/a 2 3\ne/b\n", Files.readString(file));
        WiderSubset s = WiderSubset.read(file, boxes);
        assertArrayEquals(new int[] {2, 3}, s.keep(image(0)));
    }

    @Test
    void readsTheThreeSubsetsOfAFolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("subsets"));
        Files.writeString(sub.resolve("easy.txt"), "e/a 1\n");
        Files.writeString(sub.resolve("medium.txt"), "e/a 1 2\n");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> WiderSubsets.read(sub, boxes));
        assertTrue(e.getMessage().contains(sub.resolve("hard.txt") + " not found"), e.getMessage());
        Files.writeString(sub.resolve("hard.txt"), "e/a 1 2 3\nf/c 1\n");
        WiderSubsets s = WiderSubsets.read(sub, boxes);
        assertEquals(List.of("easy", "medium", "hard"), s.all().stream().map(WiderSubset::name).toList());
        assertArrayEquals(new int[] {1, 2, 3}, s.hard().keep(image(0)));
        assertArrayEquals(new int[] {1, 2}, s.medium().keep(image(0)));
    }

    private String error(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("easy.txt"), text);
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> WiderSubset.read(file, boxes));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file + ": line "), msg);
        return msg.substring(file.toString().length() + 2);
    }

    @Test
    void badIndicesNameFileAndLine() throws Exception {
        assertEquals("line 2: face index 4 of image 'e/a' is outside 1..3 (its faces in " + dir.resolve("gt.txt")
                + " line 1)", error("f/c 1\ne/a 1 4\n"));
        assertTrue(error("e/a 0\n").startsWith("line 1: face index 0 of image 'e/a' is outside 1..3"));
        assertTrue(error("f/c 1\n\ne/b 1\n").startsWith("line 3: face index 1 of image 'e/b' is outside 1..0"));
        assertEquals("line 1: face index 'x' of image 'e/a' is not an integer", error("e/a 1 x\n"));
        assertEquals("line 1: face index 2 of image 'e/a' is given twice", error("e/a 2 1 2\n"));
    }

    @Test
    void unknownOrRepeatedImageNamesFileAndLine() throws Exception {
        assertEquals("line 2: image 'e/zz' is not in " + dir.resolve("gt.txt"), error("e/a 1\ne/zz 1\n"));
        assertEquals("line 3: image 'e/a.jpg' is listed again (first at line 1)", error("e/a 1\nf/c\ne/a.jpg 2\n"));
    }
}
