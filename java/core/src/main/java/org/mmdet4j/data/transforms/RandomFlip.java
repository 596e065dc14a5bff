package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection v2's {@code RandomFlip}. One flip ratio shared by several directions splits
 * evenly between them; a list of ratios gives each direction its own probability. Boxes use
 * the v2 formulas ({@code x1' = w - x2}, {@code x2' = w - x1}; likewise in y), masks follow.
 * A flip already decided on the sample (test-time augmentation) is applied as given.
 */
public final class RandomFlip implements Transform {
    private final List<FlipDirection> directions;
    private final double[] ratios;

    /**
     * @param flipRatios one ratio for all directions, or one per direction
     * @param directions the candidate directions
     */
    public RandomFlip(double[] flipRatios, List<FlipDirection> directions) {
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("RandomFlip needs at least one direction");
        }
        double[] r;
        if (flipRatios == null) {
            r = new double[directions.size()];
        } else if (flipRatios.length == 1) {
            r = new double[directions.size()];
            java.util.Arrays.fill(r, flipRatios[0] / directions.size());
        } else if (flipRatios.length == directions.size()) {
            r = flipRatios.clone();
        } else {
            throw new IllegalArgumentException("flip_ratio has " + flipRatios.length + " values for "
                    + directions.size() + " directions");
        }
        double sum = 0;
        for (double v : r) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("flip_ratio values must lie in [0, 1], got " + v);
            }
            sum += v;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("flip ratios sum to " + sum + ", more than 1");
        }
        this.directions = List.copyOf(directions);
        this.ratios = r;
    }

    public static RandomFlip horizontal(double ratio) {
        return new RandomFlip(new double[] {ratio}, List.of(FlipDirection.HORIZONTAL));
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        if (s.flip == null) {
            // np.random.choice over [directions..., None] with the ratios and 1 - sum last.
            double u = rng.nextDouble();
            double acc = 0;
            FlipDirection chosen = null;
            for (int i = 0; i < ratios.length; i++) {
                acc += ratios[i];
                if (u < acc) {
                    chosen = directions.get(i);
                    break;
                }
            }
            s.flip = chosen != null;
            s.flipDirection = chosen;
        }
        if (s.flip && s.flipDirection == null) {
            s.flipDirection = directions.get(0);
        }
        if (!s.flip) {
            return s;
        }
        FlipDirection d = s.flipDirection;
        if (s.gtKeypoints != null) {
            s.gtKeypoints = s.gtKeypoints.flip(d, s.imgShape[1], s.imgShape[0]);
        }
        s.img = ImageGeometry.flip(s.img, d);
        if (s.gtBboxes != null) {
            s.gtBboxes = BoxOps.flip(s.gtBboxes, s.imgShape, d);
        }
        if (s.gtBboxesIgnore != null) {
            s.gtBboxesIgnore = BoxOps.flip(s.gtBboxesIgnore, s.imgShape, d);
        }
        if (s.gtMasks != null) {
            s.gtMasks = s.gtMasks.flip(d);
        }
        return s;
    }
}
