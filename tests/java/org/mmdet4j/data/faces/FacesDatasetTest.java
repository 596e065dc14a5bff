package org.mmdet4j.data.faces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.data.MakeFacesCommand;
import org.mmdet4j.data.widerface.RetinaFaceImage;
import org.mmdet4j.data.widerface.RetinaFaceLabel;
import org.mmdet4j.data.widerface.RetinaFaceLabelFile;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;
import org.mmdet4j.data.widerface.WiderSubsets;
import picocli.CommandLine;

class FacesDatasetTest {
    @TempDir
    Path dir;

    private int run(Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
        return new CommandLine(new MakeFacesCommand()).execute(args);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDiffers() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        assertEquals(0, run(a, "--train", "4", "--val", "4", "--seed", "7"));
        assertEquals(0, run(b, "--train", "4", "--val", "4", "--seed", "7"));
        assertEquals(0, run(c, "--train", "4", "--val", "4", "--seed", "8"));
        List<Path> names = files(a);
        // 8 images, 2 box files, 2 label files, 3 subset files.
        assertEquals(15, names.size());
        assertEquals(names, files(b));
        for (Path f : names) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        }
        Path jpg = Path.of("WIDER_train/images/0--Generated/0_Generated_train_000000.jpg");
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(jpg)), Files.readAllBytes(c.resolve(jpg))));
        assertFalse(Files.readString(a.resolve("train/label.txt"))
                .equals(Files.readString(c.resolve("train/label.txt"))));
    }

    @Test
    void filesReadBackConsistentlyThroughTheWiderAndRetinaFaceReaders() throws Exception {
        Path out = dir.resolve("faces");
        assertEquals(0, run(out, "--train", "8", "--val", "8", "--seed", "3"));
        for (String split : List.of("train", "val")) {
            Path images = out.resolve("WIDER_" + split + "/images");
            // Both readers check that every image they list exists.
            List<RetinaFaceImage> labels = RetinaFaceLabelFile.read(out.resolve(split + "/label.txt"), images);
            List<WiderBoxImage> boxes = WiderBoxFile.read(
                    out.resolve("wider_face_split/wider_face_" + split + "_bbx_gt.txt"), images).images();
            assertEquals(8, labels.size());
            assertEquals(boxes.stream().map(WiderBoxImage::name).toList(),
                    labels.stream().map(RetinaFaceImage::name).toList());
            Set<String> events = new HashSet<>();
            for (int i = 0; i < labels.size(); i++) {
                List<RetinaFaceLabel> faces = labels.get(i).faces();
                List<WiderBox> wider = boxes.get(i).faces();
                events.add(boxes.get(i).event());
                assertEquals(wider.size(), faces.size(), labels.get(i).name());
                assertFalse(faces.isEmpty(), labels.get(i).name());
                for (int k = 0; k < faces.size(); k++) {
                    RetinaFaceLabel f = faces.get(k);
                    WiderBox w = wider.get(k);
                    assertArrayEquals(new double[] {w.x(), w.y(), w.w(), w.h()},
                            new double[] {f.x(), f.y(), f.w(), f.h()});
                    assertTrue(f.hasLandmarkPart());
                    if (w.invalid() == 1 || w.occlusion() == 2 || w.h() < 12) {
                        assertFalse(f.hasLandmarks(), "landmarks on an invalid, hidden or tiny face");
                    }
                    for (int p = 0; p < RetinaFaceLabel.POINTS && f.hasLandmarks(); p++) {
                        assertTrue(f.pointX(p) >= f.x() && f.pointX(p) <= f.x() + f.w()
                                && f.pointY(p) >= f.y() && f.pointY(p) <= f.y() + f.h(),
                                "landmark " + p + " outside its box in " + labels.get(i).name());
                    }
                }
            }
            assertEquals(Set.of("0--Generated", "1--Crowd", "2--Portrait", "3--Occlusion"), events);
        }
    }

    @Test
    void subsetsNestAndFollowTheWrittenRule() throws Exception {
        Path out = dir.resolve("faces");
        assertEquals(0, run(out, "--train", "0", "--val", "12", "--seed", "11"));
        WiderBoxFile boxes = WiderBoxFile.read(out.resolve("wider_face_split/wider_face_val_bbx_gt.txt"));
        WiderSubsets subsets = WiderSubsets.read(out.resolve("wider_face_split/subsets"), boxes);
        int easy = 0;
        int hard = 0;
        for (WiderBoxImage im : boxes.images()) {
            Set<Integer> e = set(subsets.easy(), im);
            Set<Integer> m = set(subsets.medium(), im);
            Set<Integer> h = set(subsets.hard(), im);
            assertTrue(m.containsAll(e) && h.containsAll(m), im.name());
            for (int k = 1; k <= im.faces().size(); k++) {
                WiderBox f = im.faces().get(k - 1);
                boolean valid = f.invalid() == 0;
                assertEquals(valid, h.contains(k));
                assertEquals(valid && f.h() >= 25, m.contains(k));
                assertEquals(valid && f.h() >= 50 && f.occlusion() < 2 && f.blur() < 2, e.contains(k));
            }
            easy += e.size();
            hard += h.size();
        }
        assertTrue(easy > 0 && hard > easy, "easy " + easy + ", hard " + hard);
    }

    private static Set<Integer> set(WiderSubset s, WiderBoxImage im) {
        return new HashSet<>(Arrays.stream(s.keep(im)).boxed().toList());
    }

    @Test
    void imagesVaryInSizeAndFacesInEveryAttribute() {
        List<FacesImage> images = new FacesGenerator(5).split("train", 24);
        Set<Integer> widths = new HashSet<>();
        int faces = 0;
        int withLandmarks = 0;
        int invalid = 0;
        int occluded = 0;
        int blurred = 0;
        int atypical = 0;
        int minH = Integer.MAX_VALUE;
        int maxH = 0;
        for (FacesImage im : images) {
            widths.add(im.width());
            assertTrue(im.width() >= 256 && im.width() <= 480 && im.height() >= 256 && im.height() <= 480);
            for (Face f : im.faces()) {
                faces++;
                withLandmarks += f.hasLandmarks() ? 1 : 0;
                invalid += f.attributes().invalid() ? 1 : 0;
                occluded += f.attributes().occlusion() > 0 ? 1 : 0;
                blurred += f.attributes().blur() > 0 ? 1 : 0;
                atypical += f.attributes().pose();
                minH = Math.min(minH, f.h());
                maxH = Math.max(maxH, f.h());
                assertTrue(f.x() >= 0 && f.y() >= 0 && f.x() + f.w() <= im.width() && f.y() + f.h() <= im.height());
            }
        }
        assertTrue(widths.size() > 5, "widths " + widths);
        assertTrue(withLandmarks > faces / 2 && withLandmarks < faces, withLandmarks + " of " + faces);
        assertTrue(invalid > 0 && occluded > 0 && blurred > 0 && atypical > 0);
        assertTrue(minH < 10 && maxH > 120, "heights " + minH + ".." + maxH);
    }

    /**
     * RetinaFace's order: in the face's own upright frame, the "left" eye and mouth corner have
     * the smaller x and the nose lies between the eyes and the mouth.
     */
    @Test
    void landmarksFollowRetinaFacesOrderInTheFacesFrame() {
        int checked = 0;
        for (FacesImage im : new FacesGenerator(2).split("val", 8)) {
            for (Face f : im.faces()) {
                if (!f.hasLandmarks()) {
                    continue;
                }
                double r = Math.toRadians(f.roll());
                double[] across = {Math.cos(r), Math.sin(r)};
                double[] down = {-Math.sin(r), Math.cos(r)};
                double[] l = f.landmarks();
                assertTrue(along(l, 0, 1, across) > 0, "eyes");
                assertTrue(along(l, 3, 4, across) > 0, "mouth corners");
                assertTrue(along(l, 0, 2, down) > 0 && along(l, 1, 2, down) > 0, "nose below the eyes");
                assertTrue(along(l, 2, 3, down) > 0 && along(l, 2, 4, down) > 0, "mouth below the nose");
                checked++;
            }
        }
        assertTrue(checked > 10, "checked " + checked);
    }

    /** Projection of point q minus point p on direction d. */
    private static double along(double[] l, int p, int q, double[] d) {
        return (l[2 * q] - l[2 * p]) * d[0] + (l[2 * q + 1] - l[2 * p + 1]) * d[1];
    }

    @Test
    void badArgumentsExitWithUsageOrErrorCodes() {
        assertEquals(2, new CommandLine(new MakeFacesCommand()).execute("--train", "3"));
        assertEquals(2, run(dir.resolve("x"), "--val", "many"));
        assertEquals(1, run(dir.resolve("x"), "--train", "-1"));
    }
}
