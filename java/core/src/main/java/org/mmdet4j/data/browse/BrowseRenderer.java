package org.mmdet4j.data.browse;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.sample.NormConfig;
import org.mmdet4j.data.sample.Sample;

/**
 * Draws what a pipeline produced for one sample: the transformed image (un-normalized when a
 * {@code Normalize} ran), each instance mask as a translucent fill, each box with its class name,
 * and ignored boxes dashed. Colours are fixed per class.
 */
public final class BrowseRenderer {
    private static final int[] PALETTE = {0xE6194B, 0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0, 0xF032E6,
        0xBCF60C, 0xFABEBE, 0x008080, 0xE6BEFF, 0x9A6324, 0xFFFAC8, 0x800000, 0xAAFFC3, 0x808000};

    private BrowseRenderer() {
    }

    public static Color classColour(long label) {
        return new Color(PALETTE[(int) (label % PALETTE.length)]);
    }

    public static BufferedImage render(Sample s, List<String> classes) {
        BufferedImage out = toRgb(s.img, s.imgNormCfg);
        if (s.gtMasks != null) {
            overlayMasks(out, s.gtMasks, s.gtLabels);
        }
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int n = s.gtBboxes == null ? 0 : s.gtBboxes.length / 4;
            for (int i = 0; i < n; i++) {
                long label = s.gtLabels == null ? 0 : s.gtLabels[i];
                String name = label >= 0 && label < classes.size() ? classes.get((int) label) : "#" + label;
                drawBox(g, s.gtBboxes, i, classColour(label), name, false);
            }
            int m = s.gtBboxesIgnore == null ? 0 : s.gtBboxesIgnore.length / 4;
            for (int i = 0; i < m; i++) {
                drawBox(g, s.gtBboxesIgnore, i, Color.LIGHT_GRAY, "ignore", true);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawBox(Graphics2D g, float[] b, int i, Color c, String text, boolean dashed) {
        float x1 = b[4 * i];
        float y1 = b[4 * i + 1];
        float x2 = b[4 * i + 2];
        float y2 = b[4 * i + 3];
        g.setColor(c);
        g.setStroke(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f) : new BasicStroke(2f));
        g.draw(new java.awt.geom.Rectangle2D.Float(x1, y1, x2 - x1, y2 - y1));
        int tw = g.getFontMetrics().stringWidth(text) + 4;
        int th = g.getFontMetrics().getHeight();
        int ty = (int) Math.max(th, y1);
        g.fillRect((int) x1, ty - th, tw, th);
        g.setColor(c.getRed() + c.getGreen() + c.getBlue() > 380 ? Color.BLACK : Color.WHITE);
        g.drawString(text, (int) x1 + 2, ty - g.getFontMetrics().getDescent());
    }

    private static void overlayMasks(BufferedImage out, InstanceMasks masks, long[] labels) {
        int w = Math.min(out.getWidth(), masks.width());
        int h = Math.min(out.getHeight(), masks.height());
        for (int i = 0; i < masks.size(); i++) {
            byte[] m = masks.toBitmap(i);
            int c = classColour(labels == null ? i : labels[i]).getRGB();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (m[y * masks.width() + x] != 0) {
                        out.setRGB(x, y, blend(out.getRGB(x, y), c));
                    }
                }
            }
        }
    }

    private static int blend(int a, int b) {
        int r = (((a >> 16) & 0xFF) + ((b >> 16) & 0xFF)) / 2;
        int g = (((a >> 8) & 0xFF) + ((b >> 8) & 0xFF)) / 2;
        int bl = ((a & 0xFF) + (b & 0xFF)) / 2;
        return (r << 16) | (g << 8) | bl;
    }

    /**
     * The image as RGB. A normalized image is mapped back with {@code x * std + mean}; its
     * channels are RGB when {@code to_rgb} was set, else BGR like the decoded file.
     */
    static BufferedImage toRgb(Image img, NormConfig norm) {
        BufferedImage out = new BufferedImage(img.width, img.height, BufferedImage.TYPE_INT_RGB);
        boolean rgbOrder = norm != null && norm.toRgb();
        int cn = img.channels;
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                int[] v = new int[3];
                for (int c = 0; c < 3; c++) {
                    int ch = Math.min(c, cn - 1);
                    float f = img.get(y, x, ch);
                    if (norm != null && img.isFloat() && ch < norm.mean().length) {
                        f = f * norm.std()[ch] + norm.mean()[ch];
                    }
                    v[c] = Math.max(0, Math.min(255, Math.round(f)));
                }
                int r = rgbOrder || cn == 1 ? v[0] : v[2];
                int b = rgbOrder || cn == 1 ? v[2] : v[0];
                out.setRGB(x, y, (r << 16) | (v[1] << 8) | b);
            }
        }
        return out;
    }
}
