package org.mmdet4j.evaluation.widerface;

import java.nio.file.Path;

/**
 * The predictions of one image as a prediction file gives them: {@code boxes} holds five values
 * per face, {@code x, y, w, h, score} (top-left corner, size in pixels), in file order, which is
 * the order the official evaluation matches them in.
 *
 * @param event the event folder the file is in ({@code 0--Parade})
 * @param name  the image name on the file's first line ({@code 0_Parade_marchingband_1_465.jpg})
 * @param file  the file read, for messages; null for predictions made in memory
 */
public record WiderImagePredictions(String event, String name, Path file, double[] boxes) {
    public static final int VALUES = 5;

    public WiderImagePredictions {
        if (boxes.length % VALUES != 0) {
            throw new IllegalArgumentException("predictions need 5 values each (x, y, w, h, score), got "
                    + boxes.length);
        }
    }

    public int size() {
        return boxes.length / VALUES;
    }

    public double score(int i) {
        return boxes[VALUES * i + 4];
    }

    /** The same predictions with other scores (one per prediction). */
    WiderImagePredictions withScores(double[] scores) {
        double[] b = boxes.clone();
        for (int i = 0; i < scores.length; i++) {
            b[VALUES * i + 4] = scores[i];
        }
        return new WiderImagePredictions(event, name, file, b);
    }
}
