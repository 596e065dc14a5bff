package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code MultiScaleFlipAug} for the single-view case: presets the test scale and
 * the flip on the sample, then runs the inner transforms (which read them instead of drawing).
 * Several scales or flips would turn one image into several views, which a {@link Sample} does
 * not hold; that configuration is rejected when the pipeline is built.
 */
public final class MultiScaleFlipAug implements Transform {
    private final int[] scale;
    private final boolean flip;
    private final FlipDirection direction;
    private final Compose transforms;

    public MultiScaleFlipAug(List<int[]> imgScales, boolean flip, FlipDirection direction, List<Transform> transforms) {
        if (imgScales.size() != 1) {
            throw new IllegalArgumentException("MultiScaleFlipAug with " + imgScales.size()
                    + " scales gives several views per image; only one scale is supported");
        }
        this.scale = imgScales.get(0).clone();
        this.flip = flip;
        this.direction = direction;
        this.transforms = new Compose(transforms);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        s.scale = scale.clone();
        s.flip = flip;
        s.flipDirection = flip ? direction : null;
        return transforms.apply(s, rng);
    }
}
