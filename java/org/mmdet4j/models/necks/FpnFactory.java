package org.mmdet4j.models.necks;

import java.util.Map;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.NativeOptions;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/** FPN with mmdetection v2's keys; add_extra_convs=True means 'on_input'. */
@Register(registry = RegistryNames.NECKS, name = "FPN")
public final class FpnFactory implements ComponentFactory<NativeOptions> {
    private static final Schema SCHEMA = Schema.builder()
            .required("in_channels", ParamType.INT_LIST)
            .required("out_channels", ParamType.INT)
            .required("num_outs", ParamType.INT)
            .optional("start_level", ParamType.INT, 0)
            .optional("end_level", ParamType.INT, -1)
            .choice("add_extra_convs", false, false, true, "on_input", "on_lateral", "on_output")
            .optional("relu_before_extra_convs", ParamType.BOOL, false)
            .optional("no_norm_on_lateral", ParamType.BOOL, false)
            .nullable("conv_cfg", ParamType.DICT)
            .nullable("norm_cfg", ParamType.DICT)
            .nullable("act_cfg", ParamType.DICT)
            .optional("upsample_cfg", ParamType.DICT, Map.of("mode", "nearest"))
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        for (String key : new String[] {"conv_cfg", "norm_cfg", "act_cfg"}) {
            if (!args.isNull(key)) {
                throw new ConfigException(args.pathOf(key) + ": only None is supported natively");
            }
        }
        if (!"nearest".equals(args.getDict("upsample_cfg").getString("mode", "nearest"))) {
            throw new ConfigException(args.pathOf("upsample_cfg") + ".mode: only 'nearest' is supported");
        }
        return new NativeOptions()
                .put("type", "FPN")
                .put("in_channels", args.getIntList("in_channels"))
                .put("out_channels", args.getInt("out_channels"))
                .put("num_outs", args.getInt("num_outs"))
                .put("start_level", args.getInt("start_level"))
                .put("end_level", args.getInt("end_level"))
                .put("add_extra_convs", args.get("add_extra_convs"))
                .put("relu_before_extra_convs", args.getBool("relu_before_extra_convs"));
    }
}
