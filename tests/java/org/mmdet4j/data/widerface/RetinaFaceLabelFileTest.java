package org.mmdet4j.data.widerface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;

class RetinaFaceLabelFileTest {
    /** Lines as the authors' train file spells them: a face with landmarks, one without, one box-only. */
    private static final String SAMPLE = "# 0--Parade/0_Parade_marchingband_1_849.jpg\n"
            + "449 330 122 149 488.906 373.643 0.0 542.089 376.442 0.0 515.031 412.83 0.0 485.174 425.893 0.0 "
            + "538.357 431.491 1.0 0.82\n"
            + "78 221 7 8 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 0.2\n"
            + "# 0--Parade/0_Parade_Parade_0_904.jpg\n"
            + "# 1--Handshaking/1_Handshaking_1_35.jpg\n"
            + "345 211 4 4\n";

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("label.txt"), text);
    }

    @Test
    void readsImagesFacesLandmarksFlagsAndScores() throws Exception {
        List<RetinaFaceImage> images = RetinaFaceLabelFile.read(file(SAMPLE));
        assertEquals(List.of("0--Parade/0_Parade_marchingband_1_849.jpg", "0--Parade/0_Parade_Parade_0_904.jpg",
                "1--Handshaking/1_Handshaking_1_35.jpg"), images.stream().map(RetinaFaceImage::name).toList());
        assertEquals(List.of(1, 4, 5), images.stream().map(RetinaFaceImage::line).toList());
        assertEquals(List.of(2, 0, 1), images.stream().map(i -> i.faces().size()).toList());

        RetinaFaceLabel f = images.get(0).faces().get(0);
        assertArrayEquals(new double[] {449, 330, 122, 149}, new double[] {f.x(), f.y(), f.w(), f.h()});
        assertTrue(f.hasLandmarks());
        assertEquals(515.031, f.pointX(2));
        assertEquals(412.83, f.pointY(2));
        assertEquals(RetinaFaceLabel.VISIBLE, f.flag(0));
        assertEquals(RetinaFaceLabel.OCCLUDED, f.flag(4));
        assertEquals(0.82, f.score());

        RetinaFaceLabel tiny = images.get(0).faces().get(1);
        assertTrue(tiny.hasLandmarkPart());
        assertFalse(tiny.hasLandmarks());
        assertFalse(tiny.given(0));
        assertEquals(0.2, tiny.score());

        RetinaFaceLabel boxOnly = images.get(2).faces().get(0);
        assertFalse(boxOnly.hasLandmarkPart());
        assertFalse(boxOnly.hasLandmarks());
        assertNull(boxOnly.landmarks());
        assertEquals(-1, boxOnly.score());
    }

    @Test
    void formatWritesTheTextItReadsAndRecordsRoundTrip() throws Exception {
        List<RetinaFaceImage> images = RetinaFaceLabelFile.read(file(SAMPLE));
        assertEquals(SAMPLE, RetinaFaceLabelFile.format(images));

        double[] lm = {10.5, 20.25, 0, 30.125, 20, 0, 20.0004, 30, 1, -1, -1, -1, 28, 40.999, 0};
        List<RetinaFaceImage> written = List.of(
                new RetinaFaceImage("a/b.jpg", List.of(new RetinaFaceLabel(3, 4, 40.5, 50, lm, 0.5),
                        RetinaFaceLabel.withoutLandmarks(1, 2, 3, 4, 0.25), RetinaFaceLabel.boxOnly(7, 8, 9, 10))),
                new RetinaFaceImage("a/c.jpg", List.of()));
        Path out = RetinaFaceLabelFile.write(dir.resolve("out/label.txt"), written);
        List<RetinaFaceImage> back = RetinaFaceLabelFile.read(out);
        assertEquals(2, back.size());
        assertEquals("a/c.jpg", back.get(1).name());
        assertTrue(back.get(1).faces().isEmpty());
        // Three decimals are written: 20.0004 reads back as 20.0; everything else exactly.
        lm[6] = 20.0;
        assertEquals(List.of(new RetinaFaceLabel(3, 4, 40.5, 50, lm, 0.5),
                RetinaFaceLabel.withoutLandmarks(1, 2, 3, 4, 0.25), RetinaFaceLabel.boxOnly(7, 8, 9, 10)),
                back.get(0).faces());
        assertTrue(Files.readString(out).startsWith("# a/b.jpg\n3 4 40.5 50 10.5 20.25 0.0 30.125 20.0 0.0 20.0 30.0 "
                + "1.0 -1.0 -1.0 -1.0 28.0 40.999 0.0 0.5\n1 2 3 4 -1.0"), Files.readString(out));
    }

    @Test
    void imagesAreCheckedUnderAGivenRoot() throws Exception {
        Path label = file("# e/a.jpg\n1 1 2 2\n\n# e/missing.jpg\n");
        Files.createDirectories(dir.resolve("images/e"));
        Files.write(dir.resolve("images/e/a.jpg"), new byte[] {1});
        assertEquals(2, RetinaFaceLabelFile.read(label).size());
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> RetinaFaceLabelFile.read(label, dir.resolve("images")));
        assertMessage(e, label, 4, "image 'e/missing.jpg' not found in " + dir.resolve("images"));
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        String good = "449 330 122 149 488.906 373.643 0.0 542.089 376.442 0.0 515.031 412.83 0.0 "
                + "485.174 425.893 0.0 538.357 431.491 0.0 0.82";
        bad("# e/a.jpg\n1 2 3\n", 2, "3 values; a face line is 'x y w h' (4 values)");
        bad("# e/a.jpg\n" + good + "\n" + good.replace(" 538.357 431.491 0.0", "") + "\n", 3,
                "17 values (4 landmarks; RetinaFace has 5)");
        bad("# e/a.jpg\n" + good + " 1.0 2.0 0.0\n", 2, "23 values (6 landmarks; RetinaFace has 5)");
        bad("\n1 2 3 4\n# e/a.jpg\n", 2, "a face line before any '# image' line");
        bad("# e/a.jpg\n1 2 -3 4\n", 2, "negative box width/height (w=-3, h=4)");
        bad("# e/a.jpg\n1 2 3 4\n5 6 7 -0.5\n", 3, "negative box width/height (w=7, h=-0.5)");
        bad("# e/a.jpg\n1 2 x 4\n", 2, "value 3 ('x') is not a finite number");
        bad("# e/a.jpg\n1 2 3 NaN\n", 2, "value 4 ('NaN') is not a finite number");
        bad("# e/a.jpg\n" + good.replace("412.83 0.0", "412.83 -1.0") + "\n", 2,
                "landmark 2 is given but its flag is -1.0");
        bad("# e/a.jpg\n" + good.replace("488.906 373.643 0.0", "-1 -1 0.0") + "\n", 2,
                "landmark 0 is missing (-1 -1) but its flag is 0.0, not -1");
        bad("# e/a.jpg\n# e/b.jpg\n# e/a.jpg\n", 3, "image 'e/a.jpg' is listed again (first at line 1)");
        bad("# e/a.jpg\n#\n", 2, "'#' without an image name");
    }

    private void bad(String text, int line, String message) throws Exception {
        Path label = file(text);
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> RetinaFaceLabelFile.read(label));
        assertMessage(e, label, line, message);
    }

    private static void assertMessage(Exception e, Path file, int line, String message) {
        String expected = file + ": line " + line + ": " + message;
        assertTrue(e.getMessage().startsWith(expected), "expected '" + expected + "...', got: " + e.getMessage());
    }

    @Test
    void unreadableFileIsNamed() {
        Path missing = dir.resolve("nope.txt");
        InvalidAnnotationException e = assertThrows(InvalidAnnotationException.class,
                () -> RetinaFaceLabelFile.read(missing));
        assertTrue(e.getMessage().contains("cannot read RetinaFace label file " + missing), e.getMessage());
    }

    @Test
    void decimalsFollowTheAuthorsSpelling() {
        assertEquals("0.0", RetinaFaceLabelFile.decimal(0));
        assertEquals("0.0", RetinaFaceLabelFile.decimal(-0.0001));
        assertEquals("-1.0", RetinaFaceLabelFile.decimal(-1));
        assertEquals("488.906", RetinaFaceLabelFile.decimal(488.906));
        assertEquals("412.83", RetinaFaceLabelFile.decimal(412.830));
        assertEquals("2.0", RetinaFaceLabelFile.decimal(1.99951));
    }
}
