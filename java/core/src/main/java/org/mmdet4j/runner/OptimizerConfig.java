package org.mmdet4j.runner;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigValues;
import org.mmdet4j.config.DidYouMean;

/**
 * The config's {@code optimizer} dict, checked: mmdetection v2's keys for SGD
 * ({@code lr, momentum, weight_decay, nesterov}) and, through {@code paramwise_cfg}, the
 * per-group multipliers ({@code bias_lr_mult, bias_decay_mult, norm_decay_mult}).
 *
 * @param type          optimizer name as the config spells it ({@code "SGD"})
 * @param lr            the base learning rate
 * @param momentum      SGD momentum
 * @param weightDecay   L2 weight decay
 * @param nesterov      Nesterov momentum
 * @param biasLrMult    learning-rate multiplier of biases (paramwise_cfg; 1 when absent)
 * @param biasDecayMult weight-decay multiplier of biases
 * @param normDecayMult weight-decay multiplier of normalization layers' weights and biases
 */
public record OptimizerConfig(String type, double lr, double momentum, double weightDecay, boolean nesterov,
                              double biasLrMult, double biasDecayMult, double normDecayMult) {
    private static final Set<String> KEYS = Set.of("type", "lr", "momentum", "weight_decay", "nesterov",
            "paramwise_cfg");
    private static final Set<String> PARAMWISE_KEYS = Set.of("bias_lr_mult", "bias_decay_mult", "norm_decay_mult");
    /** What the training step implements; other optimizers are an error, not a silent SGD. */
    public static final List<String> SUPPORTED = List.of("SGD");

    public OptimizerConfig {
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("optimizer type '" + type + "' is not supported; supported: " + SUPPORTED);
        }
        // lr=0 is valid, as in torch.optim.SGD: it shows the losses of a model without changing it.
        if (!(lr >= 0) || Double.isInfinite(lr) || momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("optimizer needs lr >= 0, momentum >= 0, weight_decay >= 0; got lr=" + lr
                    + ", momentum=" + momentum + ", weight_decay=" + weightDecay);
        }
    }

    /** Plain SGD with momentum and weight decay, no per-group multipliers. */
    public static OptimizerConfig sgd(double lr, double momentum, double weightDecay) {
        return new OptimizerConfig("SGD", lr, momentum, weightDecay, false, 1, 1, 1);
    }

    /** Reads and checks {@code cfg} (the {@code optimizer} dict); errors name the config path. */
    public static OptimizerConfig fromConfig(ConfigDict cfg) {
        String path = cfg.location().isEmpty() ? "optimizer" : cfg.location();
        checkKeys(cfg, KEYS, path);
        ConfigDict pw = cfg.getDictOrEmpty("paramwise_cfg");
        checkKeys(pw, PARAMWISE_KEYS, ConfigValues.join(path, "paramwise_cfg"));
        try {
            return new OptimizerConfig(cfg.getString("type", "SGD"), cfg.getDouble("lr"), cfg.getDouble("momentum", 0),
                    cfg.getDouble("weight_decay", 0), cfg.getBool("nesterov", false),
                    pw.getDouble("bias_lr_mult", 1), pw.getDouble("bias_decay_mult", 1),
                    pw.getDouble("norm_decay_mult", 1));
        } catch (IllegalArgumentException e) {
            throw ConfigException.atPath(path, e.getMessage());
        }
    }

    private static void checkKeys(Map<String, Object> cfg, Set<String> allowed, String path) {
        for (String key : cfg.keySet()) {
            if (!allowed.contains(key)) {
                String hint = DidYouMean.hint(key, allowed);
                throw ConfigException.atPath(ConfigValues.join(path, key), "unknown key" + (hint.isEmpty()
                        ? "; accepted: " + String.join(", ", allowed.stream().sorted().toList()) : hint));
            }
        }
    }
}
