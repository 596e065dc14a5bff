package org.mmdet4j.runner.hooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.Hook;

/**
 * HOOKS registry entries under mmcv's names and keys (defaults are mmcv's). LR policies are
 * registered as {@code <Policy>LrUpdaterHook}, the name mmcv derives from
 * {@code lr_config.policy} ({@code 'step'} → {@code StepLrUpdaterHook}); see {@link TrainingHooks}.
 */
public final class HookFactories {
    private HookFactories() {
    }

    /** Keys every LR updater accepts. */
    private static Schema.Builder lr() {
        return Schema.builder()
                .optional("by_epoch", ParamType.BOOL, true)
                .choice("warmup", null, "constant", "linear", "exp")
                .optional("warmup_iters", ParamType.INT, 0)
                .optional("warmup_ratio", ParamType.FLOAT, 0.1)
                .optional("warmup_by_epoch", ParamType.BOOL, false);
    }

    private static Hook lrHook(Args a, LrPolicy policy) {
        return new LrUpdaterHook(policy, a.getBool("by_epoch"), Warmup.parse((String) a.get("warmup")),
                a.getInt("warmup_iters"), a.getDouble("warmup_ratio"), a.getBool("warmup_by_epoch"));
    }

    private static Double nullableDouble(Args a, String key) {
        return a.isNull(key) ? null : a.getDouble(key);
    }

