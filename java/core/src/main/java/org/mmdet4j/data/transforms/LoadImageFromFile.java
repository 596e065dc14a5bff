package org.mmdet4j.data.transforms;

import java.nio.file.Path;
import java.util.Random;
import org.mmdet4j.data.image.ColorType;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.image.ImageDecoder;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code LoadImageFromFile}: decodes {@code img_prefix/filename} and sets
 * {@code filename}, {@code ori_filename}, {@code img}, {@code img_shape}, {@code ori_shape}.
 */
public final class LoadImageFromFile implements Transform {
    private final boolean toFloat32;
    private final ColorType colorType;

    public LoadImageFromFile(boolean toFloat32, ColorType colorType) {
        this.toFloat32 = toFloat32;
        this.colorType = colorType;
    }

    public LoadImageFromFile() {
        this(false, ColorType.COLOR);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        String rel = s.info.filename();
        Path file = s.imgPrefix == null || s.imgPrefix.isEmpty() ? Path.of(rel) : Path.of(s.imgPrefix, rel);
        Image img = ImageDecoder.read(file, colorType);
        if (toFloat32) {
            img = img.toFloat();
        }
        s.filename = file.toString();
        s.oriFilename = rel;
        s.img = img;
        s.imgShape = img.shape();
        s.oriShape = img.shape();
        s.padShape = img.shape();
        s.scaleFactor = new float[] {1f, 1f, 1f, 1f};
        return s;
    }
}
