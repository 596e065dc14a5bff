package org.mmdet4j.data.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mmdet4j.data.sample.InstanceMasks;
import org.mmdet4j.data.sample.Keypoints;

/**
 * A collated batch, ready to hand to native code as primitive arrays plus shapes:
 * {@code images} is float32 NCHW of shape {@link #shape()}, each image at the top-left of its
 * slot and zero-padded to the batch's largest image (rounded up to the size divisor). Per
 * image: its metas and its ground truth (boxes as 4 floats per box in the padded frame's
 * coordinates, labels as longs), or empty lists when {@code Collect} did not ask for them.
 * {@code gtKeypoints} holds each image's landmarks (null entries for images without), or is
 * empty when the batch has none.
 */
public final class Batch {
    public final float[] images;
    public final int n;
    public final int channels;
    public final int height;
    public final int width;
    public final List<ImageMeta> metas;
    public final List<float[]> gtBboxes;
    public final List<long[]> gtLabels;
    public final List<float[]> gtBboxesIgnore;
    public final List<InstanceMasks> gtMasks;
    public final List<Keypoints> gtKeypoints;
    /** Dataset index of each image, in batch order. */
    public final int[] indices;

    public Batch(float[] images, int n, int channels, int height, int width, List<ImageMeta> metas,
                 List<float[]> gtBboxes, List<long[]> gtLabels, List<float[]> gtBboxesIgnore,
                 List<InstanceMasks> gtMasks, int[] indices) {
        this(images, n, channels, height, width, metas, gtBboxes, gtLabels, gtBboxesIgnore, gtMasks, List.of(),
                indices);
    }

    public Batch(float[] images, int n, int channels, int height, int width, List<ImageMeta> metas,
                 List<float[]> gtBboxes, List<long[]> gtLabels, List<float[]> gtBboxesIgnore,
                 List<InstanceMasks> gtMasks, List<Keypoints> gtKeypoints, int[] indices) {
        if ((long) n * channels * height * width != images.length) {
            throw new IllegalArgumentException("image buffer length does not match its shape");
        }
        this.images = images;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.metas = List.copyOf(metas);
        this.gtBboxes = List.copyOf(gtBboxes);
        this.gtLabels = List.copyOf(gtLabels);
        this.gtBboxesIgnore = List.copyOf(gtBboxesIgnore);
        this.gtMasks = List.copyOf(gtMasks);
        // Null entries stand for images without landmarks, which List.copyOf refuses.
        this.gtKeypoints = Collections.unmodifiableList(new ArrayList<>(gtKeypoints));
        this.indices = indices.clone();
    }

    /** (N, C, H, W), the shape of {@link #images}. */
    public long[] shape() {
        return new long[] {n, channels, height, width};
    }

    /** Value at (i, c, y, x). */
    public float at(int i, int c, int y, int x) {
        return images[((i * channels + c) * height + y) * width + x];
    }
}
