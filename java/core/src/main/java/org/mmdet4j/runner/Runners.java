package org.mmdet4j.runner;

import java.nio.file.Path;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;

/**
 * Builds the runner a config asks for: {@code runner=dict(type='EpochBasedRunner', max_epochs=12)}
 * or {@code dict(type='IterBasedRunner', max_iters=90000)}; mmdetection v1's
 * {@code total_epochs=12} is accepted when there is no {@code runner} key.
 */
public final class Runners {
    private Runners() {
    }

    public static Runner build(Config cfg, TrainableModel model, Path workDir) {
        if (!cfg.has("runner") || cfg.at("runner") == null) {
            if (cfg.has("total_epochs")) {
                return new EpochBasedRunner(model, workDir, cfg.getInt("total_epochs"));
            }
            throw ConfigException.atPath("runner", "missing; e.g. runner=dict(type='EpochBasedRunner', max_epochs=12)");
        }
        ConfigDict r = cfg.getDict("runner");
        String type = r.getString("type", "EpochBasedRunner");
        for (String key : r.keySet()) {
            if (!key.equals("type") && !key.equals("max_epochs") && !key.equals("max_iters")) {
                throw ConfigException.atPath("runner." + key, "unknown key; runner accepts type, max_epochs, max_iters");
            }
        }
        return switch (type) {
            case "EpochBasedRunner" -> new EpochBasedRunner(model, workDir, r.getInt("max_epochs"));
            case "IterBasedRunner" -> new IterBasedRunner(model, workDir, r.getInt("max_iters"));
            default -> throw ConfigException.atPath("runner.type", "unknown runner '" + type
                    + "'; use EpochBasedRunner or IterBasedRunner");
        };
    }
}
