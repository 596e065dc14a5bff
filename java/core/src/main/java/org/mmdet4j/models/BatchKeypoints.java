package org.mmdet4j.models;

import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.sample.Keypoints;

/**
 * The landmarks of a batch's ground truth as one (G, K, 3) array in the order of the batch's
 * boxes, for the native {@code gt_keypoints}. An image without landmarks contributes invisible
 * points, so that its faces still train the boxes and scores.
 */
record BatchKeypoints(float[] values, int pointsPerInstance) {
    /** Null when no image of the batch has landmarks. */
    static BatchKeypoints of(Batch b, long[] boxesPerImage) {
        int points = 0;
        for (Keypoints k : b.gtKeypoints) {
            if (k != null) {
                if (points != 0 && k.pointsPerInstance() != points) {
                    throw new IllegalArgumentException("images of one batch have " + points + " and "
                            + k.pointsPerInstance() + " landmarks per instance");
                }
                points = k.pointsPerInstance();
            }
        }
        if (points == 0) {
            return null;
        }
        long total = 0;
        for (long c : boxesPerImage) {
            total += c;
        }
        int stride = points * Keypoints.VALUES_PER_POINT;
        float[] values = new float[Math.toIntExact(total * stride)];
        int at = 0;
        for (int i = 0; i < b.n; i++) {
            int count = Math.toIntExact(boxesPerImage[i]);
            Keypoints k = i < b.gtKeypoints.size() ? b.gtKeypoints.get(i) : null;
            if (k != null) {
                if (k.count() != count) {
                    throw new IllegalArgumentException("image " + i + " of the batch has " + count + " boxes but "
                            + k.count() + " keypoint sets");
                }
                System.arraycopy(k.values(), 0, values, at, count * stride);
            }
            at += count * stride;
        }
        return new BatchKeypoints(values, points);
    }
}
