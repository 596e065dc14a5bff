package org.mmdet4j.models.backbones;

import java.util.List;
import java.util.Map;
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
 * ResNet and ResNeXt (mmdetection's keys). ResNeXt adds groups and base_width; its defaults are
 * mmdetection's (groups=1, base_width=4). Pretrained weights come from init_cfg (type Pretrained)
 * or the legacy {@code pretrained} key and are loaded when the detector is built.
 */
@Register(registry = RegistryNames.BACKBONES, name = "ResNet")
@Register(registry = RegistryNames.BACKBONES, name = "ResNeXt")
public final class ResNetFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("depth", ParamType.INT)
            .optional("in_channels", ParamType.INT, 3)
            .optional("stem_channels", ParamType.INT, 64)
            .optional("base_channels", ParamType.INT, 64)
            .optional("num_stages", ParamType.INT, 4)
            .optional("out_indices", ParamType.INT_LIST, List.of(0, 1, 2, 3))
            .choice("style", "pytorch", "pytorch", "caffe")
            .optional("frozen_stages", ParamType.INT, -1)
            .optional("norm_cfg", ParamType.DICT, Map.of("type", "BN", "requires_grad", true))
            .optional("norm_eval", ParamType.BOOL, true)
            .optional("with_cp", ParamType.BOOL, false)
            .optional("zero_init_residual", ParamType.BOOL, true)
            .optional("groups", ParamType.INT, 1)
            .nullable("base_width", ParamType.INT)
            .nullable("pretrained", ParamType.STR)
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        int depth = args.getInt("depth");
        if (!List.of(18, 34, 50, 101, 152).contains(depth)) {
            throw new ConfigException(args.pathOf("depth") + ": invalid depth " + depth
                    + " for ResNet (one of 18, 34, 50, 101, 152)");
        }
        if (args.getInt("stem_channels") != 64 || args.getInt("base_channels") != 64) {
            throw new ConfigException(args.pathOf("base_channels") + ": only 64 stem/base channels are supported");
        }
        ConfigDict norm = args.getDict("norm_cfg");
        if (!"BN".equals(norm.getString("type", "BN"))) {
            throw new ConfigException(args.pathOf("norm_cfg") + ".type: only BN is supported natively, got '"
                    + norm.getString("type") + "'");
        }
        boolean resnext = "ResNeXt".equals(args.typeName());
        int baseWidth = args.isNull("base_width") ? (resnext ? 4 : 64) : args.getInt("base_width");
        NativeOptions o = new NativeOptions()
                .put("type", args.typeName())
                .put("depth", depth)
                .put("in_channels", args.getInt("in_channels"))
                .put("num_stages", args.getInt("num_stages"))
                .put("out_indices", args.getIntList("out_indices"))
                .put("style", args.getString("style"))
                .put("frozen_stages", args.getInt("frozen_stages"))
                .put("norm_cfg.requires_grad", norm.getBool("requires_grad", true))
                .put("norm_eval", args.getBool("norm_eval"))
                .put("groups", args.getInt("groups"))
                .put("base_width", baseWidth);
        String checkpoint = Pretrained.checkpointOf(args);
        return checkpoint == null ? o : o.put("init_cfg.checkpoint", checkpoint);
    }
}
