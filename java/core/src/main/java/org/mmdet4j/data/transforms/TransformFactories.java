package org.mmdet4j.data.transforms;

import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.image.ColorType;
import org.mmdet4j.data.sample.FlipDirection;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * Registry entries of the data transforms, under mmdetection's names and keys: each maps a
 * config dict onto a transform's typed constructor. Defaults are mmdetection v2's.
 */
public final class TransformFactories {
    private TransformFactories() {
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "LoadImageFromFile")
    public static final class LoadImage implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("to_float32", ParamType.BOOL, false)
                .choice("color_type", "color", "color", "grayscale", "unchanged")
                .optional("file_client_args", ParamType.DICT, java.util.Map.of("backend", "disk"))
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            Object backend = a.getDict("file_client_args").get("backend");
            if (!"disk".equals(backend)) {
                throw new IllegalArgumentException("file_client_args backend '" + backend + "' is not supported; use 'disk'");
            }
            return new LoadImageFromFile(a.getBool("to_float32"), ColorType.parse(a.getString("color_type")));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "LoadAnnotations")
    public static final class LoadAnns implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("with_bbox", ParamType.BOOL, true)
                .optional("with_label", ParamType.BOOL, true)
                .optional("with_mask", ParamType.BOOL, false)
                .optional("with_seg", ParamType.BOOL, false)
                .optional("poly2mask", ParamType.BOOL, true)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            if (a.getBool("with_seg")) {
                throw new IllegalArgumentException("with_seg (semantic segmentation maps) is not supported");
            }
            return new LoadAnnotations(a.getBool("with_bbox"), a.getBool("with_label"), a.getBool("with_mask"),
                    a.getBool("poly2mask"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "Resize")
    public static final class ResizeFactory implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .nullable("img_scale", ParamType.ANY)
                .choice("multiscale_mode", "range", "range", "value")
                .nullable("ratio_range", ParamType.FLOAT_LIST)
                .optional("keep_ratio", ParamType.BOOL, true)
                .optional("bbox_clip_border", ParamType.BOOL, true)
                .choice("backend", "cv2", "cv2")
                .optional("override", ParamType.BOOL, false)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<Double> rr = a.getDoubleList("ratio_range");
            return new Resize(CfgValues.scales(a.get("img_scale"), "img_scale"),
                    "value".equals(a.get("multiscale_mode")) ? Resize.MultiscaleMode.VALUE : Resize.MultiscaleMode.RANGE,
                    rr == null ? null : new double[] {rr.get(0), rr.get(1)}, a.getBool("keep_ratio"),
                    a.getBool("bbox_clip_border"), a.getBool("override"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "RandomFlip")
    public static final class Flip implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .nullable("flip_ratio", ParamType.ANY)
                .optional("direction", ParamType.ANY, "horizontal")
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<FlipDirection> dirs = new ArrayList<>();
            for (String d : CfgValues.strings(a.get("direction"), "direction")) {
                dirs.add(FlipDirection.parse(d));
            }
            Object r = a.get("flip_ratio");
            return new RandomFlip(r == null ? null : CfgValues.numbers(r, "flip_ratio"), dirs);
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "Normalize")
    public static final class NormalizeFactory implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .required("mean", ParamType.FLOAT_LIST)
                .required("std", ParamType.FLOAT_LIST)
                .optional("to_rgb", ParamType.BOOL, true)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            return new Normalize(CfgValues.floats(a.getDoubleList("mean")), CfgValues.floats(a.getDoubleList("std")),
                    a.getBool("to_rgb"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "Pad")
    public static final class PadFactory implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .nullable("size", ParamType.INT_LIST)
                .nullable("size_divisor", ParamType.INT)
                .optional("pad_to_square", ParamType.BOOL, false)
                .optional("pad_val", ParamType.ANY, java.util.Map.of("img", 0, "masks", 0, "seg", 255))
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<Integer> size = a.getIntList("size");
            Object pv = a.get("pad_val");
            double padVal = pv instanceof java.util.Map<?, ?> m ? CfgValues.number(m.containsKey("img") ? m.get("img") : 0,
                    "pad_val.img") : CfgValues.number(pv, "pad_val");
            return new Pad(size == null ? null : new int[] {size.get(0), size.get(1)},
                    a.isNull("size_divisor") ? null : a.getInt("size_divisor"), a.getBool("pad_to_square"),
                    (float) padVal);
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "PhotoMetricDistortion")
    public static final class Photo implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("brightness_delta", ParamType.FLOAT, 32)
                .optional("contrast_range", ParamType.FLOAT_LIST, List.of(0.5, 1.5))
                .optional("saturation_range", ParamType.FLOAT_LIST, List.of(0.5, 1.5))
                .optional("hue_delta", ParamType.FLOAT, 18)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<Double> c = a.getDoubleList("contrast_range");
            List<Double> s = a.getDoubleList("saturation_range");
            return new PhotoMetricDistortion((float) a.getDouble("brightness_delta"), new double[] {c.get(0), c.get(1)},
                    new double[] {s.get(0), s.get(1)}, (float) a.getDouble("hue_delta"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "Expand")
    public static final class ExpandFactory implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("mean", ParamType.FLOAT_LIST, List.of(0, 0, 0))
                .optional("to_rgb", ParamType.BOOL, true)
                .optional("ratio_range", ParamType.FLOAT_LIST, List.of(1, 4))
                .nullable("seg_ignore_label", ParamType.INT)
                .optional("prob", ParamType.FLOAT, 0.5)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<Double> r = a.getDoubleList("ratio_range");
            return new Expand(CfgValues.floats(a.getDoubleList("mean")), a.getBool("to_rgb"),
                    new double[] {r.get(0), r.get(1)}, a.getDouble("prob"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "MinIoURandomCrop")
    public static final class MinIou implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("min_ious", ParamType.FLOAT_LIST, List.of(0.1, 0.3, 0.5, 0.7, 0.9))
                .optional("min_crop_size", ParamType.FLOAT, 0.3)
                .optional("bbox_clip_border", ParamType.BOOL, true)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            return new MinIoURandomCrop(a.getDoubleList("min_ious").stream().mapToDouble(Double::doubleValue).toArray(),
                    a.getDouble("min_crop_size"), a.getBool("bbox_clip_border"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "RandomSquareCrop")
    public static final class SquareCrop implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("crop_choice", ParamType.FLOAT_LIST, List.of(0.3, 0.45, 0.6, 0.8, 1.0))
                .optional("max_trials", ParamType.INT, 250)
                .optional("pad_val", ParamType.FLOAT_LIST, List.of(104, 117, 123))
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            return new RandomSquareCrop(a.getDoubleList("crop_choice").stream().mapToDouble(Double::doubleValue).toArray(),
                    a.getInt("max_trials"), CfgValues.floats(a.getDoubleList("pad_val")));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "RandomCrop")
    public static final class Crop implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .required("crop_size", ParamType.FLOAT_LIST)
                .choice("crop_type", "absolute", "absolute", "absolute_range", "relative", "relative_range")
                .optional("allow_negative_crop", ParamType.BOOL, false)
                .optional("recompute_bbox", ParamType.BOOL, false)
                .optional("bbox_clip_border", ParamType.BOOL, true)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            List<Double> c = a.getDoubleList("crop_size");
            if (c.size() != 2) {
                throw new IllegalArgumentException("crop_size must be (h, w), got " + c);
            }
            return new RandomCrop(new double[] {c.get(0), c.get(1)}, RandomCrop.CropType.parse(a.getString("crop_type")),
                    a.getBool("allow_negative_crop"), a.getBool("recompute_bbox"), a.getBool("bbox_clip_border"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "DefaultFormatBundle")
    public static final class Bundle implements ComponentFactory<Transform> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Transform create(Args a) {
            return new DefaultFormatBundle();
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "ImageToTensor")
    public static final class ToTensor implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder().required("keys", ParamType.STR_LIST).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            return new ImageToTensor(a.getStringList("keys"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "Collect")
    public static final class CollectFactory implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .required("keys", ParamType.STR_LIST)
                .optional("meta_keys", ParamType.STR_LIST, Collect.DEFAULT_META_KEYS)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            return new Collect(a.getStringList("keys"), a.getStringList("meta_keys"));
        }
    }

    @Register(registry = RegistryNames.TRANSFORMS, name = "MultiScaleFlipAug")
    public static final class FlipAug implements ComponentFactory<Transform> {
        private static final Schema SCHEMA = Schema.builder()
                .nullable("img_scale", ParamType.ANY)
                .nullable("scale_factor", ParamType.ANY)
                .optional("flip", ParamType.BOOL, false)
                .optional("flip_direction", ParamType.STR, "horizontal")
                .componentList("transforms", Registries.TRANSFORMS)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Transform create(Args a) {
            if (!a.isNull("scale_factor")) {
                throw new IllegalArgumentException("MultiScaleFlipAug scale_factor is not supported; give img_scale");
            }
            return new MultiScaleFlipAug(CfgValues.scales(a.get("img_scale"), "img_scale"), a.getBool("flip"),
                    FlipDirection.parse(a.getString("flip_direction")),
                    a.getComponentList("transforms", Transform.class));
        }
    }
}
