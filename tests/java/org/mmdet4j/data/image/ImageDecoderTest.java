package org.mmdet4j.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.data.shapes.JpegEncoder;

class ImageDecoderTest {
    @TempDir
    Path dir;

    private static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void greyPngIsReplicatedToThreeChannelsWithoutGamma() throws Exception {
        BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 37);
        g.getRaster().setSample(1, 0, 0, 200);
        Image img = ImageDecoder.decode(png(g), "g.png", ColorType.COLOR);
        assertEquals(3, img.channels);
        assertEquals(37f, img.get(0, 0, 0));
        assertEquals(37f, img.get(0, 0, 2));
        assertEquals(200f, img.get(0, 1, 1));
        Image unchanged = ImageDecoder.decode(png(g), "g.png", ColorType.UNCHANGED);
        assertEquals(1, unchanged.channels);
    }

    @Test
    void rgbaPngIsBgrAndAlphaIsDroppedForColor() throws Exception {
        BufferedImage c = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        c.setRGB(0, 0, (10 << 24) | (200 << 16) | (100 << 8) | 50);   // a=10 r=200 g=100 b=50
        Image img = ImageDecoder.decode(png(c), "c.png", ColorType.COLOR);
        assertEquals(3, img.channels);
        assertEquals(50f, img.get(0, 0, 0));
        assertEquals(100f, img.get(0, 0, 1));
        assertEquals(200f, img.get(0, 0, 2));
        Image bgra = ImageDecoder.decode(png(c), "c.png", ColorType.UNCHANGED);
        assertEquals(4, bgra.channels);
        assertEquals(10f, bgra.get(0, 0, 3));
    }

    @Test
    void jpegRoundTripsCloseToTheEncodedPixels() {
        byte[] bgr = new byte[16 * 16 * 3];
        Arrays.fill(bgr, (byte) 128);
        Image img = ImageDecoder.decode(JpegEncoder.encode(bgr, 16, 16), "x.jpg", ColorType.COLOR);
        assertEquals(16, img.height);
        assertTrue(Math.abs(img.get(5, 5, 1) - 128) <= 1);
    }

    @Test
    void truncatedJpegIsAnErrorNamingTheFile() throws Exception {
        byte[] bgr = new byte[32 * 32 * 3];
        for (int i = 0; i < bgr.length; i++) {
            bgr[i] = (byte) (i * 7);
        }
        byte[] jpg = JpegEncoder.encode(bgr, 32, 32);
        Path f = dir.resolve("cut.jpg");
        Files.write(f, Arrays.copyOf(jpg, jpg.length / 2));
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageDecoder.read(f, ColorType.COLOR));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("cut.jpg"), e.getMessage());
    }

    @Test
    void missingEmptyAndNonImageFilesAreErrors() throws Exception {
        Path missing = dir.resolve("nope.jpg");
        assertTrue(assertThrows(ImageReadException.class, () -> ImageDecoder.read(missing, ColorType.COLOR))
                .getMessage().contains("not found"));
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertTrue(assertThrows(ImageReadException.class, () -> ImageDecoder.read(empty, ColorType.COLOR))
                .getMessage().contains("0 bytes"));
        Path text = Files.writeString(dir.resolve("t.png"), "hello");
        assertTrue(assertThrows(ImageReadException.class, () -> ImageDecoder.read(text, ColorType.COLOR))
                .getMessage().contains("t.png"));
    }
}
