package org.mmdet4j.data.sample;

/**
 * One entry of mmdetection's "middle format": an image (path relative to the dataset's
 * {@code img_prefix}, its size, its id in the source file) and its annotations.
 */
public record DataInfo(String id, String filename, int width, int height, Annotations ann) {
}
