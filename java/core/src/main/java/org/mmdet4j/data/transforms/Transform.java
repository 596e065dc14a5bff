package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * One step of a data pipeline, mmdetection's pipeline callable. All randomness comes from
 * {@code rng}, which the data loader seeds per sample from (seed, epoch, position), so the
 * output never depends on which worker thread ran the step.
 */
@FunctionalInterface
public interface Transform {
    /**
     * @return the transformed sample (the same object, updated, is fine), or {@code null} to
     *         drop it, as mmdetection's transforms return {@code None} (e.g. a crop that keeps no box)
     */
    Sample apply(Sample sample, Random rng);
}
