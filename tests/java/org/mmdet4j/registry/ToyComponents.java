package org.mmdet4j.registry;

import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigDict;

/**
 * Small stand-ins for a detector's parts, registered in the global registries through
 * {@code tests/resources/META-INF/services/org.mmdet4j.registry.ComponentFactory}. Their names
 * start with "Toy" so they never collide with the real components.
 */
public final class ToyComponents {
    private ToyComponents() {
    }

    public record Backbone(int depth, int numStages, List<Integer> outIndices, String style, ConfigDict normCfg) {
    }

    public record Neck(List<Integer> inChannels, int outChannels, int numOuts, Object addExtraConvs) {
    }

    public record Loss(String kind, double lossWeight) {
    }

    public record Head(int numClasses, int inChannels, Loss lossCls, Loss lossBbox) {
    }

    public record Detector(Backbone backbone, Neck neck, Head head, ConfigDict trainCfg, ConfigDict testCfg) {
    }

    @Register(registry = RegistryNames.BACKBONES, name = "ToyResNet")
    public static final class BackboneFactory implements ComponentFactory<Backbone> {
        private static final Schema SCHEMA = Schema.builder()
                .required("depth", ParamType.INT)
                .optional("num_stages", ParamType.INT, 4)
                .optional("out_indices", ParamType.INT_LIST, List.of(0, 1, 2, 3))
                .choice("style", "pytorch", "pytorch", "caffe")
                .optional("norm_cfg", ParamType.DICT, Map.of("type", "BN", "requires_grad", true))
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Backbone create(Args args) {
            if (!List.of(18, 34, 50, 101, 152).contains(args.getInt("depth"))) {
                throw new IllegalArgumentException("invalid depth " + args.getInt("depth"));
            }
            return new Backbone(args.getInt("depth"), args.getInt("num_stages"), args.getIntList("out_indices"),
                    args.getString("style"), args.getDict("norm_cfg"));
        }
    }

    @Register(registry = RegistryNames.NECKS, name = "ToyFPN")
    public static final class NeckFactory implements ComponentFactory<Neck> {
        private static final Schema SCHEMA = Schema.builder()
                .required("in_channels", ParamType.INT_LIST)
                .required("out_channels", ParamType.INT)
                .required("num_outs", ParamType.INT)
                .choice("add_extra_convs", false, false, true, "on_input", "on_lateral", "on_output")
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Neck create(Args args) {
            return new Neck(args.getIntList("in_channels"), args.getInt("out_channels"), args.getInt("num_outs"),
                    args.get("add_extra_convs"));
        }
    }

    /** One factory under two names, like a loss with an alias. */
    @Register(registry = RegistryNames.LOSSES, name = "ToyFocalLoss")
    @Register(registry = RegistryNames.LOSSES, name = "ToyL1Loss")
    public static final class LossFactory implements ComponentFactory<Loss> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("loss_weight", ParamType.FLOAT, 1.0)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Loss create(Args args) {
            return new Loss(args.typeName(), args.getDouble("loss_weight"));
        }
    }

    @Register(registry = RegistryNames.HEADS, name = "ToyRetinaHead")
    public static final class HeadFactory implements ComponentFactory<Head> {
        private static final Schema SCHEMA = Schema.builder()
                .required("num_classes", ParamType.INT)
                .optional("in_channels", ParamType.INT, 256)
                .component("loss_cls", Registries.LOSSES)
                .optionalComponent("loss_bbox", Registries.LOSSES, Map.of("type", "ToyL1Loss"))
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Head create(Args args) {
            return new Head(args.getInt("num_classes"), args.getInt("in_channels"),
                    args.getComponent("loss_cls", Loss.class), args.getComponent("loss_bbox", Loss.class));
        }
    }

    @Register(registry = RegistryNames.DETECTORS, name = "ToyRetinaNet")
    public static final class DetectorFactory implements ComponentFactory<Detector> {
        private static final Schema SCHEMA = Schema.builder()
                .component("backbone", Registries.BACKBONES)
                .optionalComponent("neck", Registries.NECKS, null)
                .component("bbox_head", Registries.HEADS)
                .nullable("train_cfg", ParamType.DICT)
                .nullable("test_cfg", ParamType.DICT)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Detector create(Args args) {
            return new Detector(args.getComponent("backbone", Backbone.class), args.getComponent("neck", Neck.class),
                    args.getComponent("bbox_head", Head.class), args.getDict("train_cfg"), args.getDict("test_cfg"));
        }
    }

    /** Listed only by the discovery test's own class loader: it lacks {@link Register}. */
    public static final class Unannotated implements ComponentFactory<Object> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Object create(Args args) {
            return new Object();
        }
    }
}
