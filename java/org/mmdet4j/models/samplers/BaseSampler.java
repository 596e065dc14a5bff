package org.mmdet4j.models.samplers;

import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Schema;

/**
 * The keys every sampling sampler takes, as mmdetection v2's {@code BaseSampler(num,
 * pos_fraction, neg_pos_ub=-1, add_gt_as_proposals=True)}; each sampler adds its own.
 */
final class BaseSampler {
    private BaseSampler() {
    }

    /** The common keys; the caller adds its own and builds. */
    static Schema.Builder schema() {
        return Schema.builder()
                .required("num", ParamType.INT)
                .required("pos_fraction", ParamType.FLOAT)
                .optional("neg_pos_ub", ParamType.INT, -1)
                .optional("add_gt_as_proposals", ParamType.BOOL, true);
    }

    /** The common options, checked: a sampler that can pick nothing is a config mistake. */
    static NativeOptions options(Args args) {
        if (args.getInt("num") <= 0) {
            throw ConfigException.atPath(args.pathOf("num"), "must be positive, got " + args.getInt("num"));
        }
        double fraction = args.getDouble("pos_fraction");
        if (fraction < 0 || fraction > 1) {
            throw ConfigException.atPath(args.pathOf("pos_fraction"), "must be in [0, 1], got " + fraction);
        }
        int ub = args.getInt("neg_pos_ub");
        if (ub < -1) {
            throw ConfigException.atPath(args.pathOf("neg_pos_ub"), "must be -1 (no bound) or >= 0, got " + ub);
        }
        return new NativeOptions()
                .put("type", args.typeName())
                .put("num", args.getInt("num"))
                .put("pos_fraction", fraction)
                .put("neg_pos_ub", ub)
                .put("add_gt_as_proposals", args.getBool("add_gt_as_proposals"));
    }
}
