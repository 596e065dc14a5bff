package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/** Runs transforms in order; stops with {@code null} as soon as one drops the sample. */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    public Compose(List<? extends Transform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Sample apply(Sample sample, Random rng) {
        Sample s = sample;
        for (Transform t : transforms) {
            s = t.apply(s, rng);
            if (s == null) {
                return null;
            }
        }
        return s;
    }
}
