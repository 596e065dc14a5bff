package org.mmdet4j.data.faces;

import java.util.Random;

/** The colours faces and scenes are drawn with, as RGB. */
final class Palette {
    /** Skin tones from light to dark; each face jitters one of them. */
    private static final int[][] SKIN = {{255, 224, 196}, {241, 194, 160}, {224, 172, 135}, {198, 134, 99},
            {161, 102, 70}, {120, 75, 50}, {88, 55, 38}};
    private static final int[][] HAIR = {{28, 24, 20}, {66, 44, 30}, {112, 76, 44}, {196, 166, 108},
            {150, 148, 146}, {138, 62, 30}};
    private static final int[][] IRIS = {{38, 28, 22}, {70, 48, 30}, {58, 88, 120}, {70, 100, 70}};
    static final int[] DARK = {25, 20, 20};
    static final int[] SCLERA = {236, 234, 228};
    static final int[] MOUTH_INSIDE = {70, 22, 24};

    private Palette() {
    }

    static int[] skin(Random rng) {
        return jitter(SKIN[rng.nextInt(SKIN.length)], rng, 12);
    }

    static int[] hair(Random rng) {
        return jitter(HAIR[rng.nextInt(HAIR.length)], rng, 10);
    }

    static int[] iris(Random rng) {
        return IRIS[rng.nextInt(IRIS.length)].clone();
    }

    static int[] random(Random rng, int lo, int hi) {
        return new int[] {lo + rng.nextInt(hi - lo), lo + rng.nextInt(hi - lo), lo + rng.nextInt(hi - lo)};
    }

    static int[] scale(int[] rgb, double kr, double kg, double kb) {
        return new int[] {clamp(rgb[0] * kr), clamp(rgb[1] * kg), clamp(rgb[2] * kb)};
    }

    static int[] scale(int[] rgb, double k) {
        return scale(rgb, k, k, k);
    }

    private static int[] jitter(int[] rgb, Random rng, int amount) {
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            out[c] = clamp(rgb[c] + rng.nextInt(2 * amount + 1) - amount);
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
