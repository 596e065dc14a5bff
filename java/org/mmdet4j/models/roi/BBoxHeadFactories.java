package org.mmdet4j.models.roi;

import java.util.List;
import java.util.Map;
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
 * The ConvFC family of RoI box heads (mmdetection v2's {@code ConvFCBBoxHead} over
 * {@code BBoxHead}): shared convs and fcs, then separate classification and regression branches.
 * {@code Shared2FCBBoxHead} and {@code Shared4Conv1FCBBoxHead} fix the layer counts, so, as in
 * mmdetection, their configs cannot give them.
 */
public final class BBoxHeadFactories {
    /** The layer-count keys, in the order the native options list them. */
    private static final List<String> LAYER_COUNTS = List.of("num_shared_convs", "num_shared_fcs", "num_cls_convs",
            "num_cls_fcs", "num_reg_convs", "num_reg_fcs");
    private static final List<String> LOSS_BBOX_TYPES = List.of("L1Loss", "SmoothL1Loss", "GIoULoss");

    private BBoxHeadFactories() {
    }

    /** {@code ConvFCBBoxHead}: every layer count is a config key (default 0). */
    @Register(registry = RegistryNames.HEADS, name = "ConvFCBBoxHead")
    public static final class ConvFC implements ComponentFactory<NativeOptions> {
        private static final Schema SCHEMA = withLayerCounts(common()).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public NativeOptions create(Args args) {
            int[] counts = LAYER_COUNTS.stream().mapToInt(args::getInt).toArray();
            return options(args, counts);
        }
    }

    /**
     * {@code Shared2FCBBoxHead} (two shared fcs: Faster and Mask R-CNN) and
     * {@code Shared4Conv1FCBBoxHead} (four shared convs, one shared fc).
     */
    @Register(registry = RegistryNames.HEADS, name = "Shared2FCBBoxHead")
    @Register(registry = RegistryNames.HEADS, name = "Shared4Conv1FCBBoxHead")
    public static final class SharedFixed implements ComponentFactory<NativeOptions> {
        private static final Schema SCHEMA = common().build();
        /** Layer counts by type, in LAYER_COUNTS order. */
        private static final Map<String, int[]> COUNTS = Map.of(
                "Shared2FCBBoxHead", new int[] {0, 2, 0, 0, 0, 0},
                "Shared4Conv1FCBBoxHead", new int[] {4, 1, 0, 0, 0, 0});

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public NativeOptions create(Args args) {
            return options(args, COUNTS.get(args.typeName()));
        }
    }

    /** BBoxHead's and ConvFCBBoxHead's keys with mmdetection v2's defaults. */
    private static Schema.Builder common() {
        return Schema.builder()
                .optional("with_avg_pool", ParamType.BOOL, false)
                .optional("roi_feat_size", ParamType.INT, 7)
                .optional("in_channels", ParamType.INT, 256)
                .optional("num_classes", ParamType.INT, 80)
                .optionalComponent("bbox_coder", Registries.BBOX_CODERS, Map.of("type", "DeltaXYWHBBoxCoder",
                        "clip_border", true, "target_means", List.of(0.0, 0.0, 0.0, 0.0),
                        "target_stds", List.of(0.1, 0.1, 0.2, 0.2)))
                .optional("reg_class_agnostic", ParamType.BOOL, false)
                .optional("reg_decoded_bbox", ParamType.BOOL, false)
                .optionalComponent("loss_cls", Registries.LOSSES, Map.of("type", "CrossEntropyLoss",
                        "use_sigmoid", false, "loss_weight", 1.0))
                .optionalComponent("loss_bbox", Registries.LOSSES, Map.of("type", "SmoothL1Loss", "beta", 1.0,
                        "loss_weight", 1.0))
                .optional("conv_out_channels", ParamType.INT, 256)
                .optional("fc_out_channels", ParamType.INT, 1024)
                .nullable("conv_cfg", ParamType.DICT)
                .nullable("norm_cfg", ParamType.DICT)
                .nullable("init_cfg", ParamType.DICT);
    }

