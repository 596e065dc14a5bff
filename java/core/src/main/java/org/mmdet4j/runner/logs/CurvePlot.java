package org.mmdet4j.runner.logs;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with Java2D and written as PNG: axes with round-number ticks, one colored
 * line per series (with dots for sparse series such as per-epoch mAP), a legend, a title.
 * Headless: needs no display.
 */
public final class CurvePlot {
    /** One curve. */
    public record Series(String label, double[] x, double[] y, boolean markers) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + label + "' has " + x.length + " x and " + y.length + " y");
            }
        }
    }

    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194)};
    private static final int W = 1000;
    private static final int H = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private CurvePlot() {
    }

    public static void write(Path png, String title, String xLabel, List<Series> series) {
        System.setProperty("java.awt.headless", "true");
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i])) {
                    x0 = Math.min(x0, s.x()[i]);
                    x1 = Math.max(x1, s.x()[i]);
                    y0 = Math.min(y0, s.y()[i]);
                    y1 = Math.max(y1, s.y()[i]);
                }
            }
        }
        if (!Double.isFinite(x0)) {
            throw new IllegalArgumentException("nothing to plot: every series is empty");
        }
        double[] xt = ticks(x0, x1), yt = ticks(y0, y1);
        x0 = Math.min(x0, xt[0]);
        x1 = Math.max(x1, xt[xt.length - 1]);
        y0 = Math.min(y0, yt[0]);
        y1 = Math.max(y1, yt[yt.length - 1]);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
            Axis ax = new Axis(x0, x1, LEFT, LEFT + pw);
            Axis ay = new Axis(y0, y1, TOP + ph, TOP);
            g.setColor(new Color(230, 230, 230));
            for (double t : xt) {
                g.drawLine(ax.px(t), TOP, ax.px(t), TOP + ph);
            }
            for (double t : yt) {
                g.drawLine(LEFT, ay.px(t), LEFT + pw, ay.px(t));
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, pw, ph);
            for (double t : xt) {
                String s = label(t);
                g.drawString(s, ax.px(t) - fm.stringWidth(s) / 2, TOP + ph + fm.getAscent() + 6);
            }
            for (double t : yt) {
                String s = label(t);
                g.drawString(s, LEFT - fm.stringWidth(s) - 6, ay.px(t) + fm.getAscent() / 2 - 1);
            }
            g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, H - 15);
            g.setFont(g.getFont().deriveFont(Font.BOLD, 16f));
            g.drawString(title, W / 2 - g.getFontMetrics().stringWidth(title) / 2, TOP - 18);
            g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
            g.setStroke(new BasicStroke(1.8f));
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                g.setColor(COLORS[k % COLORS.length]);
                int px = Integer.MIN_VALUE, py = 0;
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.y()[i])) {
                        px = Integer.MIN_VALUE;
                        continue;
                    }
                    int cx = ax.px(s.x()[i]), cy = ay.px(s.y()[i]);
                    if (px != Integer.MIN_VALUE) {
                        g.drawLine(px, py, cx, cy);
                    }
                    if (s.markers()) {
                        g.fillOval(cx - 4, cy - 4, 8, 8);
                    }
                    px = cx;
                    py = cy;
                }
            }
            int ly = TOP + 12;
            int lw = series.stream().mapToInt(s -> fm.stringWidth(s.label())).max().orElse(0) + 40;
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(LEFT + pw - lw - 10, ly - 4, lw, series.size() * 20 + 6);
            for (int k = 0; k < series.size(); k++) {
                g.setColor(COLORS[k % COLORS.length]);
                int y = ly + 10 + 20 * k;
                g.drawLine(LEFT + pw - lw, y, LEFT + pw - lw + 22, y);
                g.setColor(Color.BLACK);
                g.drawString(series.get(k).label(), LEFT + pw - lw + 28, y + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private record Axis(double lo, double hi, int p0, int p1) {
        int px(double v) {
            double f = hi == lo ? 0.5 : (v - lo) / (hi - lo);
            return (int) Math.round(p0 + f * (p1 - p0));
        }
    }

    /** Round-number ticks (steps of 1, 2 or 5 times a power of ten) from at most lo to at least hi. */
    static double[] ticks(double lo, double hi) {
        if (hi <= lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double start = Math.floor(lo / step) * step;
        List<Double> t = new ArrayList<>();
        for (int i = 0; ; i++) {
            double v = start + i * step;
            t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
            if (v >= hi - step * 1e-9 && t.size() >= 2) {
                break;
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
