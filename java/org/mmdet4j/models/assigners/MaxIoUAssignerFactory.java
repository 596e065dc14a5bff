package org.mmdet4j.models.assigners;

import java.util.List;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * MaxIoUAssigner; neg_iou_thr is a number or a (low, high) pair. ignore_wrt_candidates only
 * matters with ignore_iof_thr > 0, which is refused, as it is in mmdetection without ignored boxes.
 */
@Register(registry = RegistryNames.ASSIGNERS, name = "MaxIoUAssigner")
public final class MaxIoUAssignerFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("pos_iou_thr", ParamType.FLOAT)
            .required("neg_iou_thr", ParamType.ANY)
            .optional("min_pos_iou", ParamType.FLOAT, 0.0)
            .optional("gt_max_assign_all", ParamType.BOOL, true)
            .optional("ignore_iof_thr", ParamType.FLOAT, -1.0)
            .optional("ignore_wrt_candidates", ParamType.BOOL, true)
            .optional("match_low_quality", ParamType.BOOL, true)
            .optional("gpu_assign_thr", ParamType.FLOAT, -1.0)
            .nullable("iou_calculator", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        Object neg = args.get("neg_iou_thr");
        List<?> range = neg instanceof List<?> l ? l : List.of(neg);
        if (range.isEmpty() || range.size() > 2 || !range.stream().allMatch(v -> v instanceof Number)) {
            throw new ConfigException(args.pathOf("neg_iou_thr") + ": expected a number or a (low, high) pair, got "
                    + neg);
        }
        if (args.getDouble("ignore_iof_thr") > 0) {
            // Ignoring anchors that overlap ignored boxes needs gt_bboxes_ignore, which the native
            // detectors are not given: the threshold would silently do nothing.
            throw ConfigException.atPath(args.pathOf("ignore_iof_thr"), "only values <= 0 are supported natively "
                    + "(the detectors are not given gt_bboxes_ignore), got " + args.getDouble("ignore_iof_thr"));
        }
        if (!args.isNull("iou_calculator")) {
            ConfigDict calculator = args.getDict("iou_calculator");
            if (!"BboxOverlaps2D".equals(calculator.getString("type", "")) || calculator.size() > 1) {
                throw ConfigException.atPath(args.pathOf("iou_calculator"), "only {type: BboxOverlaps2D} is "
                        + "supported natively, got " + calculator);
            }
        }
        return new NativeOptions()
                .put("type", "MaxIoUAssigner")
                .put("pos_iou_thr", args.getDouble("pos_iou_thr"))
                .put("neg_iou_thr", range)
                .put("min_pos_iou", args.getDouble("min_pos_iou"))
                .put("gt_max_assign_all", args.getBool("gt_max_assign_all"))
                .put("ignore_iof_thr", args.getDouble("ignore_iof_thr"))
                .put("match_low_quality", args.getBool("match_low_quality"))
                .put("gpu_assign_thr", args.getDouble("gpu_assign_thr"));
    }
}
