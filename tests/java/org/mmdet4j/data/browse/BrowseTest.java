package org.mmdet4j.data.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.cli.data.BrowseDatasetCommand;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.data.transforms.LoadAnnotations;
import org.mmdet4j.data.transforms.Normalize;
import org.mmdet4j.mask.Segmentation;
import picocli.CommandLine;

class BrowseTest {
    @TempDir
    Path dir;

    @Test
    void rendersUnnormalizedPixelsMasksAndBoxes() {
        // A grey (BGR 100,100,100) 40x40 image normalized with to_rgb, one box/mask at [5, 20, 30, 35]
        // (the class name is drawn above the box, inside y < 20).
        byte[] px = new byte[40 * 40 * 3];
        java.util.Arrays.fill(px, (byte) 100);
        float[] box = {5, 20, 30, 35};
        Annotations ann = new Annotations(box, new long[] {0}, new float[0], new long[0],
                List.of(Segmentation.ofPolygons(new double[][] {{5, 20, 30, 20, 30, 35, 5, 35}})), List.of("a"));
        Sample s = new Sample(0, new DataInfo("1", "x.jpg", 40, 40, ann), "");
        s.img = Image.ofBytes(40, 40, 3, px);
        s.imgShape = s.img.shape();
        s = new LoadAnnotations(true, true, true, true).apply(s, new Random(0));
        s = new Normalize(new float[] {10, 20, 30}, new float[] {2, 4, 8}, true).apply(s, new Random(0));
        BufferedImage img = BrowseRenderer.render(s, List.of("thing"));
        assertEquals(0x646464, img.getRGB(1, 38) & 0xFFFFFF);   // outside: grey 100 restored
        int inside = img.getRGB(15, 28) & 0xFFFFFF;
        int c = BrowseRenderer.classColour(0).getRGB() & 0xFFFFFF;
        int expectedRed = (100 + ((c >> 16) & 0xFF)) / 2;
        assertEquals(expectedRed, (inside >> 16) & 0xFF);        // mask blended 50/50 with the class colour
        assertEquals(c, img.getRGB(30, 28) & 0xFFFFFF);          // box edge in the class colour
    }

    @Test
    void browseDatasetWritesOnePngPerImage() throws Exception {
        Path data = dir.resolve("shapes");
        List<ShapesImage> imgs = new ShapesGenerator(3).split("train", 3);
        ShapesWriter.writeImages(data, imgs);
        ShapesWriter.writeCoco(data, "train", imgs);
        Path cfg = Files.writeString(dir.resolve("c.yaml"), Files.readString(
                Path.of(System.getProperty("user.dir"), "configs/shapes/shapes_detection.yaml"))
                .replace("data/shapes/", data + "/"));
        Path out = dir.resolve("out");
        int rc = new CommandLine(new BrowseDatasetCommand()).execute(cfg.toString(), "--out", out.toString(), "--num", "2");
        assertEquals(0, rc);
        try (var files = Files.list(out)) {
            List<Path> pngs = files.sorted().toList();
            assertEquals(2, pngs.size());
            BufferedImage first = ImageIO.read(pngs.get(0).toFile());
            assertTrue(first.getWidth() <= 416 + 31 && first.getWidth() % 32 == 0);
        }
    }
}
