package org.mmdet4j.data.faces;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.mmdet4j.data.loader.Seeds;
import org.mmdet4j.data.shapes.JpegEncoder;

/**
 * The generated faces dataset: deterministic images of drawn faces (skin ellipse, eyes, nose,
 * mouth, hair and body) among face-like distractors, annotated with WIDER FACE's boxes and
 * attributes and RetinaFace's five landmarks. Image {@code i} of a split depends only on (seed,
 * split, i), so images are generated in parallel and the output is byte-identical for a seed.
 * Each side is 256 to 480 pixels (multiples of 16), chosen independently.
 */
public final class FacesGenerator {
    private static final int MIN_SIDE = 256;
    private static final int SIDE_STEPS = 15;

    private final long seed;

    public FacesGenerator(long seed) {
        this.seed = seed;
    }

    public FacesImage image(String split, int index) {
        // A different stream from the shapes generator's for the same (seed, split, index).
        Random rng = new Random(Seeds.derive(seed ^ 0x46414345L, split.hashCode(), index));
        int w = MIN_SIDE + 16 * rng.nextInt(SIDE_STEPS);
        int h = MIN_SIDE + 16 * rng.nextInt(SIDE_STEPS);
        FaceEvent event = FaceEvent.of(index);
        FacesRenderer.Rendered r = FacesRenderer.render(w, h, event, rng);
        byte[] jpeg = JpegEncoder.encode(r.bgr(), w, h);
        return new FacesImage(event, fileName(event, split, index), w, h, jpeg, r.faces());
    }

    /** WIDER-like names: {@code 1_Crowd_train_000005.jpg}. */
    public static String fileName(FaceEvent event, String split, int index) {
        return String.format("%s_%s_%06d.jpg", event.prefix(), split, index);
    }

    /** All images of a split, generated in parallel, returned in index order. */
    public List<FacesImage> split(String split, int count) {
        return IntStream.range(0, count).parallel().mapToObj(i -> image(split, i)).toList();
    }
}
