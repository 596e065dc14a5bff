package org.mmdet4j.models.detectors;

import java.util.Map;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.Schema;

/**
 * The {@code nms} dict of a test_cfg ({@code dict(type='nms', iou_threshold=0.5)}), checked
 * strictly: the native heads run plain NMS, so another type (soft_nms) or an unknown key is a
 * config error naming its path rather than a silently different post-processing.
 */
final class NmsSettings {
    /** What an nms dict gave: its IoU threshold, or null when it gave none. */
    private record Given(Double iouThreshold) {
    }

    private static final Registry<Given> NMS = new Registry<>("nms", Given.class);

    static {
        NMS.register("nms", ComponentFactory.of(Schema.builder()
                .nullable("iou_threshold", ParamType.FLOAT)
                .nullable("iou_thr", ParamType.FLOAT)  // mmdetection v1's spelling
                .build(), args -> new Given(agree(nullableDouble(args, "iou_threshold"),
                        nullableDouble(args, "iou_thr"), args.pathOf("iou_threshold"), "iou_thr"))));
    }

    private NmsSettings() {
    }

    /**
     * The IoU threshold of {@code nms} (a dict, or null when absent) at {@code path}; it must
     * agree with {@code legacyNmsThr}, the {@code nms_thr} of mmdetection v2.0's RPN settings
     * (null when absent). {@code fallback} when neither gives one.
     */
    static double iouThreshold(Object nms, Double legacyNmsThr, String path, double fallback) {
        Double fromDict = nms == null ? null
                : NMS.build(nms, Map.of("type", "nms"), path, Given.class).iouThreshold();
        Double iou = agree(fromDict, legacyNmsThr, path + ".iou_threshold", "nms_thr");
        return iou != null ? iou : fallback;
    }

    /**
     * The one value that two spellings of a setting give (either may be null); an error at
     * {@code path} when both are given and differ, as mmdetection asserts.
     */
    static <T> T agree(T value, T otherSpelling, String path, String otherKey) {
        if (value != null && otherSpelling != null && !value.equals(otherSpelling)) {
            throw ConfigException.atPath(path, "disagrees with " + otherKey + " (" + value + " vs " + otherSpelling
                    + "); they are two spellings of one setting, keep one");
        }
        return value != null ? value : otherSpelling;
    }

    /** A FLOAT key that may be None. */
    private static Double nullableDouble(Args args, String key) {
        return args.isNull(key) ? null : args.getDouble(key);
    }
}
