package org.mmdet4j.models.roi;

import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * FCNMaskHead (Mask R-CNN's mask branch): {@code num_convs} 3x3 convs on the pooled RoI features,
 * a 2x deconv, and a 1x1 conv to one mask per class (one in all with {@code class_agnostic}).
 */
@Register(registry = RegistryNames.HEADS, name = "FCNMaskHead")
public final class FcnMaskHeadFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .optional("num_convs", ParamType.INT, 4)
            .optional("roi_feat_size", ParamType.INT, 14)
            .optional("in_channels", ParamType.INT, 256)
            .optional("conv_kernel_size", ParamType.INT, 3)
            .optional("conv_out_channels", ParamType.INT, 256)
            .optional("num_classes", ParamType.INT, 80)
            .optional("class_agnostic", ParamType.BOOL, false)
            .optional("upsample_cfg", ParamType.DICT, Map.of("type", "deconv", "scale_factor", 2))
            .nullable("conv_cfg", ParamType.DICT)
            .nullable("norm_cfg", ParamType.DICT)
            .optional("predictor_cfg", ParamType.DICT, Map.of("type", "Conv"))
            .optionalComponent("loss_mask", Registries.LOSSES, Map.of("type", "CrossEntropyLoss", "use_mask", true,
                    "loss_weight", 1.0))
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        for (String key : new String[] {"conv_cfg", "norm_cfg"}) {
            if (!args.isNull(key)) {
                throw ConfigException.atPath(args.pathOf(key), "only None is supported natively so far, got "
                        + args.getDict(key));
            }
        }
        if (!"Conv".equals(args.getDict("predictor_cfg").getString("type", "Conv"))
                || args.getDict("predictor_cfg").size() > 1) {
            throw ConfigException.atPath(args.pathOf("predictor_cfg"), "only {type: Conv} is supported, got "
                    + args.getDict("predictor_cfg"));
        }
        BBoxHeadFactories.positive(args, "roi_feat_size", "in_channels", "conv_out_channels", "num_classes");
        if (args.getInt("num_convs") < 0) {
            throw ConfigException.atPath(args.pathOf("num_convs"), "must be >= 0, got " + args.getInt("num_convs"));
        }
        if (args.getInt("conv_kernel_size") <= 0 || args.getInt("conv_kernel_size") % 2 == 0) {
            // An even kernel cannot keep the RoI size with symmetric padding.
            throw ConfigException.atPath(args.pathOf("conv_kernel_size"), "must be a positive odd number, got "
                    + args.getInt("conv_kernel_size"));
        }
        NativeOptions loss = args.getComponent("loss_mask", NativeOptions.class);
        if (!"CrossEntropyLoss".equals(loss.get("type")) || !"true".equals(loss.get("use_mask"))) {
            throw ConfigException.atPath(args.pathOf("loss_mask"), "FCNMaskHead needs CrossEntropyLoss with "
                    + "use_mask=True, got " + loss.get("type") + (loss.get("use_mask") == null ? ""
                    : " with use_mask=" + loss.get("use_mask")));
        }
        return new NativeOptions()
                .put("type", "FCNMaskHead")
                .put("num_convs", args.getInt("num_convs"))
                .put("in_channels", args.getInt("in_channels"))
                .put("conv_kernel_size", args.getInt("conv_kernel_size"))
                .put("conv_out_channels", args.getInt("conv_out_channels"))
                .put("roi_feat_size", args.getInt("roi_feat_size"))
                .put("num_classes", args.getInt("num_classes"))
                .put("class_agnostic", args.getBool("class_agnostic"))
                .put("upsample_cfg.type", "deconv")
                .put("upsample_cfg.scale_factor", deconvScale(args.getDict("upsample_cfg"), args.pathOf("upsample_cfg")))
                .nest("loss_mask", loss);
    }

    /** The scale factor of a deconv upsample_cfg; other upsampling types are not built natively. */
    private static int deconvScale(ConfigDict cfg, String path) {
        for (String key : cfg.keySet()) {
            if (!key.equals("type") && !key.equals("scale_factor")) {
                throw ConfigException.atPath(path + "." + key, "unknown key; upsample_cfg accepts type, scale_factor");
            }
        }
        String type = cfg.getString("type", "deconv");
        if (!"deconv".equals(type)) {
            throw ConfigException.atPath(path + ".type", "only 'deconv' is supported natively, got '" + type + "'");
        }
        int scale = cfg.getInt("scale_factor", 2);
        if (scale <= 0) {
            throw ConfigException.atPath(path + ".scale_factor", "must be positive, got " + scale);
        }
        return scale;
    }
}
