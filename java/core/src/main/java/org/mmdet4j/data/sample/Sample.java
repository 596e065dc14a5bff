package org.mmdet4j.data.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmdet4j.data.image.Image;

/**
 * The state one image carries through the transform pipeline: mmdetection's {@code results}
 * dict with typed fields. Shapes are (h, w, c) like numpy's; boxes are {@code (x1, y1, x2, y2)}
 * with 4 floats per box. {@code scaleFactor} is {@code (w_scale, h_scale, w_scale, h_scale)}
 * from the original image to {@code img}: dividing predicted boxes by it maps them back.
 * Transforms replace fields rather than mutating arrays they did not create, so a
 * {@link DataInfo} shared by many epochs is never changed.
 */
public final class Sample {
    /** Position of the image in its dataset. */
    public final int index;
    public final DataInfo info;
    public final String imgPrefix;

    public String filename;
    public String oriFilename;
    public Image img;
    public int[] oriShape;
    public int[] imgShape;
    public int[] padShape;
    public float[] scaleFactor;
    public boolean keepRatio;
    /** The target (w, h) chosen by {@code Resize}, or preset by test-time augmentation. */
    public int[] scale;
    /** Null until {@code RandomFlip} decides, or preset by test-time augmentation. */
    public Boolean flip;
    public FlipDirection flipDirection;
    public float[] gtBboxes;
    public long[] gtLabels;
    public float[] gtBboxesIgnore;
    public InstanceMasks gtMasks;
    /** Landmarks of the ground-truth boxes, in their order; null for data without landmarks. */
    public Keypoints gtKeypoints;
    public NormConfig imgNormCfg;
    public Integer padSizeDivisor;
    public int[] padFixedSize;
    /** Set by {@code DefaultFormatBundle}: the image is now CHW float, ready for collation. */
    public boolean formatted;
    /** Set by {@code Collect}: the names kept for the model and for {@code img_metas}. */
    public java.util.List<String> keys;
    public java.util.List<String> metaKeys;
    /** Free-form values for transforms outside this package. */
    public final Map<String, Object> extras = new LinkedHashMap<>();

    public Sample(int index, DataInfo info, String imgPrefix) {
        this.index = index;
        this.info = info;
        this.imgPrefix = imgPrefix;
    }

    /** Number of ground-truth boxes currently held. */
    public int numGt() {
        return gtBboxes == null ? 0 : gtBboxes.length / 4;
    }

    /** The meta values mmdetection's {@code Collect} can put into {@code img_metas}, by name. */
    public Object meta(String key) {
        return switch (key) {
            case "filename" -> filename;
            case "ori_filename" -> oriFilename;
            case "ori_shape" -> oriShape;
            case "img_shape" -> imgShape;
            case "pad_shape" -> padShape;
            case "scale_factor" -> scaleFactor;
            case "flip" -> flip;
            case "flip_direction" -> flipDirection == null ? null : flipDirection.configName();
            case "img_norm_cfg" -> imgNormCfg;
            case "keep_ratio" -> keepRatio;
            case "pad_size_divisor" -> padSizeDivisor;
            default -> {
                if (!extras.containsKey(key)) {
                    throw new IllegalArgumentException("unknown meta key '" + key + "' for image " + filename);
                }
                yield extras.get(key);
            }
        };
    }
}
