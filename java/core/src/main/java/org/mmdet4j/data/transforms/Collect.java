package org.mmdet4j.data.transforms;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.mmdet4j.data.sample.Sample;

/**
 * mmdetection's {@code Collect}: names the data the model receives ({@code keys}, e.g. img,
 * gt_bboxes, gt_labels) and the values copied into {@code img_metas} ({@code meta_keys}).
 * Unknown keys are rejected when the pipeline is built, not at the first sample.
 */
public final class Collect implements Transform {
    public static final List<String> DEFAULT_META_KEYS = List.of("filename", "ori_filename", "ori_shape",
            "img_shape", "pad_shape", "scale_factor", "flip", "flip_direction", "img_norm_cfg");
    private static final List<String> DATA_KEY_ORDER = List.of("img", "gt_bboxes", "gt_labels", "gt_bboxes_ignore",
            "gt_masks", "gt_keypoints");
    private static final Set<String> DATA_KEYS = Set.copyOf(DATA_KEY_ORDER);

    private final List<String> keys;
    private final List<String> metaKeys;

    public Collect(List<String> keys, List<String> metaKeys) {
        for (String k : keys) {
            if (!DATA_KEYS.contains(k)) {
                throw new IllegalArgumentException("Collect: unknown key '" + k + "'; known keys: "
                        + String.join(", ", DATA_KEY_ORDER));
            }
        }
        this.keys = List.copyOf(keys);
        this.metaKeys = List.copyOf(metaKeys);
    }

    public Collect(List<String> keys) {
        this(keys, DEFAULT_META_KEYS);
    }

    @Override
    public Sample apply(Sample s, Random rng) {
        for (String k : metaKeys) {
            s.meta(k); // fails early, naming the key and the image, when a meta is unknown
        }
        s.keys = keys;
        s.metaKeys = metaKeys;
        return s;
    }
}
