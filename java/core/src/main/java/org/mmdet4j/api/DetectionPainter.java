package org.mmdet4j.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws detections like mmdetection's {@code show_result}: one colour per class, the mask (when
 * the model predicts masks) blended in half-transparent, a box and a "class score" tag above it,
 * and landmarks (RetinaFace's five face points) as small dots, each point in its own colour as
 * RetinaFace's demo draws them, so that left and right can be told apart.
 * Java2D, headless.
 */
public final class DetectionPainter {
    /** RetinaFace's demo colours: left eye red, right eye yellow, nose magenta, mouth green and blue. */
    private static final Color[] LANDMARK_COLORS = {Color.RED, Color.YELLOW, Color.MAGENTA, Color.GREEN, Color.BLUE};
    private static final Color[] COLORS = {new Color(220, 20, 60), new Color(0, 130, 200), new Color(60, 180, 75),
        new Color(245, 130, 48), new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230)};

    private DetectionPainter() {
    }

    /** A copy of {@code image} with the detections whose score is at least {@code scoreThr} drawn on it. */
    public static BufferedImage paint(BufferedImage image, List<Detection> detections, double scoreThr) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            g.setStroke(new BasicStroke(2f));
            FontMetrics fm = g.getFontMetrics();
            for (Detection d : detections) {
                if (d.score() < scoreThr) {
                    continue;
                }
                Color c = COLORS[Math.floorMod(d.label(), COLORS.length)];
                if (d.mask() != null) {
                    blend(out, d.mask(), c);
                }
                int x1 = Math.round(d.x1()), y1 = Math.round(d.y1());
                int w = Math.round(d.x2()) - x1, h = Math.round(d.y2()) - y1;
                g.setColor(c);
                g.drawRect(x1, y1, w, h);
                String tag = String.format(Locale.ROOT, "%s %.2f", d.className(), d.score());
                int tw = fm.stringWidth(tag) + 4;
                int th = fm.getHeight();
                // Above the box when there is room, else inside its top edge.
                int ty = y1 - th >= 0 ? y1 - th : y1;
                g.fillRect(x1, ty, tw, th);
                g.setColor(Color.WHITE);
                g.drawString(tag, x1 + 2, ty + fm.getAscent());
                drawLandmarks(g, d.landmarks(), Math.max(2, Math.min(w, h) / 20));
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawLandmarks(Graphics2D g, float[] landmarks, int radius) {
        if (landmarks == null) {
            return;
        }
        for (int p = 0; p < landmarks.length / 2; p++) {
            g.setColor(LANDMARK_COLORS[p % LANDMARK_COLORS.length]);
            int x = Math.round(landmarks[2 * p]);
            int y = Math.round(landmarks[2 * p + 1]);
            g.fillOval(x - radius, y - radius, 2 * radius, 2 * radius);
        }
    }

    /** Mixes {@code color} half and half into the pixels of {@code mask}. */
    private static void blend(BufferedImage image, InstanceMask mask, Color color) {
        if (mask.height() != image.getHeight() || mask.width() != image.getWidth()) {
            throw new IllegalArgumentException("a " + mask.height() + "x" + mask.width() + " mask on a "
                    + image.getHeight() + "x" + image.getWidth() + " image");
        }
        byte[] bitmap = mask.toBitmap();
        int w = image.getWidth();
        for (int i = 0; i < bitmap.length; i++) {
            if (bitmap[i] != 0) {
                int rgb = image.getRGB(i % w, i / w);
                int r = (((rgb >> 16) & 0xFF) + color.getRed()) / 2;
                int g = (((rgb >> 8) & 0xFF) + color.getGreen()) / 2;
                int b = ((rgb & 0xFF) + color.getBlue()) / 2;
                image.setRGB(i % w, i / w, (r << 16) | (g << 8) | b);
            }
        }
    }

    /** Writes {@code image} as PNG, creating the parent folders. */
    public static void writePng(BufferedImage image, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JPEG or PNG file for painting. */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("not a JPEG or PNG image");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
