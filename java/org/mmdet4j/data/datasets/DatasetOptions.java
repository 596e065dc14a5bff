package org.mmdet4j.data.datasets;

/**
 * The behaviour switches of mmdetection's {@code CustomDataset}, plus {@code skipInvalid}:
 * when true, invalid annotation entries and unreadable images are skipped with a warning and
 * a count; when false (the default) the first one stops the run with a message naming it.
 *
 * @param minSize images whose shorter side is below this are left out in training (upstream's
 *                {@code _filter_imgs(min_size=32)})
 */
public record DatasetOptions(boolean testMode, boolean filterEmptyGt, int minSize, boolean skipInvalid) {
    public static DatasetOptions train() {
        return new DatasetOptions(false, true, 32, false);
    }

    public static DatasetOptions test() {
        return new DatasetOptions(true, false, 32, false);
    }

    public DatasetOptions withSkipInvalid(boolean skip) {
        return new DatasetOptions(testMode, filterEmptyGt, minSize, skip);
    }
}
