package org.mmdet4j.data.widerface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

/** WIDER FACE's box file: the released layout (zero-face placeholder included), and bad input. */
class WiderBoxFileTest {
    @TempDir
    Path dir;

    /** As the released file spells it: trailing spaces, a 0-face image followed by ten zeros. */
    private static final String OFFICIAL = """
            0--Parade/0_Parade_marchingband_1_465.jpg
            2
            345 211 4 4 2 0 0 0 2 0\s
            331 126 3 3 0 0 0 1 0 0\s
            0--Parade/0_Parade_Parade_0_452.jpg
            0
            0 0 0 0 0 0 0 0 0 0\s
            1--Handshaking/1_Handshaking_Handshaking_1_134.jpg
            1
            0 0 10 12 0 1 0 0 0 1\s
            """;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsTheReleasedLayout() throws Exception {
        WiderBoxFile f = WiderBoxFile.read(write("gt.txt", OFFICIAL));
        List<WiderBoxImage> images = f.images();
        assertEquals(3, images.size());
        WiderBoxImage a = images.get(0);
        assertEquals("0--Parade/0_Parade_marchingband_1_465.jpg", a.name());
        assertEquals("0--Parade/0_Parade_marchingband_1_465", a.key());
        assertEquals("0--Parade", a.event());
        assertEquals(1, a.line());
        assertEquals(List.of(new WiderBox(345, 211, 4, 4, 2, 0, 0, 0, 2, 0),
                new WiderBox(331, 126, 3, 3, 0, 0, 0, 1, 0, 0)), a.faces());
        WiderBoxImage zero = images.get(1);
        assertEquals(0, zero.faces().size(), "the ten-zero line after count 0 is no face");
        assertEquals(5, zero.line());
        WiderBoxImage c = images.get(2);
        assertEquals(8, c.line());
        assertEquals(List.of(new WiderBox(0, 0, 10, 12, 0, 1, 0, 0, 0, 1)), c.faces());
        assertSame(a, f.find("0--Parade/0_Parade_marchingband_1_465"));
        assertSame(a, f.find("0--Parade/0_Parade_marchingband_1_465.jpg"));
        assertNull(f.find("0--Parade/unknown.jpg"));
    }

    @Test
    void zeroFaceImageWithoutPlaceholderAndAtTheEnd() throws Exception {
        WiderBoxFile f = WiderBoxFile.read(
                write("gt.txt", "e/a.jpg\n0\ne/b.jpg\n1\n1 2 3 4 0 0 0 0 0 0\ne/c.jpg\n0\n"));
        assertEquals(List.of(0, 1, 0), f.images().stream().map(i -> i.faces().size()).toList());
    }

    @Test
    void writesWhatItReads() throws Exception {
        WiderBoxFile f = WiderBoxFile.read(write("gt.txt", OFFICIAL));
        Path copy = WiderBoxFile.write(dir.resolve("out/copy.txt"), f.images());
        String text = Files.readString(copy);
        // The released spelling without the trailing spaces, the placeholder line included.
        assertEquals(OFFICIAL.replace(" \n", "\n"), text);
        WiderBoxFile again = WiderBoxFile.read(copy);
        assertEquals(f.images(), again.images());
    }

    private String error(String text) throws Exception {
        Path file = write("bad.txt", text);
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class, () -> WiderBoxFile.read(file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file + ": line "), msg);
        assertTrue(!msg.contains("\n"), msg);
        return msg.substring(file.toString().length() + 2);
    }

    private static void assertStarts(String msg, String prefix) {
        assertTrue(msg.startsWith(prefix), () -> "'" + msg + "' does not start with '" + prefix + "'");
    }

    @Test
    void fewerFaceLinesThanAnnouncedNamesTheNextImageLine() throws Exception {
        String msg = error("e/a.jpg\n3\n1 1 5 5 0 0 0 0 0 0\n1 9 5 5 0 0 0 0 0 0\ne/b.jpg\n1\n1 1 5 5 0 0 0 0 0 0\n");
        assertStarts(msg, "line 5: face 3 of the 3 announced for image 'e/a.jpg' (line 2) expected, found 'e/b.jpg'");
    }

    @Test
    void fileEndingBeforeTheAnnouncedFacesNamesTheCountLine() throws Exception {
        String msg = error("e/a.jpg\n1\n1 1 5 5 0 0 0 0 0 0\ne/b.jpg\n2\n1 1 5 5 0 0 0 0 0 0\n");
        assertStarts(msg, "line 5: the file ends after 1 of the 2 faces announced for image 'e/b.jpg'");
        assertStarts(error("e/a.jpg\n"), "line 1: the file ends without the face count of image 'e/a.jpg'");
    }

    @Test
    void moreFaceLinesThanAnnounced() throws Exception {
        String msg = error("e/a.jpg\n1\n1 1 5 5 0 0 0 0 0 0\n1 9 5 5 0 0 0 0 0 0\ne/b.jpg\n0\n");
        assertStarts(msg, "line 4: more face lines than the 1 announced for image 'e/a.jpg' (line 2)");
    }

    @Test
    void countThatIsNotANumber() throws Exception {
        assertStarts(error("e/a.jpg\n1\n1 1 5 5 0 0 0 0 0 0\ne/b.jpg\ntwo\n"),
                "line 5: the face count of image 'e/b.jpg' is 'two', not a non-negative integer");
        assertStarts(error("e/a.jpg\n-1\n"), "line 2: the face count of image 'e/a.jpg' is '-1'");
    }

    @Test
    void negativeBoxes() throws Exception {
        assertStarts(error("e/a.jpg\n2\n1 1 5 5 0 0 0 0 0 0\n1 1 -5 5 0 0 0 0 0 0\n"),
                "line 4: negative box width/height (w=-5, h=5)");
        assertStarts(error("e/a.jpg\n1\n1 -1 5 5 0 0 0 0 0 0\n"), "line 3: negative coordinate (x1=1, y1=-1)");
    }

    @Test
    void faceLineWithTheWrongNumberOfValues() throws Exception {
        assertStarts(error("e/a.jpg\n1\n1 1 5 5 0 0 0 0 0\n"),
                "line 3: face 1 of the 1 announced for image 'e/a.jpg' (line 2) expected, found 9 values");
        assertStarts(error("e/a.jpg\n1\n1 1 5.5 5 0 0 0 0 0 0\n"), "line 3: value 3 ('5.5') is not an integer");
    }

    @Test
    void imageListedTwice() throws Exception {
        assertStarts(error("e/a.jpg\n0\ne/b.jpg\n0\ne/a.jpg\n0\n"),
                "line 5: image 'e/a.jpg' is listed again (first at line 1)");
    }

    @Test
    void missingImageIsNamedWithItsLine() throws Exception {
        Path root = Files.createDirectories(dir.resolve("images/e"));
        Files.write(root.resolve("a.jpg"), new byte[] {1});
        Path file = write("gt.txt", "e/a.jpg\n0\ne/b.jpg\n1\n1 1 5 5 0 0 0 0 0 0\n");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> WiderBoxFile.read(file, dir.resolve("images")));
        assertEquals(file + ": line 3: image 'e/b.jpg' not found in " + dir.resolve("images"), e.getMessage());
        assertEquals(2, WiderBoxFile.read(file).images().size(), "without an images folder nothing is checked");
    }
}
