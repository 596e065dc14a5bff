package org.mmdet4j.data.faces;

/**
 * The events (WIDER FACE's scene folders, named {@code N--Name}) of the generated dataset; each
 * sets how many faces an image holds, how large they are and how often they are occluded or
 * blurred, so the splits span WIDER's easy-to-hard range. Image {@code i} of a split belongs to
 * event {@code i mod 4}, so even a few images cover every event.
 *
 * <p>Per event: {@code minFaces} and {@code maxFaces}, the fewest faces placed (fewer when no free
 * place is found) and the most; {@code minHeight}, the smallest face height in pixels (under 6 px a
 * face is invalid); {@code maxHeightFrac}, the largest face height as a fraction of the image's
 * shorter side; {@code maxOverlap}, the largest share of the smaller of two face boxes that may
 * overlap the other; {@code occludedProb}, the probability that a face gets an occluding rectangle;
 * {@code blurProbs}, the probabilities of blur levels 1 and 2.
 */
public enum FaceEvent {
    GENERATED(0, "Generated", 1, 8, 10, 0.5, 0.25, 0.15, new double[] {0.15, 0.05}),
    CROWD(1, "Crowd", 8, 24, 4, 1 / 6.0, 0.3, 0.2, new double[] {0.25, 0.15}),
    PORTRAIT(2, "Portrait", 1, 2, 60, 0.5, 0.1, 0.1, new double[] {0.15, 0.05}),
    OCCLUSION(3, "Occlusion", 1, 6, 16, 0.4, 0.3, 0.6, new double[] {0.2, 0.1});

    private final int id;
    private final String title;
    final int minFaces;
    final int maxFaces;
    final double minHeight;
    final double maxHeightFrac;
    final double maxOverlap;
    final double occludedProb;
    final double[] blurProbs;

    FaceEvent(int id, String title, int minFaces, int maxFaces, double minHeight, double maxHeightFrac,
              double maxOverlap, double occludedProb, double[] blurProbs) {
        this.id = id;
        this.title = title;
        this.minFaces = minFaces;
        this.maxFaces = maxFaces;
        this.minHeight = minHeight;
        this.maxHeightFrac = maxHeightFrac;
        this.maxOverlap = maxOverlap;
        this.occludedProb = occludedProb;
        this.blurProbs = blurProbs;
    }

    /** The event of image {@code index} of a split. */
    public static FaceEvent of(int index) {
        return values()[index % values().length];
    }

    /** The folder name, as WIDER's {@code 0--Parade}. */
    public String folder() {
        return id + "--" + title;
    }

    /** The file-name prefix, as WIDER's {@code 0_Parade_}. */
    public String prefix() {
        return id + "_" + title;
    }
}
