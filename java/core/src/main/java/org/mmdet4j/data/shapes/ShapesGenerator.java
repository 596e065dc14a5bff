package org.mmdet4j.data.shapes;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.mmdet4j.data.loader.Seeds;

/**
 * The generated shapes dataset: deterministic images of circles, rectangles and triangles on
 * textured backgrounds, the dataset every machine has. Image {@code i} of a split depends only
 * on (seed, split, i), so images are generated in parallel and the output is byte-identical for
 * a seed. Sizes vary between 288x240 and 384x320 (multiples of 16), wide and tall, so the
 * aspect-ratio grouping has both groups.
 */
public final class ShapesGenerator {
    private final long seed;

    public ShapesGenerator(long seed) {
        this.seed = seed;
    }

    public ShapesImage image(String split, int index) {
        Random rng = new Random(Seeds.derive(seed, split.hashCode(), index));
        boolean wide = rng.nextInt(4) != 0;
        int longSide = 320 + 16 * (rng.nextInt(5) - 2);
        int shortSide = 240 + 16 * rng.nextInt(5);
        int w = wide ? longSide : shortSide;
        int h = wide ? shortSide : longSide;
        ShapesRenderer.Rendered r = ShapesRenderer.render(w, h, rng);
        byte[] jpeg = JpegEncoder.encode(r.bgr(), w, h);
        return new ShapesImage(fileName(split, index), w, h, jpeg, r.objects());
    }

    public static String fileName(String split, int index) {
        return String.format("%s_%06d.jpg", split, index);
    }

    /** All images of a split, generated in parallel, returned in index order. */
    public List<ShapesImage> split(String split, int count) {
        return IntStream.range(0, count).parallel().mapToObj(i -> image(split, i)).toList();
    }
}
