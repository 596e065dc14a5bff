package org.mmdet4j.data.widerface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * The official {@code .mat} ground truth, written here with MFL's writer (compressed, as MATLAB
 * saves by default): what it reads, and the messages for bad files.
 */
class WiderMatFilesTest {
    @TempDir
    Path dir;

    /** Event e: images a (3 faces), b (none, saved 0x0), c (1 face); event f: image d (2 faces). */
    private Map<String, Array> faceVariables() {
        Map<String, Array> v = new LinkedHashMap<>();
        v.put("event_list", column(Mat5.newString("e"), Mat5.newString("f")));
        v.put("file_list", column(column(Mat5.newString("a"), Mat5.newString("b"), Mat5.newString("c")),
                column(Mat5.newString("d"))));
        v.put("face_bbx_list", column(
                column(matrix(new double[][] {{1, 1, 5, 5}, {9, 1, 5, 5}, {1, 9, 5, 0}}), Mat5.newMatrix(0, 0),
                        matrix(new double[][] {{0, 0, 12, 14}})),
                column(matrix(new double[][] {{3, 4, 5, 6}, {30, 40, 50, 60}}))));
        return v;
    }

    /** gt_list for {@link #faceVariables}: per image its kept indices. */
    private static Cell gtList(double[]... keep) {
        return column(column(vector(keep[0]), vector(keep[1]), vector(keep[2])), column(vector(keep[3])));
    }

    private Path write(String name, Map<String, Array> variables) throws Exception {
        MatFile mat = Mat5.newMatFile();
        variables.forEach(mat::addArray);
        Path file = dir.resolve(name);
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }

    private Path writeFace(Map<String, Array> variables) throws Exception {
        return write("wider_face_val.mat", variables);
    }

    private void writeSubsets(Cell easy, Cell medium, Cell hard) throws Exception {
        write("wider_easy_val.mat", Map.of("gt_list", easy));
        write("wider_medium_val.mat", Map.of("gt_list", medium));
        write("wider_hard_val.mat", Map.of("gt_list", hard));
    }

    private static Cell column(Array... items) {
        Cell c = Mat5.newCell(items.length, 1);
        for (int i = 0; i < items.length; i++) {
            c.set(i, items[i]);
        }
        return c;
    }

