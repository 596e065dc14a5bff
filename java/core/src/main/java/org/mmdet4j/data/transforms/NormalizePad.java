package org.mmdet4j.data.transforms;

import java.util.Random;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.NormConfig;
import org.mmdet4j.data.sample.Sample;

/**
 * {@code Normalize} followed by {@code Pad}, done in one pass: the normalized pixels are written
 * straight into the padded canvas, saving a full-size float copy per image. Same result as the
 * two transforms in sequence; {@link Compose} substitutes it when they are adjacent.
 */
final class NormalizePad implements Transform {
    private final Normalize normalize;
    private final Pad pad;

    NormalizePad(Normalize normalize, Pad pad) {
        this.normalize = normalize;
        this.pad = pad;
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        Image img = s.img;
        int[] t = pad.target(img.height, img.width);
        if (t[0] < img.height || t[1] < img.width) {
            throw new IllegalArgumentException("pad shape " + t[0] + "x" + t[1] + " is smaller than image "
                    + img.height + "x" + img.width);
        }
        int cn = img.channels;
        float[] out = new float[t[0] * t[1] * cn];
        float v = pad.padVal();
        if (v != 0f) {
            java.util.Arrays.fill(out, v);
        }
        Normalize.normalizeInto(img, normalize.mean(), normalize.std(), normalize.toRgb(), out, t[1]);
        s.img = Image.ofFloats(t[0], t[1], cn, out);
        s.imgNormCfg = new NormConfig(normalize.mean().clone(), normalize.std().clone(), normalize.toRgb());
        return pad.recordPad(s);
    }
}