    private static Schema.Builder withLayerCounts(Schema.Builder b) {
        LAYER_COUNTS.forEach(key -> b.optional(key, ParamType.INT, 0));
        return b;
    }

    private static NativeOptions options(Args args, int[] counts) {
        for (String key : new String[] {"conv_cfg", "norm_cfg"}) {
            if (!args.isNull(key)) {
                throw ConfigException.atPath(args.pathOf(key), "only None is supported natively so far, got "
                        + args.getDict(key));
            }
        }
        positive(args, "num_classes", "in_channels", "roi_feat_size", "conv_out_channels", "fc_out_channels");
        checkLayerCounts(args, counts);
        NativeOptions cls = args.getComponent("loss_cls", NativeOptions.class);
        if (!"CrossEntropyLoss".equals(cls.get("type")) || !"false".equals(cls.get("use_sigmoid"))
                || !"false".equals(cls.get("use_mask"))) {
            throw ConfigException.atPath(args.pathOf("loss_cls"), "the RoI box head needs a softmax "
                    + "CrossEntropyLoss (use_sigmoid=False), got " + cls.get("type"));
        }
        NativeOptions box = args.getComponent("loss_bbox", NativeOptions.class);
        if (!LOSS_BBOX_TYPES.contains(box.get("type"))) {
            throw ConfigException.atPath(args.pathOf("loss_bbox"), "expected one of " + LOSS_BBOX_TYPES + ", got "
                    + box.get("type"));
        }
        if ("GIoULoss".equals(box.get("type")) && !args.getBool("reg_decoded_bbox")) {
            // An IoU loss compares boxes; on encoded deltas it would train silently wrong.
            throw ConfigException.atPath(args.pathOf("reg_decoded_bbox"), "GIoULoss needs reg_decoded_bbox=True");
        }
        NativeOptions o = new NativeOptions().put("type", args.typeName());
        for (int i = 0; i < counts.length; i++) {
            o.put(LAYER_COUNTS.get(i), counts[i]);
        }
        return o.put("conv_out_channels", args.getInt("conv_out_channels"))
                .put("fc_out_channels", args.getInt("fc_out_channels"))
                .put("in_channels", args.getInt("in_channels"))
                .put("roi_feat_size", args.getInt("roi_feat_size"))
                .put("num_classes", args.getInt("num_classes"))
                .put("reg_class_agnostic", args.getBool("reg_class_agnostic"))
                .put("reg_decoded_bbox", args.getBool("reg_decoded_bbox"))
                .put("with_avg_pool", args.getBool("with_avg_pool"))
                .nest("bbox_coder", args.getComponent("bbox_coder", NativeOptions.class))
                .nest("loss_cls", cls)
                .nest("loss_bbox", box);
    }

    /** mmdetection's asserts on the layer counts, as config errors. */
    private static void checkLayerCounts(Args args, int[] counts) {
        int total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw ConfigException.atPath(args.pathOf(LAYER_COUNTS.get(i)), "must be >= 0, got " + counts[i]);
            }
            total += counts[i];
        }
        if (total == 0) {
            throw ConfigException.atPath(args.path(), "a ConvFCBBoxHead needs at least one conv or fc layer");
        }
        // Branch convs after shared fcs would need the flat features reshaped back into maps.
        if ((counts[2] > 0 || counts[4] > 0) && counts[1] > 0) {
            throw ConfigException.atPath(args.pathOf("num_shared_fcs"), "must be 0 when num_cls_convs or "
                    + "num_reg_convs is positive");
        }
    }

    static void positive(Args args, String... keys) {
        for (String key : keys) {
            if (args.getInt(key) <= 0) {
                throw ConfigException.atPath(args.pathOf(key), "must be positive, got " + args.getInt(key));
            }
        }
    }
}
