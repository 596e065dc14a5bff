package org.mmdet4j.evaluation.widerface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubsets;
import org.mmdet4j.evaluation.EvaluationException;

/** The prediction layout: a folder per event, a file per image; writing, reading, bad input. */
class WiderPredictionFileTest {
    @TempDir
    Path dir;

    @Test
    void writesByDescendingScoreAndReadsBack() throws Exception {
        double[] boxes = {1, 2, 3, 4, 0.25, 10.5, 20, 30, 40, 0.75, 5, 5, 5, 5, 0.25};
        Path file = WiderPredictionFile.write(dir, "0--Parade/0_Parade_marchingband_1_465.jpg", boxes);
        assertEquals(dir.resolve("0--Parade/0_Parade_marchingband_1_465.txt"), file);
        assertEquals("""
                0_Parade_marchingband_1_465.jpg
                3
                10.5 20 30 40 0.75
                1 2 3 4 0.25
                5 5 5 5 0.25
                """, Files.readString(file));
        WiderImagePredictions p = WiderPredictionFile.read(file);
        assertEquals("0--Parade", p.event());
        assertEquals("0_Parade_marchingband_1_465.jpg", p.name());
        assertArrayEquals(new double[] {10.5, 20, 30, 40, 0.75, 1, 2, 3, 4, 0.25, 5, 5, 5, 5, 0.25}, p.boxes());
    }

    /** RetinaFace's test script writes the name without extension and a space after each line. */
    @Test
    void readsRetinaFaceSpelling() throws Exception {
        Path event = Files.createDirectories(dir.resolve("pred/0--Parade"));
        Files.writeString(event.resolve("any_file_name.txt"), "0_Parade_a_1\n2\n1 2 3 4 0.99 \n5 6 7 8 0.5 \n\n");
        Files.writeString(event.resolve("empty.txt"), "0_Parade_b_2.jpg\n0\n");
        Files.writeString(event.resolve("notes.md"), "not a prediction file");
        WiderPredictions all = WiderPredictions.read(dir.resolve("pred"));
        assertEquals(2, all.images().size());
        WiderImagePredictions a = all.find(new WiderBoxImage("0--Parade/0_Parade_a_1.jpg", List.of()));
        assertArrayEquals(new double[] {1, 2, 3, 4, 0.99, 5, 6, 7, 8, 0.5}, a.boxes());
        assertEquals(0, all.find(new WiderBoxImage("0--Parade/0_Parade_b_2.jpg", List.of())).size());
        assertSame(null, all.find(new WiderBoxImage("1--Other/0_Parade_a_1.jpg", List.of())), "the event matters");
    }

    private String error(String text) throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("e")).resolve("a.txt"), text);
        EvaluationException e = assertThrows(EvaluationException.class, () -> WiderPredictionFile.read(file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file + ": line "), msg);
        return msg.substring(file.toString().length() + 2);
    }

    @Test
    void badFilesNameFileAndLine() throws Exception {
        assertEquals("line 1: the first line must name the image", error("\n0\n"));
        assertEquals("line 2: the number of faces is 'x', not a non-negative integer", error("a.jpg\nx\n"));
        assertEquals("line 2: 3 faces announced, 2 face lines follow", error("a.jpg\n3\n1 1 1 1 1\n1 1 1 1 1\n"));
        assertEquals("line 4: more face lines than the 1 announced at line 2",
                error("a.jpg\n1\n1 1 1 1 1\n1 1 1 1 1\n"));
        assertEquals("line 3: 4 values; a face line is 'x y w h score'", error("a.jpg\n1\n1 1 1 1\n"));
        assertEquals("line 3: value 5 ('nan') is not a finite number", error("a.jpg\n1\n1 1 1 1 nan\n"));
        assertEquals("line 3: negative width/height (w=-1, h=1)", error("a.jpg\n1\n1 1 -1 1 0.5\n"));
    }

    @Test
    void twoFilesNamingOneImage() throws Exception {
        Path event = Files.createDirectories(dir.resolve("pred/e"));
        Files.writeString(event.resolve("a.txt"), "a.jpg\n0\n");
        Files.writeString(event.resolve("b.txt"), "a\n0\n");
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> WiderPredictions.read(dir.resolve("pred")));
        assertEquals(event.resolve("b.txt") + ": line 1: image 'a' is also named by " + event.resolve("a.txt"),
                e.getMessage());
        EvaluationException missing = assertThrows(EvaluationException.class,
                () -> WiderPredictions.read(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().startsWith("prediction folder " + dir.resolve("nowhere") + " not found"));
    }

    @Test
    void groundTruthImageWithoutPredictionFileIsNamedWithItsLine() throws Exception {
        WiderBox f = WiderBox.of(0, 0, 20, 20);
        Path[] files = new WiderFaceCase()
                .image("e/a.jpg", List.of(f), new int[] {1}, WiderFaceCase.hit(f, 1.0))
                .image("e/b.jpg", List.of(f), new int[] {1}, WiderFaceCase.hit(f, 0.0))
                .write(dir);
        Files.delete(files[2].resolve("e/b.txt"));
        WiderBoxFile boxes = WiderBoxFile.read(files[0]);
        EvaluationException e = assertThrows(EvaluationException.class, () -> new WiderFaceEvaluator()
                .evaluate(boxes, WiderSubsets.read(files[1], boxes), WiderPredictions.read(files[2])));
        assertEquals("no prediction file names image 'e/b.jpg' (" + files[0] + " line 4): expected "
                + files[2].resolve("e") + "/b.txt with 'b.jpg' on its first line", e.getMessage());
    }
}
