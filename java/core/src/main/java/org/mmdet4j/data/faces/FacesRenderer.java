package org.mmdet4j.data.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Draws one image of the faces dataset from its own random stream and annotates what it drew.
 * Faces are planned first (placed so that at most the event's {@code maxOverlap} of the smaller
 * of two boxes is shared), then drawn smallest first, as nearer faces are larger and hide farther
 * ones: all bodies, then each face with its blur, then the occluders.
 *
 * <p>The annotations come from what is visible in the end: a face's occlusion is the share of its
 * skin pixels that another face or an occluder took (WIDER's levels: none, partial up to 30%,
 * heavy), and a landmark is flagged occluded when its pixel is not the face's own. A face is
 * invalid when under {@link #MIN_VALID_HEIGHT} pixels or at least {@link #INVALID_OCCLUSION}
 * hidden; it gets landmarks when valid, at least {@link #MIN_LANDMARK_HEIGHT} pixels tall and
 * not heavily occluded (the authors' files likewise give none for tiny faces). The pose flag marks
 * yaw beyond {@link #ATYPICAL_YAW} or roll beyond {@link #ATYPICAL_ROLL} degrees.
 */
final class FacesRenderer {
    static final int MIN_VALID_HEIGHT = 6;
    static final double INVALID_OCCLUSION = 0.85;
    static final int MIN_LANDMARK_HEIGHT = 12;
    static final double PARTIAL_OCCLUSION = 0.30;
    static final double ATYPICAL_YAW = 35;
    static final double ATYPICAL_ROLL = 30;
    private static final int PLACEMENT_ATTEMPTS = 30;
    private static final double EXPRESSION_PROB = 0.1;
    private static final double ILLUMINATION_PROB = 0.08;
    private static final double HAIR_PROB = 0.85;

    private FacesRenderer() {
    }

    /** Pixels as BGR bytes and the faces in drawing order. */
    record Rendered(byte[] bgr, List<Face> faces) {
    }

    static Rendered render(int width, int height, FaceEvent event, Random rng) {
        Canvas c = new Canvas(width, height);
        Background.paint(c, rng);
        List<FacePlan> plans = place(width, height, event, rng);
        plans.sort(Comparator.comparingDouble(p -> p.model().halfExtent()[1]));
        for (FacePlan p : plans) {
            FacePainter.body(c, p);
        }
        int[] area = new int[plans.size()];
        for (int k = 0; k < plans.size(); k++) {
            area[k] = FacePainter.face(c, plans.get(k), k, pixelBox(plans.get(k).model())[3]);
        }
        for (FacePlan p : plans) {
            if (p.occluder() != null) {
                FacePainter.occluder(c, p.occluder());
            }
        }
        List<Face> faces = new ArrayList<>();
        for (int k = 0; k < plans.size(); k++) {
            faces.add(annotate(c, plans.get(k), k, area[k]));
        }
        int[] noise = new int[width * height];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.nextInt(9) - 4;
        }
        return new Rendered(c.toBgr(noise), faces);
    }

    /** The whole-pixel box {@code (x, y, w, h)} around the model's tight box. */
    static int[] pixelBox(FaceModel m) {
        double[] t = m.tightBox();
        int x = (int) Math.floor(t[0]);
        int y = (int) Math.floor(t[1]);
        return new int[] {x, y, (int) Math.ceil(t[2]) - x, (int) Math.ceil(t[3]) - y};
    }

    private static List<FacePlan> place(int width, int height, FaceEvent event, Random rng) {
        int count = event.minFaces + rng.nextInt(event.maxFaces - event.minFaces + 1);
        List<FacePlan> plans = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
                FaceModel m = model(width, height, event, rng);
                if (m != null && fits(m, plans, event.maxOverlap)) {
                    plans.add(plan(m, event, rng));
                    break;
                }
            }
        }
        return plans;
    }

    /** A face of random size, shape, roll and yaw placed wholly inside the image, or null if it cannot be. */
    private static FaceModel model(int width, int height, FaceEvent event, Random rng) {
        double maxH = event.maxHeightFrac * Math.min(width, height);
        double minH = Math.min(event.minHeight, maxH);
        // Log-uniform heights: as many faces between 10 and 20 px as between 100 and 200 px.
        double size = minH * StrictMath.exp(rng.nextDouble() * StrictMath.log(maxH / minH));
        double b = size / 2;
        double a = b / (1.2 + 0.25 * rng.nextDouble());
        double roll = rng.nextDouble() < 0.8 ? 24 * rng.nextDouble() - 12 : 120 * rng.nextDouble() - 60;
        double yaw = rng.nextDouble() < 0.7 ? 40 * rng.nextDouble() - 20
                : 2 * FaceModel.MAX_YAW_DEGREES * rng.nextDouble() - FaceModel.MAX_YAW_DEGREES;
        double[] e = new FaceModel(0, 0, a, b, roll, yaw).halfExtent();
        double fx = rng.nextDouble();
        double fy = rng.nextDouble();
        if (2 * e[0] + 2 > width || 2 * e[1] + 2 > height) {
            return null;
        }
        double cx = e[0] + 1 + fx * (width - 2 * e[0] - 2);
        double cy = e[1] + 1 + fy * (height - 2 * e[1] - 2);
        return new FaceModel(cx, cy, a, b, roll, yaw);
    }

    private static boolean fits(FaceModel m, List<FacePlan> placed, double maxOverlap) {
        double[] box = m.tightBox();
        for (FacePlan p : placed) {
            if (overlapOfSmaller(box, p.model().tightBox()) > maxOverlap) {
                return false;
            }
        }
        return true;
    }

    /** Intersection area over the smaller box's area. */
    static double overlapOfSmaller(double[] a, double[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double smaller = Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
        return smaller <= 0 ? 1 : iw * ih / smaller;
    }

    private static FacePlan plan(FaceModel m, FaceEvent event, Random rng) {
        int[] skin = Palette.skin(rng);
        int[] hair = rng.nextDouble() < HAIR_PROB ? Palette.hair(rng) : null;
        int[] clothes = Palette.random(rng, 0, 256);
        int[] iris = Palette.iris(rng);
        double u = rng.nextDouble();
        int blur = u < event.blurProbs[1] ? 2 : u < event.blurProbs[0] + event.blurProbs[1] ? 1 : 0;
        int expression = rng.nextDouble() < EXPRESSION_PROB ? 1 : 0;
        double light = rng.nextDouble() < ILLUMINATION_PROB ? (rng.nextBoolean() ? 0.4 : 1.55) : 1;
        FacePlan.Occluder occluder = rng.nextDouble() < event.occludedProb ? occluder(m.tightBox(), rng) : null;
        return new FacePlan(m, skin, hair, clothes, iris, blur, expression, light, occluder);
    }

    /**
     * A rectangle over one side of the box (a scarf from below, a hat from above, a hand or a
     * sign from a side) reaching 10 to 95% across it, short reaches (partial occlusion) the most
     * likely, and not always spanning the box the other way.
     */
    private static FacePlan.Occluder occluder(double[] box, Random rng) {
        double w = box[2] - box[0];
        double h = box[3] - box[1];
        int side = rng.nextInt(4);
        double u = rng.nextDouble();
        double reach = 0.1 + 0.85 * u * u;
        double lo = 0.3 * rng.nextDouble() - 0.1;
        double hi = 0.3 * rng.nextDouble() - 0.1;
        double[] r = switch (side) {
            case 0 -> new double[] {box[0] - lo * w, box[3] - reach * h, box[2] + hi * w, box[3] + 0.3 * h};
            case 1 -> new double[] {box[0] - lo * w, box[1] - 0.3 * h, box[2] + hi * w, box[1] + reach * h};
            case 2 -> new double[] {box[0] - 0.3 * w, box[1] - lo * h, box[0] + reach * w, box[3] + hi * h};
            default -> new double[] {box[2] - reach * w, box[1] - lo * h, box[2] + 0.3 * w, box[3] + hi * h};
        };
        int period = rng.nextBoolean() ? 0 : 2 + rng.nextInt(6);
        return new FacePlan.Occluder(r[0], r[1], r[2], r[3], Palette.random(rng, 0, 256), Palette.random(rng, 0, 256),
                period);
    }

    private static Face annotate(Canvas c, FacePlan p, int id, int area) {
        FaceModel m = p.model();
        int[] box = pixelBox(m);
        int visible = c.countOwned(id, box[0], box[1], box[0] + box[2], box[1] + box[3]);
        double hidden = area == 0 ? 0 : Math.max(0, 1 - visible / (double) area);
        int occlusion = hidden < 0.01 ? 0 : hidden <= PARTIAL_OCCLUSION ? 1 : 2;
        boolean invalid = box[3] < MIN_VALID_HEIGHT || hidden >= INVALID_OCCLUSION;
        int pose = Math.abs(m.yawDegrees) > ATYPICAL_YAW || Math.abs(m.rollDegrees) > ATYPICAL_ROLL ? 1 : 0;
        FaceAttributes attrs = new FaceAttributes(p.blur(), p.expression(), p.illumination(), invalid, occlusion,
                pose);
        double[] landmarks = null;
        boolean[] occluded = new boolean[Face.POINTS];
        if (!invalid && box[3] >= MIN_LANDMARK_HEIGHT && occlusion < 2) {
            landmarks = m.landmarks();
            for (int k = 0; k < landmarks.length; k++) {
                landmarks[k] = Math.round(landmarks[k] * 1000) / 1000.0;
            }
            for (int q = 0; q < Face.POINTS; q++) {
                occluded[q] = c.ownerAt(landmarks[2 * q], landmarks[2 * q + 1]) != id;
            }
        }
        // The label files' trailing quality value: lower for small, blurred or hidden faces.
        double quality = Math.min(1, Math.sqrt(box[3] / 80.0)) * (1 - 0.3 * p.blur()) * (1 - 0.5 * hidden);
        return new Face(box[0], box[1], box[2], box[3], landmarks, occluded, attrs, m.rollDegrees, m.yawDegrees,
                Math.round(quality * 100) / 100.0);
    }
}
