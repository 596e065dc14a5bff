package org.mmdet4j.runner.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.Hook;
import org.mmdet4j.runner.Priority;
import org.mmdet4j.runner.Runner;

/**
 * mmcv's {@code register_training_hooks}: builds the standard hooks from a config's
 * {@code lr_config}, {@code optimizer_config}, {@code checkpoint_config}, {@code log_config} and
 * {@code custom_hooks} and registers them at mmdetection's priorities, plus the non-finite-loss
 * guard first of all. An iteration-based runner makes {@code by_epoch} default to false, as mmcv's
 * {@code IterBasedRunner} does. Evaluation is added separately ({@link EvalHook} needs the
 * validation data).
 */
public final class TrainingHooks {
    private TrainingHooks() {
    }

    public static void register(Runner runner, Config cfg) {
        Map<String, Object> byEpoch = Map.of("by_epoch", runner.byEpoch());
        runner.registerHook(new NonFiniteLossHook(), Priority.HIGHEST);
        if (cfg.has("lr_config") && cfg.at("lr_config") != null) {
            runner.registerHook(lrHook(cfg.getDict("lr_config"), byEpoch), Priority.VERY_HIGH);
        }
        if (cfg.has("momentum_config") && cfg.at("momentum_config") != null) {
            throw ConfigException.atPath("momentum_config", "momentum schedules are not supported yet; remove it");
        }
        ConfigDict opt = cfg.has("optimizer_config") && cfg.at("optimizer_config") != null
                ? cfg.getDict("optimizer_config") : ConfigDict.empty();
        runner.registerHook(build(withFp16(opt, cfg), Map.of("type", "OptimizerHook"), "optimizer_config"),
                Priority.ABOVE_NORMAL);
        if (cfg.has("checkpoint_config") && cfg.at("checkpoint_config") != null) {
            Map<String, Object> defaults = new LinkedHashMap<>(byEpoch);
            defaults.put("type", "CheckpointHook");
            runner.registerHook(build(cfg.getDict("checkpoint_config"), defaults, "checkpoint_config"), Priority.NORMAL);
        }
        runner.registerHook(new IterTimerHook(), Priority.LOW);
        if (cfg.has("log_config") && cfg.at("log_config") != null) {
            ConfigDict log = cfg.getDict("log_config");
            Map<String, Object> defaults = new LinkedHashMap<>(byEpoch);
            defaults.put("interval", log.getInt("interval", 10));
            List<Object> loggers = log.getList("hooks");
            for (int i = 0; i < loggers.size(); i++) {
                runner.registerHook(build(loggers.get(i), defaults, "log_config.hooks." + i), Priority.VERY_LOW);
            }
        }
        if (cfg.has("custom_hooks") && cfg.at("custom_hooks") != null) {
            List<Object> custom = cfg.getList("custom_hooks");
            for (int i = 0; i < custom.size(); i++) {
                if (!(custom.get(i) instanceof ConfigDict h)) {
                    throw ConfigException.atPath("custom_hooks." + i, "must be a dict with a 'type' (like "
                            + "{type: MemoryProfilerHook, interval: 50}), got " + custom.get(i));
                }
                int priority = h.containsKey("priority") ? Priority.parse(h.get("priority")) : Priority.NORMAL;
                runner.registerHook(build(h.without("priority"), null, "custom_hooks." + i), priority);
            }
        }
    }

    /** {@code lr_config=dict(policy='step', ...)} → {@code StepLrUpdaterHook}, mmcv's naming rule. */
    static Hook lrHook(ConfigDict lr, Map<String, Object> defaults) {
        String policy = lr.getString("policy");
        if (policy.equals(policy.toLowerCase(Locale.ROOT))) {
            policy = Character.toUpperCase(policy.charAt(0)) + policy.substring(1);
        }
        String type = policy + "LrUpdaterHook";
        if (!Registries.HOOKS.contains(type)) {
            throw ConfigException.atPath("lr_config.policy", "unknown LR policy '" + lr.getString("policy")
                    + "' (no hook " + type + "); policies: fixed, step, exp, poly, inv, cosine, CosineAnnealing");
        }
        return build(lr.without("policy").with("type", type), defaults, "lr_config");
    }

    /**
     * mmdetection's {@code Fp16OptimizerHook(**optimizer_config, **fp16)}: with an {@code fp16}
     * dict, its keys join {@code optimizer_config} (a key in both is an error, as the duplicate
     * keyword is in Python) and the hook is the Fp16OptimizerHook.
     */
    static ConfigDict withFp16(ConfigDict opt, Config cfg) {
        if (!cfg.has("fp16") || cfg.at("fp16") == null) {
            return opt;
        }
        if (!(cfg.at("fp16") instanceof ConfigDict fp16)) {
            throw ConfigException.atPath("fp16", "must be a dict such as dict(loss_scale='dynamic'), got " + cfg.at("fp16"));
        }
        Object type = opt.get("type");
        if (type != null && !type.equals("Fp16OptimizerHook")) {
            throw ConfigException.atPath("optimizer_config.type",
                    "with fp16 set, the optimizer hook is Fp16OptimizerHook, got '" + type + "'");
        }
        ConfigDict merged = opt.with("type", "Fp16OptimizerHook");
        for (Map.Entry<String, Object> e : fp16.entrySet()) {
            if (opt.containsKey(e.getKey())) {
                throw ConfigException.atPath("fp16." + e.getKey(), "also given in optimizer_config; give it once");
            }
            merged = merged.with(e.getKey(), e.getValue());
        }
        return merged;
    }

    private static Hook build(Object cfg, Map<String, ?> defaults, String path) {
        return Registries.HOOKS.build(cfg, defaults, path, Hook.class);
    }
}
