package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code ImageToTensor} (test pipelines): like {@link DefaultFormatBundle} for the
 * image alone; the CHW transpose happens at collation.
 */
public final class ImageToTensor implements Transform {
    private final DefaultFormatBundle bundle = new DefaultFormatBundle();

    public ImageToTensor(List<String> keys) {
        if (!keys.equals(List.of("img"))) {
            throw new IllegalArgumentException("ImageToTensor supports keys=['img'], got " + keys);
        }
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        return bundle.apply(s, rng);
    }
}
