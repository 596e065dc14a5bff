package org.mmdet4j.data.datasets;

/**
 * The behaviour switches of mmdetection's {@code CustomDataset}, plus {@code skipInvalid}:
 * when true, images with an invalid annotation and images that cannot be read are skipped with
 * a warning naming each and a count, until more than {@code maxSkipRatio} of the images have
 * been skipped; when false (the default) the first one stops the run with a message naming it.
 *
 * @param minSize      images whose shorter side is below this are left out in training
 *                     (upstream's {@code _filter_imgs(min_size=32)})
 * @param maxSkipRatio with {@code skipInvalid}, the largest fraction of the images that may be
 *                     skipped before loading fails
 */
public record DatasetOptions(boolean testMode, boolean filterEmptyGt, int minSize, boolean skipInvalid,
                             double maxSkipRatio) {
    /** The default {@code max_skip_ratio}: one image in ten. */
    public static final double DEFAULT_MAX_SKIP_RATIO = 0.1;

    public DatasetOptions {
        if (!(maxSkipRatio >= 0 && maxSkipRatio <= 1)) {
            throw new IllegalArgumentException("max_skip_ratio must be between 0 and 1, got " + maxSkipRatio);
        }
    }

    public DatasetOptions(boolean testMode, boolean filterEmptyGt, int minSize, boolean skipInvalid) {
        this(testMode, filterEmptyGt, minSize, skipInvalid, DEFAULT_MAX_SKIP_RATIO);
    }

    public static DatasetOptions train() {
        return new DatasetOptions(false, true, 32, false);
    }

    public static DatasetOptions test() {
        return new DatasetOptions(true, false, 32, false);
    }

    public DatasetOptions withSkipInvalid(boolean skip) {
        return new DatasetOptions(testMode, filterEmptyGt, minSize, skip, maxSkipRatio);
    }
}
