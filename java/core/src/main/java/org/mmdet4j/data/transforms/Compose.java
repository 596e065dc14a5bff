package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * Runs transforms in order; stops with {@code null} as soon as one drops the sample. Adjacent
 * {@code Normalize} and {@code Pad} run fused ({@link NormalizePad}): same output, one copy less.
 */
public final class Compose implements Transform {
    private final List<Transform> transforms;
    private final List<Transform> steps;

    public Compose(List<? extends Transform> transforms) {
        this.transforms = List.copyOf(transforms);
        java.util.ArrayList<Transform> fused = new java.util.ArrayList<>();
        for (int i = 0; i < this.transforms.size(); i++) {
            Transform t = this.transforms.get(i);
            if (t instanceof Normalize n && i + 1 < this.transforms.size() && this.transforms.get(i + 1) instanceof Pad p) {
                fused.add(new NormalizePad(n, p));
                i++;
            } else {
                fused.add(t);
            }
        }
        this.steps = List.copyOf(fused);
    }

    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Sample apply(Sample sample, Random rng) {
        Sample s = sample;
        for (Transform t : steps) {
            s = t.apply(s, rng);
            if (s == null) {
                return null;
            }
        }
        return s;
    }
}