    private static Matrix matrix(double[][] rows) {
        Matrix m = Mat5.newMatrix(rows.length, rows.length == 0 ? 0 : rows[0].length);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                m.setDouble(r, c, rows[r][c]);
            }
        }
        return m;
    }

    private static Matrix vector(double... values) {
        Matrix m = Mat5.newMatrix(values.length, 1);
        for (int i = 0; i < values.length; i++) {
            m.setDouble(i, values[i]);
        }
        return m;
    }

    private String message(Runnable read) {
        return assertThrows(InvalidAnnotationException.class, read::run).getMessage();
    }

    @Test
    void readsBoxesAsTheTextFileGivesThem() throws Exception {
        Path face = writeFace(faceVariables());
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        assertEquals(face, boxes.file());
        assertEquals(List.of("e/a.jpg", "e/b.jpg", "e/c.jpg", "f/d.jpg"),
                boxes.images().stream().map(WiderBoxImage::name).toList());
        assertEquals(List.of(WiderBox.of(1, 1, 5, 5), WiderBox.of(9, 1, 5, 5), WiderBox.of(1, 9, 5, 0)),
                boxes.images().get(0).faces());
        assertEquals(List.of(), boxes.find("e/b").faces());
        assertEquals(List.of(WiderBox.of(3, 4, 5, 6), WiderBox.of(30, 40, 50, 60)), boxes.find("f/d.jpg").faces());
        // The same box file as the converter's text, flags 0.
        Path text = WiderBoxFile.write(dir.resolve("gt.txt"), boxes.images());
        assertEquals(WiderBoxFile.format(WiderBoxFile.read(text).images()), WiderBoxFile.format(boxes.images()));
    }

    @Test
    void readsSubsetsByPositionFromTheMatOrAFolderBesideATextBoxFile() throws Exception {
        Path face = writeFace(faceVariables());
        writeSubsets(gtList(new double[] {2}, new double[0], new double[0], new double[] {2, 1}),
                gtList(new double[] {3, 2}, new double[0], new double[] {1}, new double[] {1}),
                gtList(new double[] {1, 2, 3}, new double[0], new double[] {1}, new double[] {1, 2}));
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        WiderSubsets s = WiderSubsets.read(dir, boxes);
        assertEquals("easy", s.easy().name());
        assertEquals(dir.resolve("wider_easy_val.mat"), s.easy().file());
        assertArrayEquals(new int[] {2}, s.easy().keep(boxes.find("e/a")));
        assertArrayEquals(new int[] {2, 1}, s.easy().keep(boxes.find("f/d")));
        assertArrayEquals(new int[] {3, 2}, s.medium().keep(boxes.find("e/a")));
        assertArrayEquals(new int[0], s.hard().keep(boxes.find("e/b")));
        // A text box file of the same images: positions from wider_face_val.mat in the folder.
        Path other = Files.createDirectories(dir.resolve("text"));
        WiderBoxFile text = WiderBoxFile.read(WiderBoxFile.write(other.resolve("gt.txt"), boxes.images()));
        WiderSubsets t = WiderSubsets.read(dir, text);
        assertArrayEquals(new int[] {1, 2, 3}, t.hard().keep(text.find("e/a")));
        assertArrayEquals(new int[] {1, 2}, t.hard().keep(text.find("f/d")));
        // Without wider_face_val.mat there are no positions to read them by.
        Files.delete(face);
        String m = message(() -> WiderSubsets.read(dir, text));
        assertTrue(m.contains("give faces by their position in wider_face_val.mat, which is not there"), m);
    }

    @Test
    void textSubsetsWinOverTheMatFiles() throws Exception {
        Path face = writeFace(faceVariables());
        writeSubsets(gtList(new double[] {2}, new double[0], new double[0], new double[] {2, 1}),
                gtList(new double[] {2}, new double[0], new double[0], new double[] {2, 1}),
                gtList(new double[] {2}, new double[0], new double[0], new double[] {2, 1}));
        Files.writeString(dir.resolve("easy.txt"), "e/a 3\n");
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        // easy.txt is there, so the text files are read, and medium.txt is missing.
        String m = message(() -> WiderSubsets.read(dir, boxes));
        assertTrue(m.contains("medium.txt not found"), m);
        Files.writeString(dir.resolve("medium.txt"), "");
        Files.writeString(dir.resolve("hard.txt"), "");
        assertArrayEquals(new int[] {3}, WiderSubsets.read(dir, boxes).easy().keep(boxes.find("e/a")));
    }

    @Test
    void missingVariableNamesFileAndVariable() throws Exception {
        Map<String, Array> v = faceVariables();
        v.remove("face_bbx_list");
        Path face = writeFace(v);
        assertEquals(face + ": no variable 'face_bbx_list' (it has event_list, file_list)",
                message(() -> WiderMatFiles.readBoxes(face)));
        writeFace(faceVariables());
        // A cell of empty cells: MFL fills them with 0x0 doubles.
        writeSubsets(Mat5.newCell(2, 1), Mat5.newCell(2, 1), Mat5.newCell(2, 1));
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        assertEquals(dir.resolve("wider_easy_val.mat") + ": gt_list{1}: expected a cell array, found a 0x0 double array",
                message(() -> WiderSubsets.read(dir, boxes)));
    }

    @Test
    void missingSubsetVariable() throws Exception {
        Path face = writeFace(faceVariables());
        Cell ok = gtList(new double[0], new double[0], new double[0], new double[0]);
        writeSubsets(ok, ok, ok);
        write("wider_hard_val.mat", Map.of("gtlist", ok));
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        assertEquals(dir.resolve("wider_hard_val.mat") + ": no variable 'gt_list' (it has gtlist)",
                message(() -> WiderSubsets.read(dir, boxes)));
    }

    @Test
    void badShapesNameTheEntryAndImage() throws Exception {
        Map<String, Array> v = faceVariables();
        ((Cell) ((Cell) v.get("face_bbx_list")).get(0)).set(2, matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        Path face = writeFace(v);
        assertEquals(face + ": face_bbx_list{1}{3} (e/c): face boxes of shape 2x3 are not rows of [x y w h]",
                message(() -> WiderMatFiles.readBoxes(face)));

        Map<String, Array> u = faceVariables();
        u.put("event_list", column(Mat5.newString("e")));
        assertEquals(face + ": file_list: has 2 entries, event_list 1",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(u))));

        Map<String, Array> w = faceVariables();
        w.put("event_list", Mat5.newCell(2, 2));
        assertEquals(face + ": event_list: expected a cell column {n x 1}, found a 2x2 cell array",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(w))));

        Map<String, Array> x = faceVariables();
        ((Cell) x.get("face_bbx_list")).set(1, column());
        assertEquals(face + ": face_bbx_list{2}: has 0 entries, file_list{2} 1",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(x))));
    }

    /** {@link #writeFace}, for lambdas. */
    private Path writeUnchecked(Map<String, Array> variables) {
        try {
            return writeFace(variables);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonNumericAndBadValues() throws Exception {
        Map<String, Array> v = faceVariables();
        ((Cell) ((Cell) v.get("face_bbx_list")).get(1)).set(0, Mat5.newString("1 2 3 4"));
        Path face = writeFace(v);
        assertEquals(face + ": face_bbx_list{2}{1} (f/d): expected face boxes (a real numeric array), found a 1x7 "
                + "char array", message(() -> WiderMatFiles.readBoxes(face)));

        Map<String, Array> w = faceVariables();
        ((Cell) ((Cell) w.get("face_bbx_list")).get(0)).set(2, matrix(new double[][] {{1, 2, -3, 4}}));
        assertEquals(face + ": face_bbx_list{1}{3} (e/c): face 1 [1 2 -3 4]: a box must be whole, non-negative pixels",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(w))));

        Map<String, Array> x = faceVariables();
        ((Cell) ((Cell) x.get("file_list")).get(0)).set(1, Mat5.newScalar(7));
        assertEquals(face + ": file_list{1}{2}: expected a name (a char array), found a 1x1 double array",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(x))));

        Map<String, Array> y = faceVariables();
        ((Cell) ((Cell) y.get("file_list")).get(0)).set(2, Mat5.newString("a"));
        assertEquals(face + ": file_list{1}{3}: image 'e/a' is listed again (first at file_list{1}{1})",
                message(() -> WiderMatFiles.readBoxes(writeUnchecked(y))));
    }

    @Test
    void badKeptIndices() throws Exception {
        Path face = writeFace(faceVariables());
        WiderBoxFile boxes = WiderMatFiles.readBoxes(face);
        Cell ok = gtList(new double[0], new double[0], new double[0], new double[0]);
        writeSubsets(ok, ok, gtList(new double[] {1, 4}, new double[0], new double[0], new double[0]));
        Path hard = dir.resolve("wider_hard_val.mat");
        assertEquals(hard + ": gt_list{1}{1} (e/a): kept face index 4 is not in 1..3 (the image's faces)",
                message(() -> WiderSubsets.read(dir, boxes)));
        writeSubsets(ok, ok, gtList(new double[0], new double[0], new double[0], new double[] {2, 2}));
        assertEquals(hard + ": gt_list{2}{1} (f/d): kept face index 2 is given twice",
                message(() -> WiderSubsets.read(dir, boxes)));
        writeSubsets(ok, ok, gtList(new double[0], new double[0], new double[] {0.5}, new double[0]));
        assertEquals(hard + ": gt_list{1}{3} (e/c): kept face index 0.5 is not in 1..1 (the image's faces)",
                message(() -> WiderSubsets.read(dir, boxes)));
        write("wider_hard_val.mat", Map.of("gt_list", column(Mat5.newCell(3, 1))));
        assertEquals(hard + ": gt_list: has 1 entries, " + face + " event_list 2",
                message(() -> WiderSubsets.read(dir, boxes)));
        Cell shortEvent = gtList(new double[0], new double[0], new double[0], new double[0]);
        shortEvent.set(0, column(vector(), vector()));
        write("wider_hard_val.mat", Map.of("gt_list", shortEvent));
        assertEquals(hard + ": gt_list{1}: has 2 entries, " + face + " file_list{1} 3",
                message(() -> WiderSubsets.read(dir, boxes)));
    }

    @Test
    void aFileThatIsNotAMatFileIsNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("wider_face_val.mat"), "e/a.jpg\n1\n1 1 5 5 0 0 0 0 0 0\n");
        assertEquals(text + ": not a MATLAB MAT-file (level 5, as MATLAB's save and scipy.io.savemat write it)",
                message(() -> WiderMatFiles.readBoxes(text)));
        byte[] hdf5 = new byte[512];
        byte[] banner = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(banner, 0, hdf5, 0, banner.length);
        Path v73 = Files.write(dir.resolve("v73.mat"), hdf5);
        assertTrue(message(() -> WiderMatFiles.readBoxes(v73)).startsWith(v73 + ": a MATLAB v7.3 (HDF5) MAT-file"));
        Path missing = dir.resolve("nothing.mat");
        assertEquals("WIDER FACE ground-truth file " + missing + " not found",
                message(() -> WiderMatFiles.readBoxes(missing)));
        // A level 5 header over a truncated body.
        byte[] whole = Files.readAllBytes(writeFace(faceVariables()));
        Path cut = Files.write(dir.resolve("cut.mat"), java.util.Arrays.copyOf(whole, 150));
        assertEquals(cut + ": cannot read MAT-file: it ends early (truncated?)",
                message(() -> WiderMatFiles.readBoxes(cut)));
    }

    @Test
    void toldApartByExtension() {
        assertTrue(WiderMatFiles.isMatFile(Path.of("gt/wider_face_val.MAT")));
        assertTrue(!WiderMatFiles.isMatFile(Path.of("gt/wider_face_val_bbx_gt.txt")));
    }
}
