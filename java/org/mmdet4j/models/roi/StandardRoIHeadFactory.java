package org.mmdet4j.models.roi;

import java.util.List;
import java.util.Objects;
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
 * StandardRoIHead: a box branch (RoI extractor + box head) and optionally a mask branch. Without a
 * {@code mask_roi_extractor} the mask branch pools with the box branch's extractor, as
 * mmdetection's {@code share_roi_extractor}. The head's train_cfg and test_cfg are the detector's
 * {@code train_cfg.rcnn} and {@code test_cfg.rcnn}; mmdetection overwrites any given here.
 */
@Register(registry = RegistryNames.HEADS, name = "StandardRoIHead")
public final class StandardRoIHeadFactory implements ComponentFactory<NativeOptions> {
    private static final List<String> BOX_HEADS = List.of("Shared2FCBBoxHead", "Shared4Conv1FCBBoxHead",
            "ConvFCBBoxHead");
    private static final Schema SCHEMA = Schema.builder()
            .component("bbox_roi_extractor", Registries.ROI_EXTRACTORS)
            .component("bbox_head", Registries.HEADS)
            .optionalComponent("mask_roi_extractor", Registries.ROI_EXTRACTORS, null)
            .optionalComponent("mask_head", Registries.HEADS, null)
            .nullable("shared_head", ParamType.DICT)
            .nullable("train_cfg", ParamType.DICT)
            .nullable("test_cfg", ParamType.DICT)
            .nullable("pretrained", ParamType.STR)
            .nullable("init_cfg", ParamType.DICT)
            .build();

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public NativeOptions create(Args args) {
        if (!args.isNull("shared_head")) {
            throw ConfigException.atPath(args.pathOf("shared_head"), "shared heads (ResNet C4 models) are not "
                    + "supported natively so far");
        }
        for (String key : new String[] {"train_cfg", "test_cfg"}) {
            if (!args.isNull(key)) {
                throw ConfigException.atPath(args.pathOf(key), "give it as the detector's " + key
                        + ".rcnn: mmdetection replaces the RoI head's own with that one");
            }
        }
        NativeOptions boxExtractor = args.getComponent("bbox_roi_extractor", NativeOptions.class);
        NativeOptions boxHead = args.getComponent("bbox_head", NativeOptions.class);
        requireType(args, "bbox_head", boxHead, BOX_HEADS);
        fits(args, "bbox_head", boxHead, "bbox_roi_extractor", boxExtractor);
        NativeOptions o = new NativeOptions()
                .put("type", "StandardRoIHead")
                .nest("bbox_roi_extractor", boxExtractor)
                .nest("bbox_head", boxHead);
        NativeOptions maskHead = args.getComponent("mask_head", NativeOptions.class);
        if (maskHead == null) {
            if (!args.isNull("mask_roi_extractor")) {
                throw ConfigException.atPath(args.pathOf("mask_roi_extractor"), "given without a mask_head");
            }
            return o;
        }
        requireType(args, "mask_head", maskHead, List.of("FCNMaskHead"));
        boolean shared = args.isNull("mask_roi_extractor");
        NativeOptions maskExtractor = shared ? boxExtractor : args.getComponent("mask_roi_extractor",
                NativeOptions.class);
        fits(args, "mask_head", maskHead, shared ? "bbox_roi_extractor" : "mask_roi_extractor", maskExtractor);
        if (!Objects.equals(maskHead.get("num_classes"), boxHead.get("num_classes"))) {
            throw ConfigException.atPath(args.pathOf("mask_head.num_classes"), maskHead.get("num_classes")
                    + " differs from bbox_head.num_classes " + boxHead.get("num_classes"));
        }
        return o.nest("mask_roi_extractor", maskExtractor).nest("mask_head", maskHead);
    }

    private static void requireType(Args args, String key, NativeOptions head, List<String> types) {
        if (!types.contains(head.get("type"))) {
            throw ConfigException.atPath(args.pathOf(key + ".type"), "expected one of " + types + ", got '"
                    + head.get("type") + "'");
        }
    }

    /**
     * An output_size as the extractor pools it: "7" for 7 and for the pair (7, 7); the extractor
     * itself refuses unequal pairs.
     */
    private static String squareSize(String outputSize) {
        String[] sides = outputSize.split(",");
        return sides.length == 2 && sides[0].equals(sides[1]) ? sides[0] : outputSize;
    }

    /** A head must take the features its extractor pools: same size and channels. */
    private static void fits(Args args, String headKey, NativeOptions head, String extractorKey,
                             NativeOptions extractor) {
        String pooled = squareSize(extractor.get("roi_layer.output_size"));
        if (!head.get("roi_feat_size").equals(pooled)) {
            throw ConfigException.atPath(args.pathOf(headKey + ".roi_feat_size"), head.get("roi_feat_size")
                    + " differs from " + extractorKey + ".roi_layer.output_size " + pooled);
        }
        if (!head.get("in_channels").equals(extractor.get("out_channels"))) {
            throw ConfigException.atPath(args.pathOf(headKey + ".in_channels"), head.get("in_channels")
                    + " differs from " + extractorKey + ".out_channels " + extractor.get("out_channels"));
        }
    }
}
