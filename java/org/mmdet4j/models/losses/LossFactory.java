package org.mmdet4j.models.losses;

import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * The native losses with mmdetection's keys: FocalLoss (sigmoid only), L1Loss, SmoothL1Loss,
 * GIoULoss and CrossEntropyLoss (sigmoid, softmax or per-class mask, without class weights).
 */
@Register(registry = RegistryNames.LOSSES, name = "FocalLoss")
@Register(registry = RegistryNames.LOSSES, name = "L1Loss")
@Register(registry = RegistryNames.LOSSES, name = "SmoothL1Loss")
@Register(registry = RegistryNames.LOSSES, name = "GIoULoss")
@Register(registry = RegistryNames.LOSSES, name = "CrossEntropyLoss")
public final class LossFactory implements ComponentFactory<NativeOptions> {
    // One schema for the family: each loss checks below that it was not given another's keys.
    private static final Schema SCHEMA = Schema.builder()
            .choice("reduction", "mean", "none", "mean", "sum")
            .optional("loss_weight", ParamType.FLOAT, 1.0)
            .nullable("use_sigmoid", ParamType.BOOL)
            .nullable("gamma", ParamType.FLOAT)
            .nullable("alpha", ParamType.FLOAT)
            .nullable("beta", ParamType.FLOAT)
            .nullable("eps", ParamType.FLOAT)
            .optional("use_mask", ParamType.BOOL, false)
            .nullable("class_weight", ParamType.FLOAT_LIST)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        String type = args.typeName();
        NativeOptions o = new NativeOptions()
                .put("type", type)
                .put("reduction", args.getString("reduction"))
                .put("loss_weight", args.getDouble("loss_weight"));
        switch (type) {
            case "FocalLoss" -> {
                only(args, "use_sigmoid", "gamma", "alpha");
                if (!args.isNull("use_sigmoid") && !args.getBool("use_sigmoid")) {
                    throw new ConfigException(args.pathOf("use_sigmoid") + ": FocalLoss supports use_sigmoid=True only");
                }
                o.put("use_sigmoid", true)
                        .put("gamma", args.isNull("gamma") ? 2.0 : args.getDouble("gamma"))
                        .put("alpha", args.isNull("alpha") ? 0.25 : args.getDouble("alpha"));
            }
            case "SmoothL1Loss" -> {
                only(args, "beta");
                o.put("beta", args.isNull("beta") ? 1.0 : args.getDouble("beta"));
            }
            case "GIoULoss" -> {
                only(args, "eps");
                o.put("eps", args.isNull("eps") ? 1e-6 : args.getDouble("eps"));
            }
            case "CrossEntropyLoss" -> {
                only(args, "use_sigmoid", "use_mask", "class_weight");
                if (!args.isNull("class_weight")) {
                    throw new ConfigException(args.pathOf("class_weight") + ": not supported natively");
                }
                boolean sigmoid = !args.isNull("use_sigmoid") && args.getBool("use_sigmoid");
                boolean mask = args.getBool("use_mask");
                if (sigmoid && mask) {
                    // mmdetection asserts the same: the two select different loss functions.
                    throw new ConfigException(args.path() + ": use_sigmoid and use_mask cannot both be True");
                }
                o.put("use_sigmoid", sigmoid).put("use_mask", mask);
            }
            default -> only(args);
        }
        return o;
    }

    /** Rejects the family keys that this loss does not take. */
    private static void only(Args args, String... allowed) {
        java.util.Set<String> ok = java.util.Set.of(allowed);
        for (String key : new String[] {"use_sigmoid", "gamma", "alpha", "beta", "eps", "class_weight"}) {
            if (!ok.contains(key) && !args.isNull(key)) {
                throw new ConfigException(args.pathOf(key) + ": unknown key for " + args.typeName());
            }
        }
        // use_mask has a default (False) rather than None: only a True is out of place.
        if (!ok.contains("use_mask") && args.getBool("use_mask")) {
            throw new ConfigException(args.pathOf("use_mask") + ": unknown key for " + args.typeName());
        }
    }
}