    @Register(registry = RegistryNames.HOOKS, name = "FixedLrUpdaterHook")
    public static final class FixedLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr().build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return lrHook(a, LrPolicy.fixed());
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "StepLrUpdaterHook")
    public static final class StepLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr()
                .required("step", ParamType.ANY)
                .optional("gamma", ParamType.FLOAT, 0.1)
                .nullable("min_lr", ParamType.FLOAT)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            Object step = a.get("step");
            List<Integer> steps;
            if (step instanceof Integer i) {
                steps = new LrPolicy.Interval(i);
            } else if (step instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Integer.class::isInstance)) {
                steps = new ArrayList<>();
                l.forEach(s -> steps.add((Integer) s));
            } else {
                throw new IllegalArgumentException(a.pathOf("step") + " must be an int or a non-empty list of ints, got "
                        + step);
            }
            return lrHook(a, LrPolicy.step(steps, a.getDouble("gamma"), nullableDouble(a, "min_lr")));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "ExpLrUpdaterHook")
    public static final class ExpLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr().required("gamma", ParamType.FLOAT).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return lrHook(a, LrPolicy.exp(a.getDouble("gamma")));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "PolyLrUpdaterHook")
    public static final class PolyLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr()
                .optional("power", ParamType.FLOAT, 1.0)
                .optional("min_lr", ParamType.FLOAT, 0.0)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return lrHook(a, LrPolicy.poly(a.getDouble("power"), a.getDouble("min_lr")));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "InvLrUpdaterHook")
    public static final class InvLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr()
                .required("gamma", ParamType.FLOAT)
                .optional("power", ParamType.FLOAT, 1.0)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return lrHook(a, LrPolicy.inv(a.getDouble("gamma"), a.getDouble("power")));
        }
    }

    /** The seed's and mmcv 0.x's {@code policy='cosine'} with {@code target_lr}. */
    @Register(registry = RegistryNames.HOOKS, name = "CosineLrUpdaterHook")
    public static final class CosineLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr().optional("target_lr", ParamType.FLOAT, 0.0).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return lrHook(a, LrPolicy.cosine(a.getDouble("target_lr"), null));
        }
    }

    /** mmcv 1.x's {@code policy='CosineAnnealing'}: exactly one of {@code min_lr}, {@code min_lr_ratio}. */
    @Register(registry = RegistryNames.HOOKS, name = "CosineAnnealingLrUpdaterHook")
    public static final class CosineAnnealingLr implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = lr()
                .nullable("min_lr", ParamType.FLOAT)
                .nullable("min_lr_ratio", ParamType.FLOAT)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            if (a.isNull("min_lr") == a.isNull("min_lr_ratio")) {
                throw new IllegalArgumentException(a.path() + ": give exactly one of min_lr and min_lr_ratio");
            }
            return lrHook(a, LrPolicy.cosine(a.isNull("min_lr") ? 0 : a.getDouble("min_lr"),
                    nullableDouble(a, "min_lr_ratio")));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "OptimizerHook")
    public static final class Optimizer implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = Schema.builder().nullable("grad_clip", ParamType.DICT).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return new OptimizerHook(gradClip(a));
        }
    }

    /** {@code grad_clip} of an optimizer hook; null for None. */
    private static GradClip gradClip(Args a) {
        ConfigDict clip = a.getDict("grad_clip");
        if (clip == null) {
            return null;
        }
        for (String k : clip.keySet()) {
            if (!k.equals("max_norm") && !k.equals("norm_type")) {
                throw new IllegalArgumentException(a.pathOf("grad_clip") + "." + k
                        + ": unknown key; grad_clip accepts max_norm and norm_type");
            }
        }
        return new GradClip(clip.getDouble("max_norm"), clip.getDouble("norm_type", 2));
    }

    /**
     * mmcv's Fp16OptimizerHook: the optimizer hook mmdetection builds from
     * {@code optimizer_config} and {@code fp16} together. {@code coalesce}, {@code bucket_size_mb}
     * and {@code distributed} concern gradient all-reduce across processes, which a single-process
     * run does not do; they are accepted so that mmdetection's configs load. {@code dtype} is
     * mmdet4j's: bfloat16 runs where float16 autocast does not (CPUs).
     */
    @Register(registry = RegistryNames.HOOKS, name = "Fp16OptimizerHook")
    public static final class Fp16Optimizer implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = Schema.builder()
                .nullable("grad_clip", ParamType.DICT)
                .optional("loss_scale", ParamType.ANY, 512.0)
                .choice("dtype", "float16", "float16", "bfloat16")
                .optional("coalesce", ParamType.BOOL, true)
                .optional("bucket_size_mb", ParamType.INT, -1)
                .optional("distributed", ParamType.BOOL, true)
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            Object scale = a.get("loss_scale");
            boolean valid = scale instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())
                    || "dynamic".equals(scale) || scale instanceof Map<?, ?>;
            if (!valid) {
                throw new IllegalArgumentException(a.pathOf("loss_scale")
                        + ": must be a positive number, 'dynamic' or a dict of GradScaler's arguments, got " + scale);
            }
            return new Fp16OptimizerHook(gradClip(a), scale, a.getString("dtype"));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "CheckpointHook")
    public static final class Checkpoint implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = Schema.builder()
                .optional("interval", ParamType.INT, -1)
                .optional("by_epoch", ParamType.BOOL, true)
                .optional("save_optimizer", ParamType.BOOL, true)
                .optional("max_keep_ckpts", ParamType.INT, -1)
                .optional("save_last", ParamType.BOOL, true)
                .choice("on_save_error", "stop", "stop", "warn")
                .build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return new CheckpointHook(a.getInt("interval"), a.getBool("by_epoch"), a.getBool("save_optimizer"),
                    a.getInt("max_keep_ckpts"), a.getBool("save_last"), "warn".equals(a.get("on_save_error")));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "IterTimerHook")
    public static final class IterTimer implements ComponentFactory<Hook> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Hook create(Args a) {
            return new IterTimerHook();
        }
    }

    private static Schema.Builder logger() {
        return Schema.builder()
                .optional("interval", ParamType.INT, 10)
                .optional("ignore_last", ParamType.BOOL, true)
                .optional("reset_flag", ParamType.BOOL, false)
                .optional("by_epoch", ParamType.BOOL, true);
    }

    @Register(registry = RegistryNames.HOOKS, name = "TextLoggerHook")
    public static final class TextLogger implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = logger().optional("interval_exp_name", ParamType.INT, 1000).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return new TextLoggerHook(a.getInt("interval"), a.getBool("ignore_last"), a.getBool("by_epoch"));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "TensorboardLoggerHook")
    public static final class Tensorboard implements ComponentFactory<Hook> {
        private static final Schema SCHEMA = logger().nullable("log_dir", ParamType.STR).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public Hook create(Args a) {
            return new TensorboardLoggerHook(a.getInt("interval"), a.getBool("ignore_last"), a.getBool("by_epoch"),
                    a.getString("log_dir"));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "NonFiniteLossHook")
    public static final class NonFiniteLoss implements ComponentFactory<Hook> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Hook create(Args a) {
            return new NonFiniteLossHook();
        }
    }

    /** The keys of a hook that acts every {@code interval} iterations (mmdetection's default 50). */
    private static final Schema EVERY_INTERVAL = Schema.builder().optional("interval", ParamType.INT, 50).build();

    @Register(registry = RegistryNames.HOOKS, name = "CheckInvalidLossHook")
    public static final class CheckInvalidLoss implements ComponentFactory<Hook> {
        @Override
        public Schema schema() {
            return EVERY_INTERVAL;
        }

        @Override
        public Hook create(Args a) {
            return new CheckInvalidLossHook(a.getInt("interval"));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "MemoryProfilerHook")
    public static final class MemoryProfiler implements ComponentFactory<Hook> {
        @Override
        public Schema schema() {
            return EVERY_INTERVAL;
        }

        @Override
        public Hook create(Args a) {
            return new MemoryProfilerHook(a.getInt("interval"));
        }
    }

    @Register(registry = RegistryNames.HOOKS, name = "NumClassCheckHook")
    public static final class NumClassCheck implements ComponentFactory<Hook> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Hook create(Args a) {
            return new NumClassCheckHook();
        }
    }
}
