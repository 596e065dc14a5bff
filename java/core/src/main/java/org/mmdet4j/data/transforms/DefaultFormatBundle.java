package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.sample.NormConfig;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code DefaultFormatBundle}: marks the sample ready for collation and fills
 * the metas a pipeline without Pad/Normalize leaves unset ({@code pad_shape} = image shape,
 * {@code scale_factor} = 1, an identity {@code img_norm_cfg}). The HWC to CHW transpose itself
 * happens while collating, in the same pass that writes the padded batch, so the pixels are
 * copied once; 8-bit images become float there.
 */
public final class DefaultFormatBundle implements Transform {
    @Override
    public Sample apply(Sample s, Random rng) {
        if (s.img == null) {
            throw new IllegalStateException("DefaultFormatBundle found no image: put LoadImageFromFile first");
        }
        if (s.padShape == null) {
            s.padShape = s.img.shape();
        }
        if (s.scaleFactor == null) {
            s.scaleFactor = new float[] {1f, 1f, 1f, 1f};
        }
        if (s.imgNormCfg == null) {
            s.imgNormCfg = NormConfig.identity(s.img.channels);
        }
        s.formatted = true;
        return s;
    }
}
